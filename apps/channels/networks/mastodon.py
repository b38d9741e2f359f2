"""Mastodon, any instance (the base URL is ``AccountAuth.instance_url``).

Documented API used (https://docs.joinmastodon.org/):
- apps: ``POST /api/v1/apps`` registers our client on an instance
  (https://docs.joinmastodon.org/methods/apps/#create); OAuth 2.0 ``/oauth/authorize`` and
  ``/oauth/token`` (https://docs.joinmastodon.org/methods/oauth/), PKCE S256 from Mastodon 4.3
  (discoverable at ``/.well-known/oauth-authorization-server``). Mastodon access tokens do not
  expire and no refresh token is issued: a revoked one answers 401.
- profile: ``GET /api/v1/accounts/verify_credentials``
  (https://docs.joinmastodon.org/methods/accounts/#verify_credentials)
- media: ``POST /api/v2/media`` with ``description`` (alt text); 202 = still processing, polled
  with ``GET /api/v1/media/:id`` until 200 (https://docs.joinmastodon.org/methods/media/#v2)
- post: ``POST /api/v1/statuses`` with ``media_ids[]`` and an ``Idempotency-Key`` header
  (https://docs.joinmastodon.org/methods/statuses/#create)
- metrics: ``GET /api/v1/statuses/:id`` → favourites_count, reblogs_count, replies_count
- errors: ``{"error": "..."}`` (https://docs.joinmastodon.org/entities/Error/); rate limits:
  429 with ``X-RateLimit-Reset`` as an ISO 8601 time (https://docs.joinmastodon.org/api/rate-limits/)
"""

import asyncio
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from apps.channels.networks.base import AccountAuth, MediaItem, Metrics, NetworkError, Profile, Published
from apps.channels.networks.common import (
    OAuthEndpoints,
    Tokens,
    bearer,
    body_of,
    download,
    raise_for_refusal,
    send_pinned,
    token_request,
    tokens_from,
)

SCOPES = ("profile", "read:accounts", "read:statuses", "write:media", "write:statuses")
MEDIA_POLL_SECONDS = 1.0  # between two reads of a media still processing
MEDIA_POLL_ATTEMPTS = 60


def _reason(body: dict[str, Any]) -> str:
    return str(body.get("error_description") or body.get("error") or "")


def _is_auth(status: int, body: dict[str, Any]) -> bool:
    if status == 401:
        return True
    text = _reason(body).lower()
    return status == 403 and ("scope" in text or "login" in text or "suspended" in text)


def _check(response: httpx.Response) -> dict[str, Any]:
    raise_for_refusal(response, reason=_reason, is_auth=_is_auth)
    return body_of(response)


def base_url(instance_url: str) -> str:
    """``https://host`` from whatever the user typed (``host``, ``@user@host`` is not accepted)."""
    value = instance_url.strip().rstrip("/")
    if not value:
        raise NetworkError("a Mastodon instance URL is required", code="instance_required", permanent=True)
    if "://" not in value:
        value = f"https://{value}"
    return value


def oauth_endpoints(instance_url: str) -> OAuthEndpoints:
    base = base_url(instance_url)
    return OAuthEndpoints(
        authorize_url=f"{base}/oauth/authorize",
        token_url=f"{base}/oauth/token",
        revoke_url=f"{base}/oauth/revoke",
        scopes=SCOPES,
        token_auth="client_secret_post",
    )


async def supports_pkce(*, instance_url: str, http: httpx.AsyncClient) -> bool:
    """Whether the instance takes PKCE S256: Mastodon 4.3+ says so in its RFC 8414 metadata;
    older instances have no metadata (404) and the flow goes without PKCE."""
    url = f"{base_url(instance_url)}/.well-known/oauth-authorization-server"
    response = await send_pinned(http, "GET", url)
    if response.status_code == 404:
        return False
    return "S256" in (_check(response).get("code_challenge_methods_supported") or [])


@dataclass(frozen=True)
class AppCredentials:
    instance_url: str
    client_id: str
    client_secret: str
    redirect_uri: str
    scopes: str


async def app_register(
    *,
    instance_url: str,
    redirect_uri: str,
    client_name: str,
    website: str = "",
    scopes: Sequence[str] = SCOPES,
    http: httpx.AsyncClient,
) -> AppCredentials:
    """Register our client on an instance (once per instance; the credentials are reused)."""
    base = base_url(instance_url)
    # One redirect URI as a string: every Mastodon version takes it (an array only from 4.3).
    payload = {"client_name": client_name, "redirect_uris": redirect_uri, "scopes": " ".join(scopes)}
    if website:
        payload["website"] = website
    body = _check(await send_pinned(http, "POST", f"{base}/api/v1/apps", json=payload))
    return AppCredentials(
        instance_url=base,
        client_id=str(body["client_id"]),
        client_secret=str(body["client_secret"]),
        redirect_uri=redirect_uri,
        scopes=" ".join(scopes),
    )


async def exchange_code(*, app: AppCredentials, code: str, code_verifier: str = "", http: httpx.AsyncClient) -> Tokens:
    """The authorization code for a token (the connect flow may do this with Authlib instead)."""
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": app.redirect_uri}
    if code_verifier:
        data["code_verifier"] = code_verifier
    body = await token_request(
        http,
        oauth_endpoints(app.instance_url).token_url,
        data=data,
        client_id=app.client_id,
        client_secret=app.client_secret,
        basic_auth=False,
    )
    return tokens_from(body)


class Mastodon:
    name = "mastodon"

    async def fetch_profile(self, *, auth: AccountAuth, http: httpx.AsyncClient) -> Profile:
        base = base_url(auth.instance_url)
        url = f"{base}/api/v1/accounts/verify_credentials"
        body = _check(await send_pinned(http, "GET", url, headers=bearer(auth.access_token)))
        return Profile(
            account_id=str(body["id"]),
            handle=f"@{body['username']}@{urlsplit(base).netloc}",
            display_name=str(body.get("display_name") or ""),
            avatar_url=str(body.get("avatar") or ""),
        )

    async def publish(
        self, *, auth: AccountAuth, text: str, media: Sequence[MediaItem], http: httpx.AsyncClient
    ) -> Published:
        base = base_url(auth.instance_url)
        media_ids = [await self._upload(base, auth, item, http) for item in media]
        headers = {**bearer(auth.access_token), "Idempotency-Key": idempotency_key(auth, text, media)}
        payload: dict[str, Any] = {"status": text, "media_ids": media_ids}
        if visibility := auth.extra.get("visibility"):
            payload["visibility"] = visibility
        body = _check(await send_pinned(http, "POST", f"{base}/api/v1/statuses", json=payload, headers=headers))
        return Published(platform_post_id=str(body["id"]), url=str(body.get("url") or body.get("uri") or ""))

    async def _upload(self, base: str, auth: AccountAuth, item: MediaItem, http: httpx.AsyncClient) -> str:
        content = await download(http, item)
        files = {"file": (_filename(item), content, item.mime_type)}
        data = {"description": item.alt_text} if item.alt_text else {}
        response = await send_pinned(
            http, "POST", f"{base}/api/v2/media", files=files, data=data, headers=bearer(auth.access_token)
        )
        body = _check(response)
        media_id = str(body["id"])
        if response.status_code == 202 or not body.get("url"):
            await self._wait_processed(base, auth, media_id, http)
        return media_id

    async def _wait_processed(self, base: str, auth: AccountAuth, media_id: str, http: httpx.AsyncClient) -> None:
        """202 from the upload: ``GET /api/v1/media/:id`` answers 206 until processed, then 200."""
        for _ in range(MEDIA_POLL_ATTEMPTS):
            response = await send_pinned(
                http, "GET", f"{base}/api/v1/media/{media_id}", headers=bearer(auth.access_token)
            )
            _check(response)
            if response.status_code == 200:
                return
            await asyncio.sleep(MEDIA_POLL_SECONDS)
        raise NetworkError("the instance is still processing the media", code="media_processing")

    async def read_metrics(self, *, auth: AccountAuth, platform_post_id: str, http: httpx.AsyncClient) -> Metrics:
        base = base_url(auth.instance_url)
        url = f"{base}/api/v1/statuses/{platform_post_id}"
        body = _check(await send_pinned(http, "GET", url, headers=bearer(auth.access_token)))
        return Metrics(
            likes=int(body.get("favourites_count") or 0),
            reposts=int(body.get("reblogs_count") or 0),
            replies=int(body.get("replies_count") or 0),
        )


def idempotency_key(auth: AccountAuth, text: str, media: Sequence[MediaItem]) -> str:
    """``auth.extra["idempotency_key"]`` when the caller gives one (the post's), else a digest of
    account, text and alt texts: a retry of the same post within the instance's hour is one status."""
    if key := auth.extra.get("idempotency_key"):
        return key
    parts = [auth.network, auth.account_id, text, *(f"{m.kind}:{m.size}:{m.alt_text}" for m in media)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _filename(item: MediaItem) -> str:
    ext = item.mime_type.split("/")[-1].split(";")[0] or "bin"
    return f"{item.kind}.{ext}"
