"""Metrics read back (SPEC §12, docs/channels.md#metrics): the worker's periodic ``post_metrics``
reads the counts of every post published through a channel at 1 h, 24 h and 7 days after it went
out (its network module's ``read_metrics``), and keeps each reading (``PostMetrics``: a time series).

A checkpoint is read once, within POST_METRICS_GRACE_SECONDS after it is due (a worker that was
down catches up; one down longer leaves that checkpoint empty rather than calling it late). A
network that fails is asked again at the next run; one that refuses the channel's token turns the
channel ``reconnect_required``.
"""

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Any

import httpx
from asgiref.sync import async_to_sync
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_tasks import task

from apps.channels.models import ChannelState
from apps.channels.networks import network_get
from apps.channels.networks.base import Metrics, NetworkAuthError, NetworkError
from apps.channels.selectors import channel_account_auth
from apps.channels.services import channel_mark_reconnect_required
from apps.common.tasks import ensure_one_pending
from apps.scheduling.models import MetricsCheckpoint, PostMetrics, PostStatus, ScheduledPost

logger = logging.getLogger(__name__)

CHECKPOINTS: dict[str, timedelta] = {
    MetricsCheckpoint.HOUR: timedelta(hours=1),
    MetricsCheckpoint.DAY: timedelta(hours=24),
    MetricsCheckpoint.WEEK: timedelta(days=7),
}


def post_metrics_due(*, now: datetime | None = None) -> list[tuple[ScheduledPost, str]]:
    """(post, checkpoint) pairs to read now: published through an active channel, the checkpoint
    due (within its grace) and not read yet; with their channels, in one query per checkpoint."""
    now = now or timezone.now()
    grace = timedelta(seconds=settings.POST_METRICS_GRACE_SECONDS)
    due: list[tuple[ScheduledPost, str]] = []
    for checkpoint, delay in CHECKPOINTS.items():
        read = PostMetrics.objects.filter(post=OuterRef("pk"), checkpoint=checkpoint)
        posts = (
            ScheduledPost.objects.select_related("channel")
            .filter(
                status=PostStatus.PUBLISHED,
                channel__isnull=False,
                channel__state=ChannelState.ACTIVE,
                published_at__lte=now - delay,
                published_at__gt=now - delay - grace,
            )
            .exclude(platform_post_id="")
            .exclude(Exists(read))
            .order_by("published_at")[: settings.POST_METRICS_BATCH_SIZE]
        )
        due.extend((post, checkpoint) for post in posts)
    return due


async def _read_all(due: list[tuple[ScheduledPost, str]]) -> list[Metrics | NetworkError]:
    async def read(post: ScheduledPost, http: httpx.AsyncClient) -> Metrics | NetworkError:
        auth = channel_account_auth(channel=post.channel)
        try:
            return await network_get(post.channel.network).read_metrics(
                auth=auth, platform_post_id=post.platform_post_id, http=http
            )
        except NetworkError as exc:
            return exc

    async with httpx.AsyncClient(timeout=settings.CHANNEL_HTTP_TIMEOUT_SECONDS) as http:
        return list(await asyncio.gather(*(read(post, http) for post, _ in due)))


def _record(post: ScheduledPost, checkpoint: str, result: Metrics | NetworkError, now: datetime) -> str:
    if isinstance(result, NetworkAuthError):
        channel_mark_reconnect_required(channel_id=post.channel_id, reason=f"Reading metrics: {result.message}")
        return "refused"
    if isinstance(result, NetworkError):
        logger.warning("post metrics not read", extra={"scheduled_post_id": str(post.pk), "network_code": result.code})
        return "failed"
    try:
        with transaction.atomic():
            PostMetrics.objects.create(
                post=post,
                checkpoint=checkpoint,
                read_at=now,
                likes=result.likes,
                reposts=result.reposts,
                replies=result.replies,
                impressions=result.impressions,
            )
    except IntegrityError:  # another run read it meanwhile
        return "skipped"
    return "read"


def post_metrics_read_due() -> dict[str, Any]:
    """One run: read every due checkpoint (concurrently, one pooled client), record each result."""
    due = post_metrics_due()
    if not due:
        return {}
    results = async_to_sync(_read_all)(due)
    now = timezone.now()
    outcomes: dict[str, int] = {}
    for (post, checkpoint), result in zip(due, results, strict=True):
        outcome = _record(post, checkpoint, result, now)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


@task()
def post_metrics() -> dict[str, Any]:
    post_metrics_ensure_scheduled()
    return post_metrics_read_due()


def post_metrics_ensure_scheduled() -> bool:
    return ensure_one_pending(post_metrics, interval=timedelta(seconds=settings.POST_METRICS_INTERVAL_SECONDS))
