"""Token refresh before expiry (the worker's periodic ``channels_refresh``; docs/channels.md#refresh).

Every active channel whose access token expires within CHANNEL_REFRESH_AHEAD_SECONDS and that holds
a refresh token is refreshed: X and LinkedIn through their OAuth token endpoint (Authlib), Bluesky
with its session's refresh JWT (``com.atproto.server.refreshSession``). Mastodon tokens do not
expire. A refusal (``invalid_grant``, a revoked app, an expired refresh JWT) turns the channel
``reconnect_required`` (event, email to the admins); a network that cannot be reached is tried
again at the next run.

A channel is refreshed under its row lock (taken with SKIP LOCKED: two workers never refresh the
same channel, whose refresh token may rotate and be usable once).
"""

import logging
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from asgiref.sync import async_to_sync
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.channels import oauth, vault
from apps.channels.connect import _http, oauth_client
from apps.channels.exceptions import NetworkNotConfigured
from apps.channels.models import Channel, ChannelState, Network
from apps.channels.networks import bluesky
from apps.channels.networks.base import AccountAuth, NetworkAuthError, NetworkError
from apps.channels.networks.common import Tokens
from apps.channels.selectors import channel_account_auth
from apps.channels.services import channel_mark_reconnect_required

logger = logging.getLogger(__name__)


def channels_refresh_due(*, now: datetime | None = None) -> list[UUID]:
    """The active channels whose token expires soon and that can be refreshed, soonest first."""
    now = now or timezone.now()
    horizon = now + timedelta(seconds=settings.CHANNEL_REFRESH_AHEAD_SECONDS)
    due = Channel.objects.filter(state=ChannelState.ACTIVE, token_expires_at__lte=horizon).exclude(refresh_token="")
    return list(due.order_by("token_expires_at").values_list("pk", flat=True)[: settings.CHANNEL_REFRESH_BATCH_SIZE])


async def _bluesky_refresh(channel: Channel, refresh_token: str) -> Tokens:
    async with _http() as http:
        session = await bluesky.refresh(refresh_jwt=refresh_token, pds=channel.instance_url, http=http)
    return Tokens(
        access_token=session.access_jwt,
        refresh_token=session.refresh_jwt,
        expires_at=session.access_expires_at,
        refresh_expires_at=session.refresh_expires_at,
    )


def _new_tokens(channel: Channel) -> Tokens:
    refresh_token = vault.decrypt(channel.refresh_token)
    if channel.network == Network.BLUESKY:
        return async_to_sync(_bluesky_refresh)(channel, refresh_token)
    if channel.network == Network.MASTODON:  # its tokens do not expire and come with no refresh token
        raise NetworkError("Mastodon tokens are not refreshed.", code="refresh_unsupported", permanent=True)
    redirect_uri = settings.CHANNEL_OAUTH_REDIRECT_URL.replace("{network}", channel.network)
    try:
        config = oauth_client(
            channel.network, instance_url=channel.instance_url, redirect_uri=redirect_uri, register=False
        )
    except NetworkNotConfigured as exc:  # the app's client id or secret was removed from the settings
        raise NetworkError(exc.message, code="network_not_configured") from exc
    return async_to_sync(oauth.refresh)(config, refresh_token=refresh_token)


def channel_token_refresh(*, channel_id: UUID | str) -> str:
    """Refresh one channel's tokens. Returns "refreshed", "refused" (now reconnect_required),
    "failed" (to try again), or "skipped" (taken by another worker, or no longer due)."""
    with transaction.atomic():
        channel = (
            Channel.objects.select_for_update(skip_locked=True)
            .filter(pk=channel_id, state=ChannelState.ACTIVE)
            .exclude(refresh_token="")
            .first()
        )
        if channel is None:
            return "skipped"
        try:
            tokens = _new_tokens(channel)
        except NetworkAuthError as exc:
            channel_mark_reconnect_required(channel_id=channel.pk, reason=f"Token refresh refused: {exc.message}")
            return "refused"
        except NetworkError as exc:
            Channel.objects.filter(pk=channel.pk).update(refresh_failures=channel.refresh_failures + 1)
            logger.warning(
                "channel token refresh failed", extra={"channel_id": str(channel.pk), "network_code": exc.code}
            )
            return "failed"
        channel.access_token = vault.encrypt(tokens.access_token)
        channel.refresh_token = vault.encrypt(tokens.refresh_token)
        channel.token_expires_at = tokens.expires_at
        channel.refresh_failures = 0
        channel.save(
            update_fields=["access_token", "refresh_token", "token_expires_at", "refresh_failures", "updated_at"]
        )
    return "refreshed"


def channel_auth_after_refresh(*, channel_id: UUID | str, extra: dict[str, str]) -> AccountAuth | None:
    """A network refused the channel's access token: refresh it now and answer the new auth, or
    None when it cannot be refreshed (no refresh token, refused: then reconnect_required, or the
    network unreachable)."""
    if channel_token_refresh(channel_id=channel_id) != "refreshed":
        return None
    return channel_account_auth(channel=Channel.objects.get(pk=channel_id), extra=extra)


def channels_refresh_run() -> dict[str, Any]:
    """One run of the worker's refresh: every channel due, one after the other."""
    outcomes: dict[str, int] = {}
    for channel_id in channels_refresh_due():
        try:
            outcome = channel_token_refresh(channel_id=channel_id)
        except Exception:  # one channel's bug must not stop the others'
            logger.exception("channel token refresh crashed", extra={"channel_id": str(channel_id)})
            outcome = "crashed"
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
