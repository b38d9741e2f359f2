"""Reads of the channels, scoped by membership (a foreign id is the same 404 as a missing one), and
of which networks this server can connect."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from apps.channels import vault
from apps.channels.exceptions import ChannelNotFound
from apps.channels.models import Channel, ChannelState, Network
from apps.channels.networks.base import AccountAuth
from apps.organizations.selectors import (
    membership_get,
    workspace_get_for_organization,
    workspace_scope,
    workspace_scope_filter,
)
from apps.users.models import User


@dataclass(frozen=True)
class NetworkInfo:
    network: str
    name: str
    connect_method: str  # "oauth2_pkce" | "oauth2_instance" (Mastodon) | "app_password" (Bluesky)
    available: bool
    reason: str = ""


def network_list() -> list[NetworkInfo]:
    """The four networks and whether this server can connect them: an OAuth network without its
    client id and secret configured is unavailable (a state, not an error)."""

    def oauth(network: Network, client_id: str, secret: str, variable: str) -> NetworkInfo:
        available = bool(client_id and secret)
        reason = "" if available else f"{variable}_CLIENT_ID and {variable}_CLIENT_SECRET are not configured."
        return NetworkInfo(network.value, network.label, "oauth2_pkce", available, reason)

    return [
        oauth(Network.X, settings.X_CLIENT_ID, settings.X_CLIENT_SECRET, "X"),
        oauth(Network.LINKEDIN, settings.LINKEDIN_CLIENT_ID, settings.LINKEDIN_CLIENT_SECRET, "LINKEDIN"),
        NetworkInfo(
            Network.MASTODON.value,
            Network.MASTODON.label,
            "oauth2_instance",
            settings.CHANNEL_MASTODON_ENABLED,
            "" if settings.CHANNEL_MASTODON_ENABLED else "CHANNEL_MASTODON_ENABLED is off.",
        ),
        NetworkInfo(
            Network.BLUESKY.value,
            Network.BLUESKY.label,
            "app_password",
            settings.CHANNEL_BLUESKY_ENABLED,
            "" if settings.CHANNEL_BLUESKY_ENABLED else "CHANNEL_BLUESKY_ENABLED is off.",
        ),
    ]


def network_info(network: str) -> NetworkInfo | None:
    return next((info for info in network_list() if info.network == network), None)


def channel_organization_id(*, channel_id: UUID | str | None) -> UUID | None:
    """The organization of a channel (None when it does not exist): what the rate limiter charges."""
    try:
        return Channel.objects.filter(pk=channel_id).values_list("organization_id", flat=True).first()
    except (ValueError, TypeError, ValidationError):
        return None


def channel_get_for_user(*, user: User, channel_id: UUID | str) -> Channel:
    """A channel of one of the caller's organizations (any role; an API key: of its workspace), or 404."""
    qs = Channel.objects.filter(organization__members__user=user)
    scope = workspace_scope(user=user)
    if scope is not None:
        qs = qs.filter(workspace_id=scope)
    try:
        return qs.get(pk=channel_id)
    except (Channel.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise ChannelNotFound() from exc


def channel_list(
    *,
    user: User,
    organization_id: UUID | str | None,
    workspace_id: UUID | str | None = None,
    network: str | None = None,
    state: str | None = None,
) -> QuerySet[Channel]:
    """An organization's channels (an API key limited to a workspace: that workspace's only)."""
    membership = membership_get(user=user, organization_id=organization_id)
    qs = Channel.objects.filter(organization_id=membership.organization_id)
    workspace_id = workspace_scope_filter(user=user, workspace_id=workspace_id)
    if workspace_id:
        workspace = workspace_get_for_organization(
            organization_id=membership.organization_id, workspace_id=workspace_id
        )
        qs = qs.filter(workspace=workspace)
    if network:
        qs = qs.filter(network=network)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("network", "handle", "id")


def channel_account_auth(*, channel: Channel, extra: dict[str, str] | None = None) -> AccountAuth:
    """What a network module needs to act as the channel's account: the access token decrypted now,
    just before the call (never kept, never logged)."""
    return AccountAuth(
        network=channel.network,
        access_token=vault.decrypt(channel.access_token),
        account_id=channel.account_id,
        instance_url=channel.instance_url,
        extra=extra or {},
    )


def channels_active_for_workspaces(*, channel_ids: set, organization_id: UUID | str) -> dict:
    """The active channels among ``channel_ids`` of the organization, by id (one query)."""
    if not channel_ids:
        return {}
    rows = Channel.objects.filter(pk__in=channel_ids, organization_id=organization_id, state=ChannelState.ACTIVE)
    return {channel.pk: channel for channel in rows}
