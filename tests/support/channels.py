"""Channels in tests: a connected channel made through the real service (tokens through the vault)."""

from datetime import timedelta

from django.utils import timezone

from apps.channels.models import Channel
from apps.channels.networks.base import Profile
from apps.channels.services import channel_save_connection
from apps.organizations.models import Organization, Workspace
from apps.organizations.selectors import workspace_default
from apps.users.models import User


def connected_channel(
    organization: Organization,
    user: User | None = None,
    *,
    workspace: Workspace | None = None,
    network: str = "mastodon",
    account_id: str = "1001",
    handle: str = "@victim@social.example",
    access_token: str = "access-secret-token",
    refresh_token: str = "refresh-secret-token",
    expires_in: timedelta | None = timedelta(hours=2),
    instance_url: str = "",
) -> Channel:
    channel, _ = channel_save_connection(
        workspace=workspace or workspace_default(organization_id=organization.pk),
        user=user,
        network=network,
        profile=Profile(account_id=account_id, handle=handle, display_name="Victim", avatar_url=""),
        access_token=access_token,
        refresh_token=refresh_token,
        token_expires_at=timezone.now() + expires_in if expires_in else None,
        scopes=["write:statuses"],
        instance_url=instance_url or ("https://social.example" if network == "mastodon" else ""),
    )
    return channel
