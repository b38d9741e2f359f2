"""An X API v2 stand-in (https://docs.x.com/x-api): OAuth 2.0 authorization code with PKCE
(required, S256) and rotating refresh tokens, /2/users/me, the chunked media upload
(initialize/append/finalize/STATUS, video answered as processing once), media metadata (alt
text), /2/tweets (280 characters, duplicate content refused with 403) and tweet lookup with
public and non-public metrics. Errors are RFC 7807 problems; 429 carries x-rate-limit-*."""

import secrets
import time
from typing import Any

from tests.fakes.networks.server import Answer, FakeNetwork, OAuthServer, Request

USER = {"id": "1500000000000000001", "username": "alice", "name": "Alice"}


def problem(status: int, title: str, detail: str, type_: str = "about:blank", **extra: Any) -> dict[str, Any]:
    return {"title": title, "detail": detail, "type": type_, "status": status, **extra}


class FakeX(FakeNetwork):
    name = "x"

    def __init__(self) -> None:
        super().__init__()
        self.oauth = OAuthServer(access_lifetime=7200, client_auth="client_secret_basic", require_pkce=True)
        self.oauth.approve_as = USER["id"]
        self.users = {USER["id"]: dict(USER)}
        self.uploads: dict[str, dict[str, Any]] = {}
        self.tweets: dict[str, dict[str, Any]] = {}
        for method, pattern, handler in [
            ("GET", r"/i/oauth2/authorize", self.oauth.authorize),
            ("POST", r"/2/oauth2/token", lambda r: self.oauth.token(r, self.issue_token)),
            ("POST", r"/2/oauth2/revoke", self._revoke),
            ("GET", r"/2/users/me", self._me),
            ("POST", r"/2/media/upload/initialize", self._initialize),
            ("POST", r"/2/media/upload/(?P<id>\d+)/append", self._append),
            ("POST", r"/2/media/upload/(?P<id>\d+)/finalize", self._finalize),
            ("GET", r"/2/media/upload", self._status),
            ("POST", r"/2/media/metadata", self._metadata),
            ("POST", r"/2/tweets", self._tweet_create),
            ("GET", r"/2/tweets/(?P<id>\d+)", self._tweet_read),
            ("GET", r"/2/users/(?P<id>\d+)/tweets", self._user_tweets),
        ]:
            self.route(method, pattern, handler)

    def issue_token(self, account: str = USER["id"]) -> str:
        token = secrets.token_urlsafe(32)
        with self.lock:
            self.tokens[token] = account
        return token

    def age(self, tweet_id: str, seconds: float) -> None:
        """Make a post older (for the duplicate window)."""
        self.tweets[tweet_id]["created_at"] -= seconds

    def set_metrics(self, tweet_id: str, **counts: int) -> None:
        self.tweets[tweet_id]["metrics"].update(counts)

    # -- error shapes
    def rate_limited(self, reset_in: int) -> Answer:
        headers = {
            "x-rate-limit-limit": "100",
            "x-rate-limit-remaining": "0",
            "x-rate-limit-reset": str(int(time.time()) + reset_in),
        }
        return 429, problem(429, "Too Many Requests", "Too Many Requests"), headers

    def daily_cap_next(self, *, reset_in: int = 86400) -> None:
        """The user's 24-hour posting cap is spent: 429 with x-user-limit-24hour-* (the 15-minute
        window itself still has room)."""
        headers = {
            "x-rate-limit-limit": "100",
            "x-rate-limit-remaining": "99",
            "x-rate-limit-reset": str(int(time.time()) + 900),
            "x-user-limit-24hour-limit": "17",
            "x-user-limit-24hour-remaining": "0",
            "x-user-limit-24hour-reset": str(int(time.time()) + reset_in),
        }
        with self.lock:
            self.queued.append((429, problem(429, "Too Many Requests", "Too Many Requests"), headers))

    def refused(self, reason: str, status: int) -> Answer:
        return status, problem(status, "Forbidden" if status == 403 else "Invalid Request", reason), {}

    def unauthorized(self) -> Answer:
        return 401, problem(401, "Unauthorized", "Unauthorized"), {}

    def _user(self, request: Request) -> dict[str, Any] | None:
        account = self.account_of(request)
        return self.users.get(account) if account else None

    def _revoke(self, request: Request) -> Answer:
        form = request.form()
        self.revoke(form.get("token", ""))
        self.oauth.refresh_tokens.pop(form.get("token", ""), None)
        return 200, {"revoked": True}, {}

    def _me(self, request: Request) -> Answer:
        if not (user := self._user(request)):
            return self.unauthorized()
        image = f"{self.base_url}/profile_images/{user['id']}_normal.jpg"
        return 200, {"data": {**user, "profile_image_url": image}}, {}

    # -- media (https://docs.x.com/x-api/media/quickstart/media-upload-chunked)
    def _initialize(self, request: Request) -> Answer:
        if not (user := self._user(request)):
            return self.unauthorized()
        body = request.json()
        if not body.get("media_type") or not body.get("total_bytes"):
            detail = "One or more parameters to your request was invalid."
            return 400, problem(400, "Invalid Request", detail, errors=[{"message": "media_type is required"}]), {}
        media_id = str(1800000000000000000 + len(self.uploads) + 1)
        self.uploads[media_id] = {
            "owner": user["id"],
            "media_type": body["media_type"],
            "category": body.get("media_category"),
            "total": int(body["total_bytes"]),
            "chunks": {},
            "state": "initialized",
            "alt_text": None,
        }
        return 200, {"data": {"id": media_id, "media_key": f"3_{media_id}", "expires_after_secs": 86400}}, {}

    def _upload_of(self, request: Request) -> tuple[dict | None, Answer | None]:
        if not (user := self._user(request)):
            return None, self.unauthorized()
        upload = self.uploads.get(request.match["id"])
        if not upload or upload["owner"] != user["id"]:
            return None, (400, problem(400, "Invalid Request", "media_id not found"), {})
        return upload, None

    def _append(self, request: Request) -> Answer:
        upload, refusal = self._upload_of(request)
        if refusal:
            return refusal
        fields = request.multipart()
        upload["chunks"][int(fields["segment_index"])] = fields["media"][2]
        return 200, {}, {}

    def _finalize(self, request: Request) -> Answer:
        upload, refusal = self._upload_of(request)
        if refusal:
            return refusal
        size = sum(len(c) for c in upload["chunks"].values())
        if size != upload["total"]:
            return (
                400,
                problem(400, "Invalid Request", f"File size mismatch: got {size}, expected {upload['total']}"),
                {},
            )
        data: dict[str, Any] = {"id": request.match["id"], "media_key": f"3_{request.match['id']}", "size": size}
        if upload["media_type"].startswith("video/"):
            upload["state"] = "in_progress"
            data["processing_info"] = {"state": "pending", "check_after_secs": 0}
        else:
            upload["state"] = "succeeded"
        return 200, {"data": data}, {}

    def _status(self, request: Request) -> Answer:
        request.match = {"id": request.arg("media_id")}  # type: ignore[assignment]
        upload, refusal = self._upload_of(request)
        if refusal:
            return refusal
        if upload["state"] == "in_progress":
            upload["state"] = "succeeded"
            info = {"state": "in_progress", "check_after_secs": 0, "progress_percent": 50}
        else:
            info = {"state": upload["state"], "progress_percent": 100}
        return 200, {"data": {"id": request.arg("media_id"), "processing_info": info}}, {}

    def _metadata(self, request: Request) -> Answer:
        if not self._user(request):
            return self.unauthorized()
        body = request.json()
        upload = self.uploads.get(str(body.get("id")))
        text = ((body.get("metadata") or {}).get("alt_text") or {}).get("text")
        if not upload or text is None or len(text) > 1000:
            return 400, problem(400, "Invalid Request", "Invalid media id or alt_text"), {}
        upload["alt_text"] = text
        return 200, {"data": {"id": body["id"], "associated_metadata": True}}, {}

    # -- posts
    def _tweet_create(self, request: Request) -> Answer:
        if not (user := self._user(request)):
            return self.unauthorized()
        body = request.json()
        text, media_ids = body.get("text", ""), (body.get("media") or {}).get("media_ids") or []
        if refusal := self._tweet_refusal(user, text, media_ids):
            return refusal
        tweet_id = str(1900000000000000000 + len(self.tweets) + 1)
        metrics = {"like_count": 0, "retweet_count": 0, "reply_count": 0, "quote_count": 0, "impression_count": 0}
        self.tweets[tweet_id] = {"id": tweet_id, "text": text, "author": user["id"], "media_ids": media_ids}
        self.tweets[tweet_id]["created_at"] = time.time()
        self.tweets[tweet_id]["metrics"] = metrics
        return 201, {"data": {"id": tweet_id, "text": text, "edit_history_tweet_ids": [tweet_id]}}, {}

    def _tweet_refusal(self, user: dict[str, Any], text: str, media_ids: list[str]) -> Answer | None:
        if len(text) > 280:
            detail = "Your Tweet text is too long. For more information on how X determines text length see ..."
            return 403, problem(403, "Forbidden", detail), {}
        if any(t["text"] == text and t["author"] == user["id"] for t in self.tweets.values()):
            return 403, problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content."), {}
        for media_id in media_ids:
            upload = self.uploads.get(str(media_id))
            if not upload or upload["owner"] != user["id"] or upload["state"] != "succeeded":
                errors = [{"message": f"Your media IDs are invalid: {media_id}"}]
                return 400, problem(400, "Invalid Request", "Invalid media", errors=errors), {}
        return None

    def _tweet_read(self, request: Request) -> Answer:
        if not (user := self._user(request)):
            return self.unauthorized()
        tweet = self.tweets.get(request.match["id"])
        if not tweet:
            error = {"value": request.match["id"], "detail": "Could not find tweet", "title": "Not Found Error"}
            return 200, {"errors": [error]}, {}
        fields = request.arg("tweet.fields").split(",")
        data: dict[str, Any] = {"id": tweet["id"], "text": tweet["text"]}
        metrics = tweet["metrics"]
        if "public_metrics" in fields:
            data["public_metrics"] = {k: v for k, v in metrics.items()}
        if "non_public_metrics" in fields and tweet["author"] == user["id"]:
            data["non_public_metrics"] = {"impression_count": metrics["impression_count"], "url_link_clicks": 0}
        return 200, {"data": data}, {}

    def _user_tweets(self, request: Request) -> Answer:
        """``GET /2/users/:id/tweets``: the newest first, ``max_results`` 5 to 100."""
        if not self._user(request):
            return self.unauthorized()
        count = int(request.arg("max_results", "10"))
        if not 5 <= count <= 100:
            return 400, problem(400, "Invalid Request", "max_results must be between 5 and 100"), {}
        own = [t for t in self.tweets.values() if t["author"] == request.match["id"]]
        own.sort(key=lambda t: t["created_at"], reverse=True)
        fields = request.arg("tweet.fields").split(",")
        data = []
        for tweet in own[:count]:
            item = {"id": tweet["id"], "text": tweet["text"]}
            if "created_at" in fields:
                stamp = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(tweet["created_at"]))
                item["created_at"] = stamp
            data.append(item)
        return 200, {"data": data, "meta": {"result_count": len(data)}}, {}
