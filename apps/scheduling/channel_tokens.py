"""The scheduler contract's channel token (docs/scheduler-contract.md#8-channel-token): the Node.js
scheduler, about to publish a post with a channel, asks for the channel's access token with its
service token. It gets the access token only (never the refresh token), refreshed first when it
would expire within CHANNEL_TOKEN_MIN_LIFETIME_SECONDS; every issue is in the audit log
(``channel.token_issued``, actor the scheduler)."""

from datetime import timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.utils import timezone

from apps.channels.exceptions import ChannelNotActive
from apps.channels.models import Channel, ChannelState
from apps.channels.refresh import channel_token_refresh
from apps.channels.selectors import channel_account_auth
from apps.common.events import Actor, emit
from apps.scheduling.exceptions import PostWithoutChannel, ScheduledPostNotFound
from apps.scheduling.models import ACTIVE_STATUSES, ScheduledPost

SCHEDULER_ACTOR = Actor(label="scheduler-service")


def _expiring(channel: Channel) -> bool:
    horizon = timezone.now() + timedelta(seconds=settings.CHANNEL_TOKEN_MIN_LIFETIME_SECONDS)
    return channel.token_expires_at is not None and channel.token_expires_at <= horizon and bool(channel.refresh_token)


def scheduled_post_channel_token(*, post_id: UUID | str) -> dict[str, Any]:
    """The access token of the channel of a post still to go out: 404 for a missing post or one
    that is out, 409 for a post without channel or whose channel is not active."""
    post = ScheduledPost.objects.select_related("channel").filter(pk=post_id, status__in=ACTIVE_STATUSES).first()
    if post is None:
        raise ScheduledPostNotFound()
    if post.channel is None:
        raise PostWithoutChannel()
    channel = post.channel
    if channel.state == ChannelState.ACTIVE and _expiring(channel):
        channel_token_refresh(channel_id=channel.pk)
        channel.refresh_from_db()
    if channel.state != ChannelState.ACTIVE:
        raise ChannelNotActive(details={"channel_id": str(channel.pk), "state": channel.state})
    auth = channel_account_auth(channel=channel)
    emit(
        "channel.token_issued",
        organization_id=channel.organization_id,
        target=("channel", channel.pk),
        data={"scheduled_post_id": str(post.pk), "channel_id": str(channel.pk), "network": channel.network},
        actor=SCHEDULER_ACTOR,
    )
    return {
        "scheduled_post_id": post.pk,
        "channel_id": channel.pk,
        "network": channel.network,
        "account_id": channel.account_id,
        "instance_url": channel.instance_url,
        "access_token": auth.access_token,
        "expires_at": channel.token_expires_at,
    }
