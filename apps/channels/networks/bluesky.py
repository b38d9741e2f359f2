"""Bluesky (AT Protocol), over httpx against the XRPC lexicons of the account's PDS
(``AccountAuth.instance_url``, else ``settings.BLUESKY_DEFAULT_PDS_URL``).

Why not the ``atproto`` SDK: its ``AsyncRequest`` builds its own ``httpx.AsyncClient`` (it takes
constructor options, not the client the channel side hands every network module), it raises its
own exception types, and its ``TextBuilder`` builds facets only from explicit calls (no detection
in a written text); the XRPC calls needed here are few and small.

Documented API used (https://docs.bsky.app/docs/category/http-reference, lexicons at
https://github.com/bluesky-social/atproto/tree/main/lexicons):
- app password sessions: ``com.atproto.server.createSession`` / ``refreshSession`` /
  ``getSession`` (https://docs.bsky.app/docs/api/com-atproto-server-create-session)
- handle → DID for mentions: ``com.atproto.identity.resolveHandle``
- media: ``com.atproto.repo.uploadBlob`` (raw bytes, the MIME type as Content-Type), embedded as
  ``app.bsky.embed.images`` (alt + aspectRatio) or ``app.bsky.embed.video`` (the "simple method"
  of https://docs.bsky.app/docs/tutorials/video: the video service processes it once the post is
  out; its pre-processing upload through video.bsky.app is not used)
- post: ``com.atproto.repo.createRecord`` of an ``app.bsky.feed.post`` (after
  ``com.atproto.repo.listRecords``: a retry finds its lost first attempt) with facets in UTF-8 byte
  offsets (https://docs.bsky.app/docs/advanced-guides/posts, .../post-richtext)
- profile: ``app.bsky.actor.getProfile``; metrics: ``app.bsky.feed.getPosts`` (likeCount,
  repostCount, replyCount, quoteCount), both proxied by the PDS to the AppView
- errors ``{"error": "InvalidToken", "message": ...}`` (https://atproto.com/specs/xrpc); rate
  limits: 429 with ``ratelimit-reset`` in epoch seconds (https://docs.bsky.app/docs/advanced-guides/rate-limits)
Public URL of a post: ``https://bsky.app/profile/<handle>/post/<rkey>``.
"""

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, NoReturn

import httpx
from django.conf import settings

from apps.channels.networks import bluesky_richtext
from apps.channels.networks.base import AccountAuth, MediaItem, Metrics, NetworkError, Profile, Published
from apps.channels.networks.common import Tokens, bearer, body_of, download, raise_for_refusal, send_pinned

AUTH_ERRORS = frozenset({"AuthenticationRequired", "InvalidToken", "ExpiredToken", "AccountTakedown", "AuthMissing"})
MAX_IMAGES = 4
DUPLICATE_LOOKBACK = timedelta(hours=1)


def _reason(body: dict[str, Any]) -> str:
    error, message = body.get("error") or "", body.get("message") or ""
    return f"{error}: {message}" if error and message else str(error or message)


def _is_auth(status: int, body: dict[str, Any]) -> bool:
    return status == 401 or body.get("error") in AUTH_ERRORS


def _check(response: httpx.Response) -> dict[str, Any]:
    raise_for_refusal(response, reason=_reason, is_auth=_is_auth)
    return body_of(response)


def pds_url(auth_or_url: AccountAuth | str) -> str:
    url = auth_or_url.instance_url if isinstance(auth_or_url, AccountAuth) else auth_or_url
    return (url or settings.BLUESKY_DEFAULT_PDS_URL).rstrip("/")


def xrpc(base: str, nsid: str) -> str:
    return f"{base}/xrpc/{nsid}"


@dataclass(frozen=True)
class Session:
    did: str
    handle: str
    access_jwt: str
    refresh_jwt: str
    pds_url: str
    access_expires_at: datetime | None
    refresh_expires_at: datetime | None

    def tokens(self) -> Tokens:
        """The session as the token pair the vault stores (the same shape as the OAuth networks')."""
        return Tokens(
            access_token=self.access_jwt,
            refresh_token=self.refresh_jwt,
            expires_at=self.access_expires_at,
            refresh_expires_at=self.refresh_expires_at,
        )


def jwt_expiry(token: str) -> datetime | None:
    """The ``exp`` of a JWT, read without verifying (the PDS verifies; we only plan the refresh)."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return datetime.fromtimestamp(int(claims["exp"]), UTC)
    except (IndexError, KeyError, ValueError, TypeError):
        return None


def _session(body: dict[str, Any], fallback_pds: str) -> Session:
    return Session(
        did=str(body["did"]),
        handle=str(body.get("handle") or ""),
        access_jwt=str(body["accessJwt"]),
        refresh_jwt=str(body["refreshJwt"]),
        pds_url=_pds_from_did_doc(body.get("didDoc")) or fallback_pds,
        access_expires_at=jwt_expiry(str(body["accessJwt"])),
        refresh_expires_at=jwt_expiry(str(body["refreshJwt"])),
    )


def _pds_from_did_doc(doc: Any) -> str:
    """The ``#atproto_pds`` service endpoint of a DID document (where the account's repo lives)."""
    for service in (doc or {}).get("service", []) if isinstance(doc, dict) else []:
        if str(service.get("id", "")).endswith("#atproto_pds"):
            return str(service.get("serviceEndpoint", "")).rstrip("/")
    return ""


async def create_session(*, identifier: str, password: str, pds: str = "", http: httpx.AsyncClient) -> Session:
    """Log in with a handle (or DID, or email) and an app password. A wrong password answers
    401 AuthenticationRequired → ``NetworkAuthError``."""
    base = pds_url(pds)
    body = {"identifier": identifier, "password": password}
    return _session(
        _check(await send_pinned(http, "POST", xrpc(base, "com.atproto.server.createSession"), json=body)), base
    )


async def refresh(*, refresh_jwt: str, pds: str = "", http: httpx.AsyncClient) -> Session:
    """A new session from the refresh JWT (which rotates). An expired or revoked one →
    ``NetworkAuthError``: the user logs in again."""
    base = pds_url(pds)
    url = xrpc(base, "com.atproto.server.refreshSession")
    return _session(_check(await send_pinned(http, "POST", url, headers=bearer(refresh_jwt))), base)


class Bluesky:
    name = "bluesky"

    async def fetch_profile(self, *, auth: AccountAuth, http: httpx.AsyncClient) -> Profile:
        base, headers = pds_url(auth), bearer(auth.access_token)
        session = _check(await send_pinned(http, "GET", xrpc(base, "com.atproto.server.getSession"), headers=headers))
        url = xrpc(base, "app.bsky.actor.getProfile")
        response = await send_pinned(http, "GET", url, params={"actor": session["did"]}, headers=headers)
        profile = body_of(response) if response.is_success else {}
        if response.status_code == 429 or _is_auth(response.status_code, body_of(response)):
            _check(response)
        # Else a PDS without an AppView (a self-hosted one) cannot answer getProfile: the session's
        # handle is then all we have.
        return Profile(
            account_id=str(session["did"]),
            handle=str(profile.get("handle") or session.get("handle") or ""),
            display_name=str(profile.get("displayName") or ""),
            avatar_url=str(profile.get("avatar") or ""),
        )

    async def publish(
        self, *, auth: AccountAuth, text: str, media: Sequence[MediaItem], http: httpx.AsyncClient
    ) -> Published:
        base = pds_url(auth)
        if uri := await self._own_recent_post(base, auth, text, http):
            return self._published(auth, uri)  # a retry whose first answer was lost: posted already
        record: dict[str, Any] = {
            "$type": "app.bsky.feed.post",
            "text": text,
            "createdAt": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        }
        if facets := bluesky_richtext.facets(text, await self._resolve_mentions(base, auth, text, http)):
            record["facets"] = facets
        if media:
            record["embed"] = await self._embed(base, auth, media, http)
        if langs := auth.extra.get("langs"):
            record["langs"] = langs.split(",")
        payload = {"repo": auth.account_id, "collection": "app.bsky.feed.post", "record": record}
        url = xrpc(base, "com.atproto.repo.createRecord")
        body = _check(await send_pinned(http, "POST", url, json=payload, headers=bearer(auth.access_token)))
        return self._published(auth, str(body["uri"]))  # at://<did>/app.bsky.feed.post/<rkey>

    def _published(self, auth: AccountAuth, uri: str) -> Published:
        handle = auth.extra.get("handle") or auth.account_id
        return Published(platform_post_id=uri, url=f"{settings.BLUESKY_WEB_URL}/profile/{handle}/post/{rkey(uri)}")

    async def _own_recent_post(self, base: str, auth: AccountAuth, text: str, http: httpx.AsyncClient) -> str:
        """Bluesky has no idempotency key: before posting, the account's last posts
        (``com.atproto.repo.listRecords``) are read, and one with the same text from the last hour
        is taken as our earlier attempt (the scheduler refuses the same text twice in a day anyway,
        SCHEDULING_DUPLICATE_WINDOW_HOURS)."""
        params = {"repo": auth.account_id, "collection": "app.bsky.feed.post", "limit": "10"}
        url = xrpc(base, "com.atproto.repo.listRecords")
        response = await send_pinned(http, "GET", url, params=params, headers=bearer(auth.access_token))
        if response.status_code == 429 or _is_auth(response.status_code, body_of(response)):
            _check(response)  # the post would meet the same refusal
        if not response.is_success:
            return ""
        since = datetime.now(UTC) - DUPLICATE_LOOKBACK
        for item in body_of(response).get("records") or []:
            value = item.get("value") or {}
            created = str(value.get("createdAt") or "1970-01-01T00:00:00Z").replace("Z", "+00:00")
            try:
                recent = datetime.fromisoformat(created) >= since
            except ValueError:
                recent = False
            if value.get("text") == text and recent:
                return str(item["uri"])
        return ""

    async def _resolve_mentions(self, base: str, auth: AccountAuth, text: str, http: httpx.AsyncClient) -> dict:
        dids = {}
        handles = {span.value for span in bluesky_richtext.detect(text) if span.kind == "mention"}
        for handle in sorted(handles):
            url = xrpc(base, "com.atproto.identity.resolveHandle")
            response = await send_pinned(http, "GET", url, params={"handle": handle}, headers=bearer(auth.access_token))
            if response.status_code == 400:  # "Unable to resolve handle": the mention stays plain text
                continue
            dids[handle] = str(_check(response)["did"])
        return dids

    async def _embed(self, base: str, auth: AccountAuth, media: Sequence[MediaItem], http) -> dict[str, Any]:
        videos = [m for m in media if m.kind == "video"]
        if videos and len(media) > 1:
            raise NetworkError("Bluesky takes one video alone, or up to 4 images", code="media_refused", permanent=True)
        if len(media) > MAX_IMAGES:
            raise NetworkError("Bluesky takes up to 4 images per post", code="media_refused", permanent=True)
        blobs = [(item, await self._upload(base, auth, item, http)) for item in media]
        if videos:
            item, blob = blobs[0]
            return {"$type": "app.bsky.embed.video", "video": blob, "alt": item.alt_text, **_aspect(item)}
        images = [{"image": blob, "alt": item.alt_text, **_aspect(item)} for item, blob in blobs]
        return {"$type": "app.bsky.embed.images", "images": images}

    async def _upload(self, base: str, auth: AccountAuth, item: MediaItem, http: httpx.AsyncClient) -> dict:
        content = await download(http, item)
        headers = {**bearer(auth.access_token), "Content-Type": item.mime_type}
        url = xrpc(base, "com.atproto.repo.uploadBlob")
        return _check(await send_pinned(http, "POST", url, content=content, headers=headers))["blob"]

    async def read_metrics(self, *, auth: AccountAuth, platform_post_id: str, http: httpx.AsyncClient) -> Metrics:
        url = xrpc(pds_url(auth), "app.bsky.feed.getPosts")
        body = _check(
            await send_pinned(http, "GET", url, params={"uris": platform_post_id}, headers=bearer(auth.access_token))
        )
        if not body.get("posts"):
            await self._missing_post(auth, platform_post_id, http)
        post = body["posts"][0]
        return Metrics(
            likes=int(post.get("likeCount") or 0),
            reposts=int(post.get("repostCount") or 0) + int(post.get("quoteCount") or 0),
            replies=int(post.get("replyCount") or 0),
        )

    async def _missing_post(self, auth: AccountAuth, uri: str, http: httpx.AsyncClient) -> NoReturn:
        """The AppView does not know the post: deleted (the PDS has no record either: permanent) or
        not indexed yet (the AppView follows the firehose a little behind: ask again later)."""
        repo, collection, key = uri.removeprefix("at://").split("/")
        params = {"repo": repo, "collection": collection, "rkey": key}
        url = xrpc(pds_url(auth), "com.atproto.repo.getRecord")
        response = await send_pinned(http, "GET", url, params=params, headers=bearer(auth.access_token))
        if body_of(response).get("error") == "RecordNotFound":
            raise NetworkError("the post was deleted", code="post_not_found", permanent=True)
        _check(response)
        raise NetworkError("the AppView has not indexed the post yet", code="post_not_indexed", retry_after=60.0)


def rkey(uri: str) -> str:
    return uri.rstrip("/").rsplit("/", 1)[-1]


def _aspect(item: MediaItem) -> dict[str, Any]:
    if item.width and item.height:
        return {"aspectRatio": {"width": item.width, "height": item.height}}
    return {}
