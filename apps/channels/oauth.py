"""OAuth 2.0 authorization code with PKCE (RFC 6749, RFC 7636), spoken by Authlib's httpx client:
the authorization URL, the code exchange and the refresh. Where each network's endpoints and
scopes are is the network module's (``oauth_endpoints``); which client id and secret is ours.

Failures come out as the network seam's exceptions: a refused grant or client (``invalid_grant``,
``invalid_client``, ...) is ``NetworkAuthError``; an unreachable or failing server is a transient
``NetworkError``; any other refusal a permanent one.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
from authlib.common.security import generate_token
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.httpx_client import AsyncOAuth2Client
from django.conf import settings

from apps.channels.networks.base import NetworkAuthError, NetworkError
from apps.channels.networks.common import OAuthEndpoints, Tokens, tokens_from

# Authlib's httpx client runs on httpx2 where it is installed (it is, beside the AI SDKs), else on
# httpx: the transport errors of either.
try:
    import httpx2

    HTTP_ERRORS: tuple[type[Exception], ...] = (httpx.HTTPError, httpx2.HTTPError)
except ImportError:  # pragma: no cover - httpx2 comes with the AI SDKs
    HTTP_ERRORS = (httpx.HTTPError,)

AUTH_REFUSALS = frozenset({"invalid_grant", "invalid_client", "unauthorized_client", "invalid_token", "access_denied"})


@dataclass(frozen=True)
class OAuthClientConfig:
    """Our client at one network's OAuth server."""

    endpoints: OAuthEndpoints
    client_id: str
    client_secret: str
    redirect_uri: str


def _client(config: OAuthClientConfig) -> AsyncOAuth2Client:
    return AsyncOAuth2Client(
        client_id=config.client_id,
        client_secret=config.client_secret or None,
        token_endpoint_auth_method=config.endpoints.token_auth,
        scope=" ".join(config.endpoints.scopes),
        redirect_uri=config.redirect_uri,
        code_challenge_method="S256" if config.endpoints.pkce else None,
        timeout=settings.CHANNEL_HTTP_TIMEOUT_SECONDS,
        follow_redirects=False,
    )


def new_state() -> str:
    return generate_token(43)


def new_code_verifier() -> str:
    """RFC 7636 §4.1: 43 to 128 characters of the unreserved set."""
    return generate_token(64)


def authorization_url(config: OAuthClientConfig, *, state: str, code_verifier: str) -> str:
    """Where the user's browser goes to consent (no network call)."""
    client = _client(config)
    verifier = code_verifier if config.endpoints.pkce else None
    url, _ = client.create_authorization_url(config.endpoints.authorize_url, state=state, code_verifier=verifier)
    return url


async def _token_call(config: OAuthClientConfig, call: Callable[[AsyncOAuth2Client], Awaitable[dict]]) -> Tokens:
    try:
        async with _client(config) as client:
            body = await call(client)
    except OAuthError as exc:
        message = exc.description or exc.error or "the network refused the grant"
        if exc.error in AUTH_REFUSALS:
            raise NetworkAuthError(message, code=f"oauth_{exc.error}") from exc
        raise NetworkError(message, code="oauth_refused", permanent=True) from exc
    except HTTP_ERRORS as exc:
        response = getattr(exc, "response", None)
        reason = f"the token endpoint answered {response.status_code}" if response is not None else type(exc).__name__
        raise NetworkError(reason, code="network_unavailable") from exc
    except ValueError as exc:  # not a JSON object (a gateway's page)
        raise NetworkError(str(exc), code="network_unavailable") from exc
    if not body.get("access_token"):
        raise NetworkError("the token endpoint answered no access token", code="oauth_refused", permanent=True)
    return tokens_from(body)


async def exchange_code(config: OAuthClientConfig, *, code: str, code_verifier: str) -> Tokens:
    """The authorization code (and the PKCE verifier) for tokens."""
    verifier = {"code_verifier": code_verifier} if config.endpoints.pkce else {}
    return await _token_call(
        config, lambda client: client.fetch_token(config.endpoints.token_url, code=code, **verifier)
    )


async def refresh(config: OAuthClientConfig, *, refresh_token: str) -> Tokens:
    """New tokens for a refresh token (RFC 6749 §6); the old refresh token is kept when the network
    does not rotate it."""
    tokens = await _token_call(
        config, lambda client: client.refresh_token(config.endpoints.token_url, refresh_token=refresh_token)
    )
    if not tokens.refresh_token:
        return Tokens(
            access_token=tokens.access_token,
            refresh_token=refresh_token,
            expires_at=tokens.expires_at,
            scope=tokens.scope,
            refresh_expires_at=tokens.refresh_expires_at,
        )
    return tokens
