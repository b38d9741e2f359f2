"""A Bluesky PDS stand-in following the XRPC lexicons (https://github.com/bluesky-social/atproto/tree/main/lexicons):
app-password sessions (createSession, refreshSession with rotation, getSession), resolveHandle,
uploadBlob, createRecord of app.bsky.feed.post validated as the lexicon says (300 graphemes, facet
byte ranges inside the text, images with alt and ≤ 1,000,000 bytes, known blobs), getRecord, and
the AppView reads the PDS proxies (getProfile, getPosts with counts). Errors
``{"error": "<Name>", "message": "..."}``; 429 RateLimitExceeded with ratelimit-* headers
(reset in epoch seconds)."""

import base64
import hashlib
import json
import re
import secrets
import time
import unicodedata
from typing import Any

from tests.fakes.networks.server import Answer, FakeNetwork, Request

IMAGE_MAX_BYTES = 1_000_000
TEXT_MAX_GRAPHEMES = 300


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(claims: dict[str, Any]) -> str:
    """A JWT-shaped token (the stand-in does not sign; it looks tokens up)."""
    header = _b64(json.dumps({"typ": "at+jwt", "alg": "ES256K"}).encode())
    return f"{header}.{_b64(json.dumps(claims).encode())}.{_b64(secrets.token_bytes(16))}"


def graphemes(text: str) -> int:
    """Approximately what the lexicon's maxGraphemes counts: combining marks, ZWJ and variation
    selectors join the character before them."""
    joiners = {"\u200d", "\ufe0f", "\ufe0e"}
    count, join_next = 0, False
    for char in text:
        if unicodedata.combining(char) or char in joiners or join_next:
            join_next = char == "\u200d"
            continue
        count += 1
    return count


class FakeBluesky(FakeNetwork):
    name = "bluesky"

    def __init__(self) -> None:
        super().__init__()
        self.accounts: dict[str, dict[str, Any]] = {}  # did → account
        self.refresh_tokens: dict[str, str] = {}  # refresh JWT → did
        self.expired: set[str] = set()  # access tokens answered as ExpiredToken
        self.blobs: dict[str, dict[str, Any]] = {}  # cid → blob
        self.records: dict[str, dict[str, Any]] = {}  # at:// uri → record + counts
        self.access_lifetime = 7200
        self.unindexed: set[str] = set()  # posts the AppView has not indexed yet (getPosts omits them)
        self.add_account("did:plc:alice0000000000000000000", "alice.test", "app-pass-word-1234", "Alice")
        for method, nsid, handler in [
            ("POST", "com.atproto.server.createSession", self._create_session),
            ("POST", "com.atproto.server.refreshSession", self._refresh_session),
            ("GET", "com.atproto.server.getSession", self._get_session),
            ("GET", "com.atproto.identity.resolveHandle", self._resolve_handle),
            ("POST", "com.atproto.repo.uploadBlob", self._upload_blob),
            ("POST", "com.atproto.repo.createRecord", self._create_record),
            ("GET", "com.atproto.repo.getRecord", self._get_record),
            ("GET", "com.atproto.repo.listRecords", self._list_records),
            ("GET", "app.bsky.actor.getProfile", self._get_profile),
            ("GET", "app.bsky.feed.getPosts", self._get_posts),
        ]:
            self.route(method, "/xrpc/" + re.escape(nsid), handler)

    # -- test helpers
    def add_account(self, did: str, handle: str, app_password: str, display_name: str = "") -> None:
        self.accounts[did] = {"did": did, "handle": handle, "password": app_password, "displayName": display_name}

    def issue_token(self, did: str = "did:plc:alice0000000000000000000") -> str:
        token = jwt({"scope": "com.atproto.appPass", "sub": did, "exp": int(time.time()) + self.access_lifetime})
        with self.lock:
            self.tokens[token] = did
        return token

    def expire(self, token: str) -> None:
        with self.lock:
            self.expired.add(token)

    def revoke_sessions(self, did: str) -> None:
        """The app password was deleted: its sessions' tokens are refused."""
        with self.lock:
            for token, owner in list(self.tokens.items()):
                if owner == did:
                    del self.tokens[token]
            for token, owner in list(self.refresh_tokens.items()):
                if owner == did:
                    del self.refresh_tokens[token]

    def delete(self, uri: str) -> None:
        self.records.pop(uri, None)

    def set_counts(self, uri: str, *, likes: int, reposts: int, replies: int, quotes: int = 0) -> None:
        self.records[uri].update(likeCount=likes, repostCount=reposts, replyCount=replies, quoteCount=quotes)

    # -- error shapes (https://atproto.com/specs/xrpc#error-responses)
    def rate_limited(self, reset_in: int) -> Answer:
        headers = {
            "ratelimit-limit": "3000",
            "ratelimit-remaining": "0",
            "ratelimit-reset": str(int(time.time()) + reset_in),
            "ratelimit-policy": "3000;w=300",
        }
        return 429, {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}, headers

    def refused(self, reason: str, status: int) -> Answer:
        return status, {"error": "InvalidRequest", "message": reason}, {}

    def unauthorized(self) -> Answer:
        return 401, {"error": "InvalidToken", "message": "Token could not be verified"}, {}

    def _did(self, request: Request) -> tuple[str | None, Answer | None]:
        if not request.bearer:
            return None, (401, {"error": "AuthenticationRequired", "message": "Authentication Required"}, {})
        if request.bearer in self.expired:
            return None, (400, {"error": "ExpiredToken", "message": "Token has expired"}, {})
        did = self.account_of(request)
        return (did, None) if did else (None, self.unauthorized())

    # -- sessions
    def _session_body(self, did: str) -> dict[str, Any]:
        refresh = jwt({"scope": "com.atproto.refresh", "sub": did, "exp": int(time.time()) + 90 * 86400})
        self.refresh_tokens[refresh] = did
        account = self.accounts[did]
        service = [{"id": "#atproto_pds", "type": "AtprotoPersonalDataServer", "serviceEndpoint": self.base_url}]
        return {
            "did": did,
            "handle": account["handle"],
            "accessJwt": self.issue_token(did),
            "refreshJwt": refresh,
            "didDoc": {"id": did, "alsoKnownAs": [f"at://{account['handle']}"], "service": service},
            "active": True,
        }

    def _create_session(self, request: Request) -> Answer:
        body = request.json()
        identifier, password = str(body.get("identifier", "")).lower(), body.get("password")
        for did, account in self.accounts.items():
            if identifier in (did, account["handle"]) and account["password"] == password:
                return 200, self._session_body(did), {}
        return 401, {"error": "AuthenticationRequired", "message": "Invalid identifier or password"}, {}

    def _refresh_session(self, request: Request) -> Answer:
        with self.lock:
            did = self.refresh_tokens.pop(request.bearer, None)
        if not did:
            return 400, {"error": "ExpiredToken", "message": "Token has been revoked"}, {}
        return 200, self._session_body(did), {}

    def _get_session(self, request: Request) -> Answer:
        did, refusal = self._did(request)
        if refusal:
            return refusal
        return 200, {"did": did, "handle": self.accounts[did]["handle"], "active": True}, {}

    def _resolve_handle(self, request: Request) -> Answer:
        handle = request.arg("handle").lower()
        for did, account in self.accounts.items():
            if account["handle"] == handle:
                return 200, {"did": did}, {}
        return 400, {"error": "InvalidRequest", "message": "Unable to resolve handle"}, {}

    # -- repo
    def _upload_blob(self, request: Request) -> Answer:
        did, refusal = self._did(request)
        if refusal:
            return refusal
        cid = "bafkrei" + hashlib.sha256(request.body).hexdigest()[:52]
        mime = request.headers.get("content-type", "application/octet-stream")
        blob = {"$type": "blob", "ref": {"$link": cid}, "mimeType": mime, "size": len(request.body)}
        self.blobs[cid] = {**blob, "owner": did}
        return 200, {"blob": blob}, {}

    def _create_record(self, request: Request) -> Answer:
        did, refusal = self._did(request)
        if refusal:
            return refusal
        body = request.json()
        if body.get("repo") not in (did, self.accounts[did]["handle"]):
            return 400, {"error": "InvalidRequest", "message": "Invalid repo: not the authenticated account"}, {}
        record = body.get("record") or {}
        if problem := self._invalid_post(record, did):
            return 400, {"error": "InvalidRequest", "message": f"Invalid app.bsky.feed.post record: {problem}"}, {}
        rkey = body.get("rkey") or f"3l{secrets.token_hex(6)[:11]}"
        uri = f"at://{did}/app.bsky.feed.post/{rkey}"
        cid = "bafyrei" + hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()[:52]
        self.records[uri] = {"uri": uri, "cid": cid, "record": record, "author": did}
        self.set_counts(uri, likes=0, reposts=0, replies=0)
        return 200, {"uri": uri, "cid": cid, "validationStatus": "valid"}, {}

    def _invalid_post(self, record: dict[str, Any], did: str) -> str:
        text = record.get("text")
        if record.get("$type") != "app.bsky.feed.post" or not isinstance(text, str) or not record.get("createdAt"):
            return "Record must have the properties text and createdAt"
        if graphemes(text) > TEXT_MAX_GRAPHEMES or len(text.encode()) > 3000:
            return f"Record/text must not be longer than {TEXT_MAX_GRAPHEMES} graphemes"
        size = len(text.encode())
        for facet in record.get("facets", []):
            index = facet.get("index", {})
            if not 0 <= index.get("byteStart", -1) < index.get("byteEnd", -1) <= size:
                return "Record/facets/index is out of the text's bytes"
        return self._invalid_embed(record.get("embed"), did)

    def _invalid_embed(self, embed: dict[str, Any] | None, did: str) -> str:
        if not embed:
            return ""
        items = embed.get("images") if embed.get("$type") == "app.bsky.embed.images" else [embed]
        for item in items or []:
            blob = item.get("image") or item.get("video") or {}
            stored = self.blobs.get(blob.get("ref", {}).get("$link", ""))
            if not stored or stored["owner"] != did:
                return "Could not find blob"
            if "image" in item and ("alt" not in item or stored["size"] > IMAGE_MAX_BYTES):
                return "Record/embed/images/0 must have the property alt, image at most 1000000 bytes"
        return ""

    def _get_record(self, request: Request) -> Answer:
        uri = f"at://{request.arg('repo')}/{request.arg('collection')}/{request.arg('rkey')}"
        if uri not in self.records:
            return 400, {"error": "RecordNotFound", "message": f"Could not locate record: {uri}"}, {}
        found = self.records[uri]
        return 200, {"uri": uri, "cid": found["cid"], "value": found["record"]}, {}

    def _list_records(self, request: Request) -> Answer:
        """The repo's records of a collection, newest first (rkeys are TIDs: time-ordered)."""
        prefix = f"at://{request.arg('repo')}/{request.arg('collection')}/"
        limit = int(request.arg("limit", "50"))
        if not 1 <= limit <= 100:
            return 400, {"error": "InvalidRequest", "message": "limit must be between 1 and 100"}, {}
        found = [r for uri, r in self.records.items() if uri.startswith(prefix)][::-1][:limit]
        records = [{"uri": r["uri"], "cid": r["cid"], "value": r["record"]} for r in found]
        return 200, {"records": records}, {}

    # -- AppView reads, proxied by the PDS
    def _get_profile(self, request: Request) -> Answer:
        _, refusal = self._did(request)
        if refusal:
            return refusal
        actor = request.arg("actor")
        account = next((a for d, a in self.accounts.items() if actor in (d, a["handle"])), None)
        if not account:
            return 400, {"error": "InvalidRequest", "message": "Profile not found"}, {}
        avatar = f"{self.base_url}/img/avatar/plain/{account['did']}/avatar@jpeg"
        return 200, {**{k: v for k, v in account.items() if k != "password"}, "avatar": avatar}, {}

    def _get_posts(self, request: Request) -> Answer:
        _, refusal = self._did(request)
        if refusal:
            return refusal
        posts = []
        for uri in request.query.get("uris", []):
            if (found := self.records.get(uri)) and uri not in self.unindexed:
                author = self.accounts[found["author"]]
                counts = {k: found[k] for k in ("likeCount", "repostCount", "replyCount", "quoteCount")}
                author_view = {"did": author["did"], "handle": author["handle"]}
                posts.append(
                    {"uri": uri, "cid": found["cid"], "author": author_view, "record": found["record"], **counts}
                )
        return 200, {"posts": posts}, {}
