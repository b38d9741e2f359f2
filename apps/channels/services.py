"""Writes of the channels: save a connected account with its tokens (encrypted), disconnect, mark a
channel ``reconnect_required``, re-encrypt the vault under its newest key."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.channels import vault
from apps.channels.emails import channel_reconnect_email
from apps.channels.models import Channel, ChannelState, ConnectAttempt, MastodonApp
from apps.channels.networks.base import Profile
from apps.common.db import delete_in_batches
from apps.common.events import emit
from apps.organizations.models import Workspace
from apps.users.emails import task_enqueue
from apps.users.models import User


def _public(channel: Channel) -> dict[str, Any]:
    """What an event says of a channel (never a token)."""
    return {
        "channel_id": str(channel.id),
        "workspace_id": str(channel.workspace_id),
        "network": channel.network,
        "handle": channel.handle,
        "state": channel.state,
    }


@transaction.atomic
def channel_save_connection(
    *,
    workspace: Workspace,
    user: User | None,
    network: str,
    profile: Profile,
    access_token: str,
    refresh_token: str = "",
    token_expires_at: datetime | None = None,
    scopes: Sequence[str] = (),
    instance_url: str = "",
) -> tuple[Channel, bool]:
    """Create the channel of this account in the workspace, or refresh it (profile, tokens, back to
    ``active``) when it was connected before. Returns (channel, created)."""
    channel, created = Channel.objects.select_for_update().get_or_create(
        workspace=workspace,
        network=network,
        account_id=profile.account_id,
        instance_url=instance_url,
        defaults={"organization_id": workspace.organization_id, "connected_by": user},
    )
    channel.connected_by = user or channel.connected_by
    channel.handle = profile.handle[:255]
    channel.display_name = profile.display_name[:255]
    channel.avatar_url = profile.avatar_url[:1000]
    channel.scopes = list(scopes)
    channel.state = ChannelState.ACTIVE
    channel.state_reason = ""
    channel.access_token = vault.encrypt(access_token)
    channel.refresh_token = vault.encrypt(refresh_token)
    channel.token_expires_at = token_expires_at
    channel.refresh_failures = 0
    channel.save()
    emit(
        "channel.connected",
        organization_id=channel.organization_id,
        target=("channel", channel.id),
        data={**_public(channel), "reconnected": not created},
    )
    return channel, created


@transaction.atomic
def channel_disconnect(*, channel: Channel) -> Channel:
    """Forget the channel's tokens and mark it ``disconnected`` (the row stays: its posts name it)."""
    Channel.objects.filter(pk=channel.pk).update(
        state=ChannelState.DISCONNECTED, state_reason="", access_token="", refresh_token="", token_expires_at=None
    )
    channel.refresh_from_db()
    emit(
        "channel.disconnected",
        organization_id=channel.organization_id,
        target=("channel", channel.id),
        data=_public(channel),
    )
    return channel


@transaction.atomic
def channel_mark_reconnect_required(*, channel_id: Any, reason: str) -> bool:
    """The network refused the channel's tokens: the channel turns ``reconnect_required`` (once: a
    conditional UPDATE from ``active``) and ``channel.reconnect_required`` is emitted (webhooks, the
    audit log). Returns whether this call changed it."""
    changed = Channel.objects.filter(pk=channel_id, state=ChannelState.ACTIVE).update(
        state=ChannelState.RECONNECT_REQUIRED, state_reason=reason[:500]
    )
    if not changed:
        return False
    channel = Channel.objects.get(pk=channel_id)
    emit(
        "channel.reconnect_required",
        organization_id=channel.organization_id,
        target=("channel", channel.id),
        data={**_public(channel), "reason": channel.state_reason},
    )
    transaction.on_commit(lambda: _reconnect_email_enqueue(channel_id=channel.pk), robust=True)
    return True


def _reconnect_email_enqueue(*, channel_id: Any) -> None:
    task_enqueue(channel_reconnect_email, channel_id=str(channel_id))


def _rotate_rows(model: Any, fields: tuple[str, ...]) -> int:
    count = 0
    for pk in model.objects.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            row = model.objects.select_for_update().filter(pk=pk).first()
            if row is None:
                continue
            for name in fields:
                setattr(row, name, vault.rotate(getattr(row, name)))
            row.save(update_fields=list(fields))
            count += 1
    return count


def vault_rotate_all() -> dict[str, int]:
    """Re-encrypt every stored secret under the newest CHANNEL_TOKEN_KEYS key (one row per
    transaction, so a long run blocks nobody); ``VaultError`` when a value is unreadable."""
    return {
        "channels": _rotate_rows(Channel, ("access_token", "refresh_token")),
        "mastodon_apps": _rotate_rows(MastodonApp, ("client_secret",)),
        "connect_attempts": _rotate_rows(ConnectAttempt, ("code_verifier",)),
    }


def connect_attempts_housekeeping(*, batch_size: int, max_batches: int) -> int:
    """Housekeeping job: connections started more than a day ago (used or expired: useless now)."""
    old = ConnectAttempt.objects.filter(expires_at__lt=timezone.now() - timedelta(days=1))
    return delete_in_batches(old, order_by="expires_at", batch_size=batch_size, max_batches=max_batches)
