"""X (formerly Twitter), API v2 with an OAuth 2.0 user-context token (authorization code + PKCE).

Documented API used (https://docs.x.com/x-api):
- OAuth 2.0: ``https://x.com/i/oauth2/authorize`` and ``POST /2/oauth2/token`` (confidential
  client: HTTP Basic; refresh tokens need ``offline.access`` and rotate; access tokens live 2 h)
  (https://docs.x.com/resources/fundamentals/authentication/oauth-2-0/authorization-code)
- profile: ``GET /2/users/me`` (https://docs.x.com/x-api/users/lookup/quickstart/authenticated-lookup)
- media: ``POST /2/media/upload/initialize`` → ``/{id}/append`` (multipart chunks) →
  ``/{id}/finalize``, then ``GET /2/media/upload?command=STATUS`` while ``processing_info`` says
  pending; alt text by ``POST /2/media/metadata`` (https://docs.x.com/x-api/media/quickstart/media-upload-chunked,
  https://docs.x.com/x-api/media/create-media-metadata)
- post: ``POST /2/tweets`` with ``media.media_ids``; a "duplicate content" refusal is checked
  against ``GET /2/users/:id/tweets`` (our lost first attempt is the same text, under an hour old) (https://docs.x.com/xdks/python/reference/clients/posts)
- metrics: ``GET /2/tweets/:id?tweet.fields=public_metrics,non_public_metrics`` (non-public ones only
  for the author's own posts of the last 30 days; https://developer.x.com/en/docs/twitter-api/metrics)
- errors: RFC 7807 problems (``title``/``detail``/``type``); rate limits: 429 with
  ``x-rate-limit-reset`` in epoch seconds (https://docs.x.com/x-api/fundamentals/rate-limits)
"""

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from django.conf import settings

from apps.channels.networks.base import AccountAuth, MediaItem, Metrics, NetworkError, Profile, Published
from apps.channels.networks.common import (
    OAuthEndpoints,
    Tokens,
    bearer,
    body_of,
    download,
    raise_for_refusal,
    refresh_tokens,
    send,
)

SCOPES = ("tweet.read", "tweet.write", "users.read", "offline.access", "media.write")
CHUNK_BYTES = 4 * 1024 * 1024
MEDIA_POLL_ATTEMPTS = 60
MEDIA_POLL_MAX_SECONDS = 10.0
ALT_TEXT_MAX = 1000
DUPLICATE_LOOKBACK = timedelta(hours=1)


def _reason(body: dict[str, Any]) -> str:
    errors = body.get("errors") or []
    first = errors[0] if errors and isinstance(errors[0], dict) else {}
    return str(body.get("detail") or first.get("message") or first.get("detail") or body.get("title") or "")


def _is_auth(status: int, body: dict[str, Any]) -> bool:
    return status == 401


def _check(response: httpx.Response) -> dict[str, Any]:
    raise_for_refusal(response, reason=_reason, is_auth=_is_auth)
    return body_of(response)


def api(path: str) -> str:
    return f"{settings.X_API_BASE_URL}{path}"


def oauth_endpoints() -> OAuthEndpoints:
    return OAuthEndpoints(
        authorize_url=settings.X_AUTHORIZE_URL,
        token_url=api("/2/oauth2/token"),
        revoke_url=api("/2/oauth2/revoke"),
        scopes=SCOPES,
        token_auth="client_secret_basic",
    )


async def refresh(*, refresh_token: str, client_id: str, client_secret: str = "", http: httpx.AsyncClient) -> Tokens:
    """New tokens (the refresh token rotates: store the new one). ``invalid_grant`` (revoked app,
    refresh token used twice or expired) → ``NetworkAuthError``."""
    return await refresh_tokens(
        http, api("/2/oauth2/token"), refresh_token=refresh_token, client_id=client_id, client_secret=client_secret
    )


class X:
    name = "x"

    async def fetch_profile(self, *, auth: AccountAuth, http: httpx.AsyncClient) -> Profile:
        url = api("/2/users/me")
        params = {"user.fields": "profile_image_url"}
        data = _check(await send(http, "GET", url, params=params, headers=bearer(auth.access_token)))["data"]
        return Profile(
            account_id=str(data["id"]),
            handle=str(data["username"]),
            display_name=str(data.get("name") or ""),
            avatar_url=str(data.get("profile_image_url") or ""),
        )

    async def publish(
        self, *, auth: AccountAuth, text: str, media: Sequence[MediaItem], http: httpx.AsyncClient
    ) -> Published:
        payload: dict[str, Any] = {"text": text}
        if media:
            payload["media"] = {"media_ids": [await self._upload(auth, item, http) for item in media]}
        response = await send(http, "POST", api("/2/tweets"), json=payload, headers=bearer(auth.access_token))
        if response.status_code == 403 and "duplicate content" in _reason(body_of(response)):
            post_id = await self._own_recent_post(auth, text, http)  # our earlier attempt got through?
        else:
            post_id = None
        post_id = post_id or str(_check(response)["data"]["id"])
        handle = auth.extra.get("handle") or "i/web"
        return Published(platform_post_id=post_id, url=f"https://x.com/{handle}/status/{post_id}")

    async def _own_recent_post(self, auth: AccountAuth, text: str, http: httpx.AsyncClient) -> str | None:
        """X refuses a duplicate text; when that is a retry whose first answer was lost, the post
        is among the account's last ones, with the same text, from the last hour: that one is ours.
        (A text X rewrote, e.g. links shortened to t.co, does not match: the refusal stands.)"""
        url = api(f"/2/users/{auth.account_id}/tweets")
        params = {"max_results": "5", "tweet.fields": "created_at"}
        response = await send(http, "GET", url, params=params, headers=bearer(auth.access_token))
        if response.status_code in (401, 429):
            _check(response)
        if not response.is_success:
            return None
        since = datetime.now(UTC) - DUPLICATE_LOOKBACK
        for post in body_of(response).get("data") or []:
            created = str(post.get("created_at") or "1970-01-01T00:00:00Z").replace("Z", "+00:00")
            if post.get("text") == text and datetime.fromisoformat(created) >= since:
                return str(post["id"])
        return None

    async def _upload(self, auth: AccountAuth, item: MediaItem, http: httpx.AsyncClient) -> str:
        content = await download(http, item)
        headers = bearer(auth.access_token)
        init = {"media_type": item.mime_type, "total_bytes": len(content), "media_category": _category(item)}
        response = await send(http, "POST", api("/2/media/upload/initialize"), json=init, headers=headers)
        media_id = str(_check(response)["data"]["id"])
        for index, start in enumerate(range(0, len(content), CHUNK_BYTES)):
            chunk = content[start : start + CHUNK_BYTES]
            files = {"media": ("chunk", chunk, "application/octet-stream")}
            url = api(f"/2/media/upload/{media_id}/append")
            _check(await send(http, "POST", url, data={"segment_index": str(index)}, files=files, headers=headers))
        url = api(f"/2/media/upload/{media_id}/finalize")
        data = _check(await send(http, "POST", url, headers=headers)).get("data") or {}
        await self._wait_processed(auth, media_id, data.get("processing_info"), http)
        if item.alt_text:
            meta = {"id": media_id, "metadata": {"alt_text": {"text": item.alt_text[:ALT_TEXT_MAX]}}}
            _check(await send(http, "POST", api("/2/media/metadata"), json=meta, headers=headers))
        return media_id

    async def _wait_processed(self, auth: AccountAuth, media_id: str, info: dict | None, http) -> None:
        for _ in range(MEDIA_POLL_ATTEMPTS):
            state = (info or {}).get("state", "succeeded")
            if state == "succeeded":
                return
            if state == "failed":
                error = (info or {}).get("error") or {}
                message = error.get("message") or "X could not process the media"
                raise NetworkError(message, code="media_refused", permanent=True)
            await asyncio.sleep(min(float(info.get("check_after_secs", 1)), MEDIA_POLL_MAX_SECONDS))
            params = {"command": "STATUS", "media_id": media_id}
            response = await send(http, "GET", api("/2/media/upload"), params=params, headers=bearer(auth.access_token))
            info = (_check(response).get("data") or {}).get("processing_info")
        raise NetworkError("X is still processing the media", code="media_processing")

    async def read_metrics(self, *, auth: AccountAuth, platform_post_id: str, http: httpx.AsyncClient) -> Metrics:
        url = api(f"/2/tweets/{platform_post_id}")
        params = {"tweet.fields": "public_metrics,non_public_metrics"}
        body = _check(await send(http, "GET", url, params=params, headers=bearer(auth.access_token)))
        if "data" not in body:  # 200 with only "errors": deleted, or older than 30 days for non-public
            params = {"tweet.fields": "public_metrics"}
            body = _check(await send(http, "GET", url, params=params, headers=bearer(auth.access_token)))
        if "data" not in body:
            raise NetworkError(_reason(body) or "the post is gone", code="post_not_found", permanent=True)
        public = body["data"].get("public_metrics") or {}
        private = body["data"].get("non_public_metrics") or {}
        impressions = private.get("impression_count", public.get("impression_count"))
        return Metrics(
            likes=int(public.get("like_count") or 0),
            reposts=int(public.get("retweet_count") or 0) + int(public.get("quote_count") or 0),
            replies=int(public.get("reply_count") or 0),
            impressions=None if impressions is None else int(impressions),
        )


def _category(item: MediaItem) -> str:
    if item.mime_type == "image/gif":
        return "tweet_gif"
    return "tweet_video" if item.kind == "video" else "tweet_image"
