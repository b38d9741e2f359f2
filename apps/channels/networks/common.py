"""What the network modules share: one request helper that turns a network's refusal into
``NetworkError`` / ``NetworkAuthError`` (with the wait the network asked for), the download of a
post's media, and the OAuth 2.0 token exchange (RFC 6749 §6 refresh, §5.2 error codes)."""

import asyncio
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
from django.conf import settings

from apps.channels.networks.base import MediaItem, NetworkAuthError, NetworkError
from apps.webhooks.netguard import address_is_public, pin

# Statuses worth retrying later (the same request may succeed): timeouts, rate limits, server errors.
TRANSIENT_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
MEDIA_MAX_BYTES = 512 * 1024 * 1024  # the largest video any of the four networks takes


def retry_after(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """Seconds to wait, from the headers the networks send: ``Retry-After`` (RFC 9110: seconds or a
    date), ``x-rate-limit-reset`` (X: epoch seconds; and ``x-user-limit-24hour-reset`` /
    ``x-app-limit-24hour-reset`` when that daily cap is spent), ``ratelimit-reset`` (Bluesky: epoch
    seconds), ``X-RateLimit-Reset`` (Mastodon: an ISO 8601 time). Several: the longest wait."""
    now = time.time() if now is None else now
    lowered = {k.lower(): v for k, v in headers.items()}
    if value := lowered.get("retry-after"):
        if value.strip().isdigit():
            return float(value)
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - now)
        except (TypeError, ValueError):
            pass
    waits = [
        _reset_seconds(lowered[name].strip(), now)
        for name in ("x-rate-limit-reset", "ratelimit-reset", "x-ratelimit-reset")
        if lowered.get(name)
    ]
    # X's daily posting caps: the 24-hour window that is spent outlasts the 15-minute one.
    for scope in ("user", "app"):
        if lowered.get(f"x-{scope}-limit-24hour-remaining") == "0" and lowered.get(f"x-{scope}-limit-24hour-reset"):
            waits.append(_reset_seconds(lowered[f"x-{scope}-limit-24hour-reset"].strip(), now))
    waits = [wait for wait in waits if wait is not None]
    return max(waits) if waits else None


def _reset_seconds(value: str, now: float) -> float | None:
    try:
        return max(0.0, float(value) - now)
    except ValueError:
        pass
    try:
        return max(0.0, datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp() - now)
    except ValueError:
        return None


def body_of(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def raise_for_refusal(
    response: httpx.Response, *, reason: Callable[[dict[str, Any]], str], is_auth: Callable[[int, dict], bool]
) -> None:
    """Nothing for a 2xx; else the refusal as our exceptions: ``NetworkAuthError`` when ``is_auth``
    says the token was refused, ``NetworkError`` (transient for 408/429/5xx, else permanent) with
    the network's own reason from ``reason(body)``."""
    if response.is_success:
        return
    body = body_of(response)
    message = reason(body) or f"HTTP {response.status_code}"
    status = response.status_code
    if is_auth(status, body):
        raise NetworkAuthError(message)
    if status == 429:
        raise NetworkError(message, code="network_rate_limited", retry_after=retry_after(response.headers))
    if status in TRANSIENT_STATUSES:
        raise NetworkError(message, code="network_unavailable", retry_after=retry_after(response.headers))
    raise NetworkError(message, code="network_refused", permanent=True)


async def send(http: httpx.AsyncClient, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """``http.request`` with transport failures (DNS, refused connection, timeout) as a transient
    ``NetworkError``."""
    try:
        return await http.request(method, url, **kwargs)
    except httpx.TransportError as exc:
        raise NetworkError(f"{type(exc).__name__}: {exc}", code="network_unavailable") from exc


async def send_pinned(http: httpx.AsyncClient, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """``send`` to a server a user named (a Mastodon instance, a Bluesky PDS), connected to an
    address checked public at this call: the name is resolved (in a thread: ``getaddrinfo``
    blocks), every address checked (``apps.webhooks.netguard.address_is_public``), and the request
    goes to the first one with the name kept as ``Host`` and as the TLS server name (the certificate
    is checked against it) — as webhook deliveries do. So a name re-pointed at an internal address
    after the channel was connected (DNS rebinding) is refused (permanent ``NetworkError``
    ``network_address_refused``), not reached. ``CHANNEL_ALLOW_PRIVATE_INSTANCES`` (development,
    the stand-ins on loopback) sends as given."""
    if settings.CHANNEL_ALLOW_PRIVATE_INSTANCES:
        return await send(http, method, url, **kwargs)
    target = httpx.URL(url)
    port = target.port or (443 if target.scheme == "https" else 80)
    pinned, host, extensions = pin(target, await asyncio.to_thread(_public_address, target.host, port))
    headers = {**(kwargs.pop("headers", None) or {}), **host}
    return await send(http, method, str(pinned), headers=headers, extensions=extensions, **kwargs)


def _public_address(host: str, port: int) -> str:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise NetworkError(f"{host} does not resolve", code="network_unavailable") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses or not all(address_is_public(address) for address in addresses):
        raise NetworkError(
            f"{host} resolves to a private, loopback or reserved address",
            code="network_address_refused",
            permanent=True,
        )
    return addresses[0]


async def download(http: httpx.AsyncClient, media: MediaItem) -> bytes:
    """The media's bytes from its (presigned) link; a link that answers 4xx fails the post."""
    response = await send(http, "GET", media.url)
    if response.status_code >= 400:
        permanent = response.status_code not in TRANSIENT_STATUSES
        raise NetworkError(
            f"media download answered {response.status_code}", code="media_unavailable", permanent=permanent
        )
    if len(response.content) > MEDIA_MAX_BYTES:
        raise NetworkError("media larger than any network takes", code="media_too_large", permanent=True)
    return response.content


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# -- OAuth 2.0 tokens ------------------------------------------------------------------------


@dataclass(frozen=True)
class Tokens:
    """What a token endpoint answered. ``expires_at`` None: the network gave no lifetime."""

    access_token: str
    refresh_token: str = ""
    expires_at: datetime | None = None
    scope: str = ""
    refresh_expires_at: datetime | None = None


def tokens_from(body: Mapping[str, Any], *, previous_refresh_token: str = "") -> Tokens:
    now = datetime.now(UTC)

    def at(seconds: Any) -> datetime | None:
        return now + timedelta(seconds=int(seconds)) if seconds else None

    return Tokens(
        access_token=str(body["access_token"]),
        refresh_token=str(body.get("refresh_token") or previous_refresh_token),
        expires_at=at(body.get("expires_in")),
        scope=str(body.get("scope") or ""),
        refresh_expires_at=at(body.get("refresh_token_expires_in")),
    )


async def token_request(
    http: httpx.AsyncClient,
    url: str,
    *,
    data: Mapping[str, str],
    client_id: str,
    client_secret: str = "",
    basic_auth: bool = True,
) -> Mapping[str, Any]:
    """POST to a token endpoint (form-encoded, RFC 6749 §4.1.3/§6). Confidential clients send their
    credentials by HTTP Basic (``basic_auth``) or in the body; public ones send ``client_id`` only.
    ``invalid_grant`` / ``invalid_client`` / ``unauthorized_client`` → ``NetworkAuthError``."""
    form = dict(data)
    auth = None
    if client_secret and basic_auth:
        auth = httpx.BasicAuth(client_id, client_secret)
    else:
        form["client_id"] = client_id
        if client_secret:
            form["client_secret"] = client_secret
    response = await send(http, "POST", url, data=form, auth=auth, headers={"Accept": "application/json"})
    body = body_of(response)
    if response.is_success and body.get("access_token"):
        return body
    error = str(body.get("error") or "")
    message = str(body.get("error_description") or error or f"HTTP {response.status_code}")
    if error in {"invalid_grant", "invalid_client", "unauthorized_client", "invalid_token"}:
        raise NetworkAuthError(message, code=f"oauth_{error}")
    if response.status_code == 429 or response.status_code in TRANSIENT_STATUSES:
        raise NetworkError(message, code="network_unavailable", retry_after=retry_after(response.headers))
    raise NetworkError(message, code="oauth_refused", permanent=True)


async def refresh_tokens(
    http: httpx.AsyncClient, url: str, *, refresh_token: str, client_id: str, client_secret: str = "", basic_auth=True
) -> Tokens:
    body = await token_request(
        http,
        url,
        data={"grant_type": "refresh_token", "refresh_token": refresh_token},
        client_id=client_id,
        client_secret=client_secret,
        basic_auth=basic_auth,
    )
    return tokens_from(body, previous_refresh_token=refresh_token)


@dataclass(frozen=True)
class OAuthEndpoints:
    """What the connect flow (Authlib) needs to know of a network's OAuth 2.0 server."""

    authorize_url: str
    token_url: str
    scopes: tuple[str, ...]
    pkce: bool = True  # code_challenge_method=S256
    token_auth: str = "client_secret_basic"  # or client_secret_post / none (public client)
    revoke_url: str = ""
