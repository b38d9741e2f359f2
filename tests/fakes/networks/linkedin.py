"""A LinkedIn stand-in (https://learn.microsoft.com/en-us/linkedin/): OAuth 2.0 authorization code
(client credentials in the form; 60-day access tokens, 365-day refresh tokens), OpenID userinfo,
organizationAcls/organizations, the Images API (initializeUpload → PUT), the Videos API
(initializeUpload → PUT parts with ETags → finalizeUpload), the Posts API (LinkedIn-Version and
X-Restli-Protocol-Version required, id in x-restli-id, duplicates refused with 422), socialActions,
memberCreatorPostAnalytics (403 without r_member_postAnalytics) and
organizationalEntityShareStatistics. Errors ``{"status", "serviceErrorCode", "code", "message"}``."""

import secrets
import time
from typing import Any
from urllib.parse import unquote

from tests.fakes.networks.server import Answer, FakeNetwork, OAuthServer, Request

MEMBER = {"sub": "782bbtaQ", "name": "Alice Martin", "given_name": "Alice", "family_name": "Martin"}
ORGANIZATION = {"id": 5515715, "localizedName": "Acme Corp", "vanityName": "acme"}


def error(status: int, code: str, message: str, service_code: int = 100) -> Answer:
    return status, {"status": status, "serviceErrorCode": service_code, "code": code, "message": message}, {}


class FakeLinkedIn(FakeNetwork):
    name = "linkedin"

    def __init__(self) -> None:
        super().__init__()
        self.oauth = OAuthServer(
            access_lifetime=5184000,
            refresh_lifetime=31536000,
            client_auth="client_secret_post",
            approve_as=MEMBER["sub"],
        )
        self.scopes: dict[str, set[str]] = {}  # access token → scopes
        self.uploads: dict[str, dict[str, Any]] = {}  # upload token → {urn, owner, parts}
        self.assets: dict[str, dict[str, Any]] = {}  # image/video URN → {owner, content, status}
        self.posts: dict[str, dict[str, Any]] = {}
        for method, pattern, handler in [
            ("GET", r"/oauth/v2/authorization", self.oauth.authorize),
            ("POST", r"/oauth/v2/accessToken", lambda r: self.oauth.token(r, self.issue_token)),
            ("GET", r"/v2/userinfo", self._userinfo),
            ("GET", r"/rest/organizationAcls", self._acls),
            ("GET", r"/rest/organizations/(?P<id>\d+)", self._organization),
            ("POST", r"/rest/images", self._image_init),
            ("POST", r"/rest/videos", self._video_action),
            ("PUT", r"/dms-uploads/(?P<token>[\w-]+)(?:/(?P<part>\d+))?", self._upload_put),
            ("POST", r"/rest/posts", self._post_create),
            ("GET", r"/rest/posts/(?P<urn>[^/]+)", self._post_read),
            ("GET", r"/rest/socialActions/(?P<urn>[^/]+)", self._social_actions),
            ("GET", r"/rest/memberCreatorPostAnalytics", self._member_analytics),
            ("GET", r"/rest/organizationalEntityShareStatistics", self._org_statistics),
        ]:
            self.route(method, pattern, handler)

    def issue_token(self, account: str = MEMBER["sub"], scopes: tuple[str, ...] = ("w_member_social",)) -> str:
        token = secrets.token_urlsafe(32)
        with self.lock:
            self.tokens[token] = account
            self.scopes[token] = set(scopes)
        return token

    def age(self, urn: str, seconds: float) -> None:
        """Make a post older (for the duplicate window)."""
        self.posts[urn]["created_ms"] -= int(seconds * 1000)

    def set_counts(self, urn: str, **counts: int) -> None:
        self.posts[urn]["counts"].update(counts)

    # -- error shapes (https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling)
    def rate_limited(self, reset_in: int) -> Answer:
        status, body, _ = error(429, "TOO_MANY_REQUESTS", "Resource level throttle APPLICATION DAY limit reached")
        return status, body, {"Retry-After": str(reset_in)}

    def refused(self, reason: str, status: int) -> Answer:
        return error(status, "UNPROCESSABLE_ENTITY" if status == 422 else "BAD_REQUEST", reason)

    def unauthorized(self) -> Answer:
        return error(401, "REVOKED_ACCESS_TOKEN", "The token used in the request has been revoked by the user", 65601)

    def _person(self, request: Request) -> str | None:
        sub = self.account_of(request)
        return f"urn:li:person:{sub}" if sub else None

    def _versioned(self, request: Request) -> Answer | None:
        if not request.headers.get("linkedin-version"):
            return error(
                426,
                "NONEXISTENT_VERSION",
                "A version must be present. Please specify a version by adding the LinkedIn-Version header.",
            )
        if request.headers.get("x-restli-protocol-version") != "2.0.0":
            return error(400, "BAD_REQUEST", "Rest.li protocol 2.0.0 is required")
        return None

    # -- identity
    def _userinfo(self, request: Request) -> Answer:
        if not self._person(request):
            return self.unauthorized()
        picture = f"{self.base_url}/dms/image/{MEMBER['sub']}"
        return 200, {**MEMBER, "picture": picture, "email": "alice@example.com", "email_verified": True}, {}

    def _acls(self, request: Request) -> Answer:
        if not (person := self._person(request)):
            return self.unauthorized()
        if refusal := self._versioned(request):
            return refusal
        element = {"roleAssignee": person, "organization": f"urn:li:organization:{ORGANIZATION['id']}"}
        element |= {"role": "ADMINISTRATOR", "state": "APPROVED"}
        return 200, {"paging": {"count": 10, "start": 0}, "elements": [element]}, {}

    def _organization(self, request: Request) -> Answer:
        if not self._person(request):
            return self.unauthorized()
        if int(request.match["id"]) != ORGANIZATION["id"]:
            return error(404, "NOT_FOUND", "Organization not found")
        return 200, ORGANIZATION, {}

    def _may_act_for(self, person: str, owner: str) -> bool:
        return owner in (person, f"urn:li:organization:{ORGANIZATION['id']}")

    # -- media
    def _new_upload(self, urn: str, owner: str, parts: int = 1) -> dict[str, Any]:
        token = secrets.token_hex(8)
        self.uploads[token] = {"urn": urn, "owner": owner, "parts": {}}
        self.assets[urn] = {"owner": owner, "content": b"", "status": "WAITING_UPLOAD"}
        return {"token": token, "url": f"{self.base_url}/dms-uploads/{token}"}

    def _image_init(self, request: Request) -> Answer:
        if not (person := self._person(request)):
            return self.unauthorized()
        if refusal := self._versioned(request):
            return refusal
        owner = (request.json().get("initializeUploadRequest") or {}).get("owner", "")
        if request.arg("action") != "initializeUpload" or not self._may_act_for(person, owner):
            return error(403, "ACCESS_DENIED", f"Not enough permissions to access: images.initializeUpload for {owner}")
        urn = f"urn:li:image:D4E10AQ{secrets.token_hex(6)}"
        upload = self._new_upload(urn, owner)
        return 200, {"value": {"uploadUrlExpiresAt": 1650567510704, "uploadUrl": upload["url"], "image": urn}}, {}

    def _video_action(self, request: Request) -> Answer:
        if not (person := self._person(request)):
            return self.unauthorized()
        if refusal := self._versioned(request):
            return refusal
        body = request.json()
        if request.arg("action") == "finalizeUpload":
            return self._video_finalize(body.get("finalizeUploadRequest") or {})
        init = body.get("initializeUploadRequest") or {}
        if not self._may_act_for(person, init.get("owner", "")) or not init.get("fileSizeBytes"):
            return error(403, "ACCESS_DENIED", "Not enough permissions to access: videos.initializeUpload")
        urn = f"urn:li:video:C5F10AQ{secrets.token_hex(6)}"
        upload = self._new_upload(urn, init["owner"])
        size, half = int(init["fileSizeBytes"]), max(1, int(init["fileSizeBytes"]) // 2)
        bounds = [(0, half - 1), (half, size - 1)] if size > 1 else [(0, size - 1)]
        instructions = [
            {"uploadUrl": f"{upload['url']}/{i}", "firstByte": a, "lastByte": b} for i, (a, b) in enumerate(bounds)
        ]
        value = {"video": urn, "uploadToken": upload["token"], "uploadInstructions": instructions}
        return 200, {"value": value}, {}

    def _video_finalize(self, final: dict[str, Any]) -> Answer:
        upload = self.uploads.get(final.get("uploadToken", ""))
        if not upload or upload["urn"] != final.get("video"):
            return error(400, "BAD_REQUEST", "Invalid upload token")
        parts = [upload["parts"][i] for i in sorted(upload["parts"])]
        if [etag for etag, _ in parts] != final.get("uploadedPartIds"):
            return error(400, "BAD_REQUEST", "uploadedPartIds do not match the uploaded parts")
        self.assets[upload["urn"]].update(content=b"".join(c for _, c in parts), status="AVAILABLE")
        return 200, {}, {}

    def _upload_put(self, request: Request) -> Answer:
        if not self._person(request):
            return self.unauthorized()
        upload = self.uploads.get(request.match["token"])
        if not upload:
            return error(404, "NOT_FOUND", "Upload URL expired or unknown")
        etag = f'"{secrets.token_hex(8)}"'
        if request.match["part"] is None:
            self.assets[upload["urn"]].update(content=request.body, status="AVAILABLE")
        else:
            upload["parts"][int(request.match["part"])] = (etag, request.body)
        return 201, None, {"ETag": etag}

    # -- posts
    def _post_create(self, request: Request) -> Answer:
        if not (person := self._person(request)):
            return self.unauthorized()
        if refusal := self._versioned(request):
            return refusal
        body = request.json()
        if refusal := self._post_refusal(person, body):
            return refusal
        urn = f"urn:li:share:{7100000000000000000 + len(self.posts) + 1}"
        counts = {"likeCount": 0, "commentCount": 0, "shareCount": 0, "impressionCount": 0}
        self.posts[urn] = {"body": body, "author": body["author"], "counts": counts}
        self.posts[urn]["created_ms"] = int(time.time() * 1000)
        return 201, None, {"x-restli-id": urn, "x-linkedin-id": urn}

    def _post_refusal(self, person: str, body: dict[str, Any]) -> Answer | None:
        if not self._may_act_for(person, body.get("author", "")):
            return error(
                403,
                "ACCESS_DENIED",
                f"Not enough permissions to access: partnerApiPostsExternal.CREATE for {body.get('author')}",
            )
        for field in ("commentary", "visibility", "distribution", "lifecycleState"):
            if field not in body:
                return error(422, "UNPROCESSABLE_ENTITY", f"/{field} :: field is required but not found")
        for urn, post in self.posts.items():
            if post["body"]["commentary"] == body["commentary"] and post["author"] == body["author"]:
                return error(422, "UNPROCESSABLE_ENTITY", f"Content is a duplicate of {urn}")
        content = body.get("content") or {}
        media = [content["media"]] if "media" in content else (content.get("multiImage") or {}).get("images", [])
        for item in media:
            asset = self.assets.get(item.get("id", ""))
            if not asset or asset["status"] != "AVAILABLE":
                return error(422, "UNPROCESSABLE_ENTITY", f"/content/media/id :: {item.get('id')} is not available")
        return None

    def _post_of(self, request: Request, urn: str) -> tuple[dict | None, Answer | None]:
        if not self._person(request):
            return None, self.unauthorized()
        if refusal := self._versioned(request):
            return None, refusal
        post = self.posts.get(urn)
        return (post, None) if post else (None, error(404, "NOT_FOUND", f"{urn} not found"))

    def _post_read(self, request: Request) -> Answer:
        urn = unquote(request.match["urn"])
        post, refusal = self._post_of(request, urn)
        if refusal:
            return refusal
        stamps = {
            "createdAt": post["created_ms"],
            "publishedAt": post["created_ms"],
            "lastModifiedAt": post["created_ms"],
        }
        return 200, {**post["body"], "id": urn, **stamps}, {}

    def _social_actions(self, request: Request) -> Answer:
        urn = unquote(request.match["urn"])
        post, refusal = self._post_of(request, urn)
        if refusal:
            return refusal
        c = post["counts"]
        likes = {"totalLikes": c["likeCount"], "likedByCurrentUser": False, "aggregatedTotalLikes": c["likeCount"]}
        comments = {"totalFirstLevelComments": c["commentCount"], "aggregatedTotalComments": c["commentCount"]}
        return 200, {"target": urn, "likesSummary": likes, "commentsSummary": comments}, {}

    def _member_analytics(self, request: Request) -> Answer:
        entity = request.arg("entity")  # (share:urn%3Ali%3Ashare%3A…)
        urn = unquote(entity[1:-1].split(":", 1)[1]) if entity.startswith("(") else ""
        post, refusal = self._post_of(request, urn)
        if refusal:
            return refusal
        if "r_member_postAnalytics" not in self.scopes.get(request.bearer, set()):
            return error(
                403, "ACCESS_DENIED", "Not enough permissions to access: memberCreatorPostAnalytics.FINDER-entity"
            )
        metric = {"com.linkedin.adsexternalapi.memberanalytics.v1.CreatorPostAnalyticsMetricTypeV1": "IMPRESSION"}
        return 200, {"elements": [{"count": post["counts"]["impressionCount"], "metricType": metric}]}, {}

    def _org_statistics(self, request: Request) -> Answer:
        shares = request.arg("shares") or request.arg("ugcPosts")
        urn = unquote(shares.removeprefix("List(").removesuffix(")"))
        post, refusal = self._post_of(request, urn)
        if refusal:
            return refusal
        if post["author"] != request.arg("organizationalEntity"):
            return error(403, "ACCESS_DENIED", "Not enough permissions to access: organizationalEntityShareStatistics")
        c = post["counts"]
        stats = {**c, "uniqueImpressionsCount": c["impressionCount"], "clickCount": 0, "engagement": 0.0}
        element = {"organizationalEntity": post["author"], "share": urn, "totalShareStatistics": stats}
        return 200, {"paging": {"count": 10, "start": 0}, "elements": [element]}, {}
