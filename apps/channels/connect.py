"""The connect flows (docs/channels.md#connecting): OAuth 2.0 authorization code with PKCE for X,
LinkedIn and Mastodon (the app registered on each instance first, its credentials reused), app
password for Bluesky. A started connection is a ``ConnectAttempt`` whose ``state`` is bound to the
user, workspace and network, used once (a conditional UPDATE) within CHANNEL_OAUTH_STATE_TTL_SECONDS.

The network calls are async (the network modules' and Authlib's); these services run them with
``async_to_sync`` outside any transaction, then write in one.
"""

from __future__ import annotations

import importlib
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import httpx
from asgiref.sync import async_to_sync
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.channels import oauth, vault
from apps.channels.exceptions import (
    ChannelConnectRefused,
    ChannelConnectStateInvalid,
    ChannelNetworkUnavailable,
    NetworkNotConfigured,
    NetworkUnknown,
)
from apps.channels.models import Channel, ConnectAttempt, MastodonApp, Network
from apps.channels.networks import bluesky, linkedin, mastodon, network_get
from apps.channels.networks.base import AccountAuth, NetworkAuthError, NetworkError
from apps.channels.networks.common import Tokens
from apps.channels.selectors import network_info
from apps.channels.services import channel_save_connection
from apps.common.exceptions import ValidationFailed
from apps.organizations.models import Role, Workspace
from apps.organizations.selectors import (
    membership_require,
    workspace_default,
    workspace_get_for_organization,
    workspace_scope_check,
)
from apps.users.models import User
from apps.webhooks.netguard import address_is_public

OAUTH_NETWORKS = (Network.X, Network.LINKEDIN, Network.MASTODON)


@dataclass(frozen=True)
class ConnectStart:
    authorization_url: str
    state: str
    expires_at: datetime
    redirect_uri: str


# --------------------------------------------------------------------------- helpers


def _workspace(*, user: User, organization_id: UUID | str | None, workspace_id: UUID | str | None) -> Workspace:
    """The workspace a channel is connected to: the caller must be admin of its organization."""
    membership = membership_require(user=user, organization_id=organization_id, role=Role.ADMIN)
    if workspace_id:
        workspace = workspace_get_for_organization(
            organization_id=membership.organization_id, workspace_id=workspace_id
        )
    else:
        workspace = workspace_default(organization_id=membership.organization_id)
    workspace_scope_check(user=user, workspace_id=workspace.pk)
    return workspace


def network_require(network: str, *, oauth: bool = False) -> None:
    """404 for an unknown network, 400 for Bluesky on the OAuth route (``oauth``), 503 for a
    network this server is not configured for."""
    info = network_info(network)
    if info is None:
        raise NetworkUnknown()
    if oauth and network not in OAUTH_NETWORKS:
        raise ValidationFailed(
            f"{info.name} connects with an app password: POST /api/v1/channels/connect/bluesky/.",
            details={"network": ["This network does not use OAuth."]},
        )
    if not info.available:
        raise NetworkNotConfigured(info.reason)


def instance_url_check(url: str) -> str:
    """``https://host`` of a Mastodon instance or a Bluesky PDS the user named, refused when it is
    not a public https server (our server calls it: no request to a private address), unless
    CHANNEL_ALLOW_PRIVATE_INSTANCES (development, tests)."""
    value = url.strip().rstrip("/")
    if value and "://" not in value:
        value = f"https://{value}"
    try:
        parsed = httpx.URL(value)
    except httpx.InvalidURL:
        parsed = None
    refusal = ValidationFailed("The instance URL is not valid.", details={"instance_url": ["Not a valid https URL."]})
    if parsed is None or not parsed.host or parsed.userinfo or parsed.path not in ("", "/") or parsed.query:
        raise refusal
    if settings.CHANNEL_ALLOW_PRIVATE_INSTANCES:
        return f"{parsed.scheme}://{parsed.netloc.decode()}"
    if parsed.scheme != "https":
        raise refusal
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parsed.host, parsed.port or 443)}
    except (OSError, UnicodeError) as exc:
        raise ValidationFailed(
            "The instance could not be found.", details={"instance_url": ["The host does not resolve."]}
        ) from exc
    if not addresses or not all(address_is_public(address) for address in addresses):
        raise refusal
    return f"https://{parsed.netloc.decode()}"


def _network_failure(exc: NetworkError) -> Exception:
    details: dict[str, Any] = {"network_code": exc.code}
    if exc.retry_after is not None:
        details["retry_after"] = exc.retry_after
    if isinstance(exc, NetworkAuthError) or exc.permanent:
        return ChannelConnectRefused(f"The network refused: {exc.message}", details=details)
    return ChannelNetworkUnavailable(details=details)


def _http() -> httpx.AsyncClient:
    return httpx.AsyncClient(timeout=settings.CHANNEL_HTTP_TIMEOUT_SECONDS, follow_redirects=False)


def redirect_uri_for(network: str) -> str:
    return settings.CHANNEL_OAUTH_REDIRECT_URL.replace("{network}", network)


# --------------------------------------------------------------------------- OAuth clients


def _mastodon_app(instance_url: str, redirect_uri: str) -> MastodonApp:
    """Our app on that instance: registered at its first connection, reused after."""
    scopes = " ".join(mastodon.SCOPES)
    found = MastodonApp.objects.filter(instance_url=instance_url, redirect_uri=redirect_uri, scopes=scopes).first()
    if found is not None:
        return found

    async def register() -> mastodon.AppCredentials:
        async with _http() as http:
            return await mastodon.app_register(
                instance_url=instance_url,
                redirect_uri=redirect_uri,
                client_name=settings.CHANNEL_APP_NAME,
                website=settings.API_BASE_URL,
                http=http,
            )

    try:
        credentials = async_to_sync(register)()
    except NetworkError as exc:
        raise _network_failure(exc) from exc
    try:
        with transaction.atomic():
            return MastodonApp.objects.create(
                instance_url=instance_url,
                redirect_uri=redirect_uri,
                scopes=scopes,
                client_id=credentials.client_id,
                client_secret=vault.encrypt(credentials.client_secret),
            )
    except IntegrityError:  # registered at the same time by another connection: use that one
        return MastodonApp.objects.get(instance_url=instance_url, redirect_uri=redirect_uri, scopes=scopes)


def oauth_client(
    network: str, *, instance_url: str = "", redirect_uri: str, register: bool = True, organizations: bool = False
) -> oauth.OAuthClientConfig:
    """Our OAuth client at the network (Mastodon: at that instance, registered there if needed)."""
    if network == Network.MASTODON:
        app = (
            _mastodon_app(instance_url, redirect_uri)
            if register
            else MastodonApp.objects.filter(
                instance_url=instance_url, redirect_uri=redirect_uri, scopes=" ".join(mastodon.SCOPES)
            ).first()
        )
        if app is None:
            raise NetworkNotConfigured("No app is registered on this Mastodon instance.")
        return oauth.OAuthClientConfig(
            endpoints=mastodon.oauth_endpoints(instance_url),
            client_id=app.client_id,
            client_secret=vault.decrypt(app.client_secret),
            redirect_uri=redirect_uri,
        )
    try:
        module = importlib.import_module(f"apps.channels.networks.{network}")
    except ModuleNotFoundError as exc:
        raise NetworkNotConfigured(f"The {network} network module is not installed.") from exc
    prefix = network.upper()
    endpoints = module.oauth_endpoints(organizations=organizations) if network == Network.LINKEDIN else None
    return oauth.OAuthClientConfig(
        endpoints=endpoints or module.oauth_endpoints(),
        client_id=getattr(settings, f"{prefix}_CLIENT_ID"),
        client_secret=getattr(settings, f"{prefix}_CLIENT_SECRET"),
        redirect_uri=redirect_uri,
    )


# --------------------------------------------------------------------------- the flows


def connect_start(
    *,
    user: User,
    network: str,
    organization_id: UUID | str | None,
    workspace_id: UUID | str | None = None,
    instance_url: str = "",
    organizations: bool = False,
) -> ConnectStart:
    """Start an OAuth connection: the URL of the network's consent page, with a new single-use
    ``state`` bound to the user, the workspace and the network."""
    workspace = _workspace(user=user, organization_id=organization_id, workspace_id=workspace_id)
    network_require(network, oauth=True)
    if network == Network.MASTODON:
        if not instance_url:
            raise ValidationFailed(
                "Name the Mastodon instance.", details={"instance_url": ["This field is required for Mastodon."]}
            )
        instance_url = instance_url_check(instance_url)
    else:
        instance_url = ""
    redirect_uri = redirect_uri_for(network)
    organizations = organizations and network == Network.LINKEDIN
    config = oauth_client(network, instance_url=instance_url, redirect_uri=redirect_uri, organizations=organizations)
    state, verifier = oauth.new_state(), oauth.new_code_verifier()
    attempt = ConnectAttempt.objects.create(
        state=state,
        user=user,
        organization_id=workspace.organization_id,
        workspace=workspace,
        network=network,
        instance_url=instance_url,
        redirect_uri=redirect_uri,
        organizations=organizations,
        code_verifier=vault.encrypt(verifier),
        expires_at=timezone.now() + timedelta(seconds=settings.CHANNEL_OAUTH_STATE_TTL_SECONDS),
    )
    url = oauth.authorization_url(config, state=state, code_verifier=verifier)
    return ConnectStart(authorization_url=url, state=state, expires_at=attempt.expires_at, redirect_uri=redirect_uri)


def _attempt_consume(*, user: User, network: str, state: str) -> ConnectAttempt:
    """The connection this ``state`` started, used up now: unknown, another user's or network's,
    expired or used before → 400 (one answer for all, nothing to tell them apart)."""
    now = timezone.now()
    taken = ConnectAttempt.objects.filter(
        state=state, user=user, network=network, consumed_at__isnull=True, expires_at__gt=now
    ).update(consumed_at=now)
    if taken != 1:
        raise ChannelConnectStateInvalid()
    return ConnectAttempt.objects.select_related("workspace").get(state=state)


async def _exchange_and_read(
    config: oauth.OAuthClientConfig, *, attempt: ConnectAttempt, code: str, verifier: str
) -> tuple[Tokens, Any, list[Any]]:
    """The tokens, the account's profile and (LinkedIn with ``organizations``) the pages it administers."""
    tokens = await oauth.exchange_code(config, code=code, code_verifier=verifier)
    auth = AccountAuth(
        network=attempt.network, access_token=tokens.access_token, account_id="", instance_url=attempt.instance_url
    )
    async with _http() as http:
        profile = await network_get(attempt.network).fetch_profile(auth=auth, http=http)
        pages = await linkedin.organizations(auth=auth, http=http) if attempt.organizations else []
    return tokens, profile, pages


def connect_complete(*, user: User, network: str, code: str, state: str) -> tuple[Channel, bool]:
    """The network sent the user back with ``code``: exchange it (with the PKCE verifier), read the
    account's profile and create the channel, or refresh the one of that account."""
    attempt = _attempt_consume(user=user, network=network, state=state)
    # The role or the API key's workspace may have changed in the ten minutes: checked again.
    membership_require(user=user, organization_id=attempt.organization_id, role=Role.ADMIN)
    workspace_scope_check(user=user, workspace_id=attempt.workspace_id)
    config = oauth_client(
        network,
        instance_url=attempt.instance_url,
        redirect_uri=attempt.redirect_uri,
        register=False,
        organizations=attempt.organizations,
    )
    try:
        tokens, profile, pages = async_to_sync(_exchange_and_read)(
            config, attempt=attempt, code=code, verifier=vault.decrypt(attempt.code_verifier)
        )
    except NetworkError as exc:
        raise _network_failure(exc) from exc
    saved = [
        channel_save_connection(
            workspace=attempt.workspace,
            user=user,
            network=network,
            profile=account,
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            token_expires_at=tokens.expires_at,
            scopes=tokens.scope.split() if tokens.scope else list(config.endpoints.scopes),
            instance_url=attempt.instance_url,
        )
        for account in (profile, *pages)  # a LinkedIn page acts with its administrator's token
    ]
    return saved[0]


async def _bluesky_session(*, handle: str, app_password: str, pds: str) -> tuple[bluesky.Session, Any]:
    async with _http() as http:
        session = await bluesky.create_session(identifier=handle, password=app_password, pds=pds, http=http)
        auth = AccountAuth(
            network=Network.BLUESKY,
            access_token=session.access_jwt,
            account_id=session.did,
            instance_url=session.pds_url,
        )
        profile = await network_get(Network.BLUESKY).fetch_profile(auth=auth, http=http)
    return session, profile


def connect_bluesky(
    *,
    user: User,
    organization_id: UUID | str | None,
    workspace_id: UUID | str | None = None,
    handle: str,
    app_password: str,
    pds_url: str = "",
) -> tuple[Channel, bool]:
    """Connect a Bluesky account with an app password: a session is opened and its refresh JWT kept
    (encrypted); the app password itself is never stored (docs/channels.md#bluesky)."""
    workspace = _workspace(user=user, organization_id=organization_id, workspace_id=workspace_id)
    network_require(Network.BLUESKY)
    pds = instance_url_check(pds_url) if pds_url else ""
    try:
        session, profile = async_to_sync(_bluesky_session)(handle=handle, app_password=app_password, pds=pds)
    except NetworkError as exc:
        raise _network_failure(exc) from exc
    return channel_save_connection(
        workspace=workspace,
        user=user,
        network=Network.BLUESKY,
        profile=profile,
        access_token=session.access_jwt,
        refresh_token=session.refresh_jwt,
        token_expires_at=session.access_expires_at,
        scopes=["atproto"],
        instance_url=session.pds_url,
    )
