"""A Mastodon instance stand-in (https://docs.joinmastodon.org/methods/): app registration,
OAuth 2.0 (PKCE S256, tokens without expiry nor refresh token, as Mastodon issues them),
verify_credentials, v2 media (202 while processing, then GET /api/v1/media/:id 206 → 200),
statuses with Idempotency-Key (the same key within the hour answers the same status) and their
counts. Errors ``{"error": "..."}``; 429 with X-RateLimit-* headers, the reset an ISO 8601 time."""

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.fakes.networks.server import Answer, FakeNetwork, OAuthServer, Request

PROCESSING_POLLS = 1  # GET /api/v1/media/:id answers 206 this many times before 200


class FakeMastodon(FakeNetwork):
    name = "mastodon"

    def __init__(self) -> None:
        super().__init__()
        self.oauth = OAuthServer(access_lifetime=None, issue_refresh=False, client_auth="any", approve_as="109")
        self.accounts: dict[str, dict[str, Any]] = {}
        self.media: dict[str, dict[str, Any]] = {}
        self.statuses: dict[str, dict[str, Any]] = {}
        self.by_key: dict[tuple[str, str], str] = {}
        self.add_account("109", "alice", "Alice")
        for method, pattern, handler in [
            ("POST", r"/api/v1/apps", self._apps),
            ("GET", r"/oauth/authorize", self.oauth.authorize),
            ("POST", r"/oauth/token", self._token),
            ("POST", r"/oauth/revoke", self._revoke),
            ("GET", r"/\.well-known/oauth-authorization-server", self._metadata),
            ("GET", r"/api/v1/accounts/verify_credentials", self._verify),
            ("POST", r"/api/v2/media", self._media_create),
            ("GET", r"/api/v1/media/(?P<id>\d+)", self._media_read),
            ("POST", r"/api/v1/statuses", self._status_create),
            ("GET", r"/api/v1/statuses/(?P<id>\d+)", self._status_read),
        ]:
            self.route(method, pattern, handler)

    # -- test helpers
    def add_account(self, account_id: str, username: str, display_name: str = "") -> None:
        self.accounts[account_id] = {"id": account_id, "username": username, "display_name": display_name}

    def issue_token(self, account_id: str = "109") -> str:
        token = secrets.token_urlsafe(24)
        with self.lock:
            self.tokens[token] = account_id
        return token

    def set_counts(self, status_id: str, *, favourites: int, reblogs: int, replies: int) -> None:
        self.statuses[status_id].update(favourites_count=favourites, reblogs_count=reblogs, replies_count=replies)

    # -- error shapes (https://docs.joinmastodon.org/entities/Error/, /api/rate-limits/)
    def rate_limited(self, reset_in: int) -> Answer:
        reset = (datetime.now(UTC) + timedelta(seconds=reset_in)).isoformat(timespec="milliseconds")
        headers = {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}
        return 429, {"error": "Too many requests"}, headers

    def refused(self, reason: str, status: int) -> Answer:
        return status, {"error": reason}, {}

    def unauthorized(self) -> Answer:
        return 401, {"error": "The access token is invalid"}, {}

    # -- OAuth
    def _apps(self, request: Request) -> Answer:
        form = request.json() if request.headers.get("content-type", "").startswith("application/json") else None
        form = form or request.form()
        uris = form.get("redirect_uris") or []
        uris = uris if isinstance(uris, list) else str(uris).split()
        if not form.get("client_name") or not uris:
            return 422, {"error": "Validation failed: Name can't be blank, Redirect URI can't be blank"}, {}
        client = self.oauth.add_client(uris, str(form.get("scopes") or "read"))
        body = {
            "id": str(len(self.oauth.clients)),
            "name": form["client_name"],
            "website": form.get("website"),
            "scopes": client.scopes.split(),
            "redirect_uri": "\n".join(uris),
            "redirect_uris": uris,
            "client_id": client.client_id,
            "client_secret": client.client_secret,
            "client_secret_expires_at": 0,
        }
        return 200, body, {}

    def _token(self, request: Request) -> Answer:
        return self.oauth.token(request, self.issue_token)

    def _revoke(self, request: Request) -> Answer:
        self.revoke(request.form().get("token", ""))
        return 200, {}, {}

    def _metadata(self, request: Request) -> Answer:
        base = self.base_url
        return (
            200,
            {
                "issuer": f"{base}/",
                "authorization_endpoint": f"{base}/oauth/authorize",
                "token_endpoint": f"{base}/oauth/token",
                "revocation_endpoint": f"{base}/oauth/revoke",
                "code_challenge_methods_supported": ["S256"],
                "grant_types_supported": ["authorization_code", "client_credentials"],
            },
            {},
        )

    # -- API
    def _account(self, request: Request) -> dict[str, Any] | None:
        account_id = self.account_of(request)
        return self.accounts.get(account_id) if account_id else None

    def _verify(self, request: Request) -> Answer:
        if not (account := self._account(request)):
            return self.unauthorized()
        return (
            200,
            {**account, "acct": account["username"], "avatar": f"{self.base_url}/avatars/{account['id']}.png"},
            {},
        )

    def _media_create(self, request: Request) -> Answer:
        if not (account := self._account(request)):
            return self.unauthorized()
        fields = request.multipart()
        file = fields.get("file")
        if not isinstance(file, tuple) or not file[2]:
            return 422, {"error": "Validation failed: File can't be blank"}, {}
        media_id = str(100000 + len(self.media) + 1)
        kind = "image" if file[1].startswith("image/") else "video"
        self.media[media_id] = {
            "id": media_id,
            "type": kind,
            "description": fields.get("description"),
            "content_type": file[1],
            "size": len(file[2]),
            "owner": account["id"],
            "polls_left": PROCESSING_POLLS,
        }
        # Large files (and every video) are processed asynchronously: 202 and url null.
        return 202, {**self._media_json(media_id), "url": None}, {}

    def _media_json(self, media_id: str) -> dict[str, Any]:
        m = self.media[media_id]
        url = f"{self.base_url}/system/media/{media_id}"
        return {"id": media_id, "type": m["type"], "url": url, "preview_url": url, "description": m["description"]}

    def _media_read(self, request: Request) -> Answer:
        if not (account := self._account(request)):
            return self.unauthorized()
        m = self.media.get(request.match["id"])
        if not m or m["owner"] != account["id"]:
            return 404, {"error": "Record not found"}, {}
        if m["polls_left"] > 0:
            m["polls_left"] -= 1
            return 206, {**self._media_json(m["id"]), "url": None}, {}
        return 200, self._media_json(m["id"]), {}

    def _status_create(self, request: Request) -> Answer:
        if not (account := self._account(request)):
            return self.unauthorized()
        form = request.json()
        key = request.headers.get("idempotency-key", "")
        if key and (account["id"], key) in self.by_key:
            return 200, self._status_json(self.by_key[(account["id"], key)]), {}
        if refusal := self._status_refusal(form, account):
            return refusal
        status_id = str(110000000000000000 + len(self.statuses) + 1)
        self.statuses[status_id] = {
            "id": status_id,
            "content": form.get("status", ""),
            "media_ids": form.get("media_ids") or [],
            "account": account,
            "favourites_count": 0,
            "reblogs_count": 0,
            "replies_count": 0,
            "visibility": form.get("visibility", "public"),
        }
        if key:
            self.by_key[(account["id"], key)] = status_id
        return 200, self._status_json(status_id), {}

    def _status_refusal(self, form: dict[str, Any], account: dict[str, Any]) -> Answer | None:
        media_ids = form.get("media_ids") or []
        if not form.get("status") and not media_ids:
            return 422, {"error": "Validation failed: Text can't be blank"}, {}
        if len(form.get("status", "")) > 500:
            return 422, {"error": "Validation failed: Text character limit of 500 exceeded"}, {}
        for media_id in media_ids:
            m = self.media.get(str(media_id))
            if not m or m["owner"] != account["id"]:
                return 422, {"error": "Validation failed: Media attachments are invalid"}, {}
            if m["polls_left"] > 0:
                return (
                    422,
                    {"error": "Cannot attach files that have not finished processing. Try again in a moment!"},
                    {},
                )
        return None

    def _status_json(self, status_id: str) -> dict[str, Any]:
        s = self.statuses[status_id]
        username = s["account"]["username"]
        return {
            "id": status_id,
            "uri": f"{self.base_url}/users/{username}/statuses/{status_id}",
            "url": f"{self.base_url}/@{username}/{status_id}",
            "content": f"<p>{s['content']}</p>",
            "visibility": s["visibility"],
            "media_attachments": [self._media_json(str(m)) for m in s["media_ids"]],
            "favourites_count": s["favourites_count"],
            "reblogs_count": s["reblogs_count"],
            "replies_count": s["replies_count"],
        }

    def _status_read(self, request: Request) -> Answer:
        if not self._account(request):
            return self.unauthorized()
        if request.match["id"] not in self.statuses:
            return 404, {"error": "Record not found"}, {}
        return 200, self._status_json(request.match["id"]), {}
