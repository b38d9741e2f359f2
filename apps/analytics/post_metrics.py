"""Reads of the metrics read back from the networks (apps.scheduling.metrics; docs/channels.md#metrics):
an organization's posts published through a channel with their readings, and per-channel totals
(each post counted at its latest reading). Members (any role) read their organization's."""

from __future__ import annotations

from uuid import UUID

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Sum

from apps.channels.models import Channel
from apps.organizations.selectors import membership_get, workspace_get_for_organization
from apps.scheduling.models import PostMetrics, PostStatus, ScheduledPost
from apps.users.models import User

COUNTS = ("likes", "reposts", "replies", "impressions")


def _published(*, user: User, organization_id: UUID | str | None, workspace_id: UUID | str | None) -> QuerySet:
    membership = membership_get(user=user, organization_id=organization_id)
    posts = ScheduledPost.objects.filter(
        organization_id=membership.organization_id, status=PostStatus.PUBLISHED, channel__isnull=False
    )
    if workspace_id:
        workspace = workspace_get_for_organization(
            organization_id=membership.organization_id, workspace_id=workspace_id
        )
        posts = posts.filter(channel__workspace=workspace)
    return posts


def post_metrics_list(
    *,
    user: User,
    organization_id: UUID | str | None,
    workspace_id: UUID | str | None = None,
    channel_id: UUID | str | None = None,
    network: str | None = None,
) -> QuerySet[ScheduledPost]:
    """Posts published through a channel, newest first, each with its readings (oldest first)."""
    posts = _published(user=user, organization_id=organization_id, workspace_id=workspace_id)
    if channel_id:
        posts = posts.filter(channel_id=channel_id)
    if network:
        posts = posts.filter(channel__network=network)
    readings = Prefetch("metrics", queryset=PostMetrics.objects.order_by("read_at"))
    return posts.select_related("channel").prefetch_related(readings).order_by("-published_at", "-id")


def channel_metrics_totals(
    *, user: User, organization_id: UUID | str | None, workspace_id: UUID | str | None = None
) -> list[dict]:
    """Per channel that published: posts published, and the sums of each post's latest reading
    (a count no post of the channel has is null)."""
    posts = _published(user=user, organization_id=organization_id, workspace_id=workspace_id)
    latest = PostMetrics.objects.filter(post=OuterRef("pk")).order_by("-read_at")
    for name in COUNTS:
        posts = posts.annotate(**{f"latest_{name}": Subquery(latest.values(name)[:1], output_field=IntegerField())})
    sums = {name: Sum(f"latest_{name}") for name in COUNTS}
    rows = posts.values("channel_id").annotate(posts=Count("id"), **sums).order_by("channel_id")
    channels = {c.pk: c for c in Channel.objects.filter(pk__in=[row["channel_id"] for row in rows])}
    return [
        {
            "channel_id": row["channel_id"],
            "network": channels[row["channel_id"]].network,
            "handle": channels[row["channel_id"]].handle,
            "state": channels[row["channel_id"]].state,
            "posts": row["posts"],
            **{name: row[name] for name in COUNTS},
        }
        for row in sorted(rows, key=lambda r: (channels[r["channel_id"]].network, channels[r["channel_id"]].handle))
    ]
