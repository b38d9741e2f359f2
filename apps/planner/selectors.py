"""Reads of the planner, scoped by membership (any member reads; API keys limited to a workspace read
that workspace's only, through ``workspace_get_for_user``)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from django.db.models import QuerySet

from apps.channels.models import NETWORK_PLATFORM
from apps.common.exceptions import NotFound
from apps.organizations.models import Role
from apps.organizations.selectors import workspace_get_for_user
from apps.planner import times
from apps.planner.exceptions import SeriesNotFound
from apps.planner.models import (
    EntryStatus,
    EvergreenContent,
    Occurrence,
    OccurrenceStatus,
    PostingSchedule,
    QueueEntry,
    RecurringSeries,
)
from apps.planner.recurrence import series_instants
from apps.planner.services import schedule_channel
from apps.scheduling.models import PostStatus, ScheduledPost
from apps.users.models import User

CALENDAR_MAX_DAYS = 92
CALENDAR_MAX_ITEMS = 2000


def schedule_get_for_user(
    *, user: User, workspace_id: UUID | str, channel_id: UUID | str | None = None
) -> PostingSchedule:
    """The schedule of the workspace (``channel_id`` None) or of one of its channels, with its slots;
    an unsaved empty one (UTC, no slot) before its first write. A channel of another workspace: 404."""
    workspace = workspace_get_for_user(user=user, workspace_id=workspace_id, role=Role.VIEWER)
    channel = schedule_channel(workspace=workspace, channel_id=channel_id)
    schedule = PostingSchedule.objects.prefetch_related("slots").filter(workspace=workspace, channel=channel).first()
    return schedule or PostingSchedule(workspace=workspace, channel=channel, organization_id=workspace.organization_id)


def queue_list(*, user: User, workspace_id: UUID | str, channel_id: UUID | str | None = None) -> QuerySet[QueueEntry]:
    """The queue of the workspace's schedule, or of one of its channels', in slot order: entries
    waiting, scheduled (their post created) and failed."""
    workspace = workspace_get_for_user(user=user, workspace_id=workspace_id, role=Role.VIEWER)
    channel = schedule_channel(workspace=workspace, channel_id=channel_id)
    return (
        QueueEntry.objects.filter(schedule__workspace=workspace, schedule__channel=channel)
        .exclude(status=EntryStatus.REMOVED)
        .select_related("scheduled_post")
        .order_by("slot_at", "id")
    )


def series_list(*, user: User, workspace_id: UUID | str) -> QuerySet[RecurringSeries]:
    workspace = workspace_get_for_user(user=user, workspace_id=workspace_id, role=Role.VIEWER)
    return RecurringSeries.objects.filter(workspace=workspace).order_by("created_at", "id")


def series_get_for_user(*, user: User, series_id: UUID | str) -> RecurringSeries:
    series = RecurringSeries.objects.filter(pk=series_id).first()
    if series is None:
        raise SeriesNotFound()
    try:
        workspace_get_for_user(user=user, workspace_id=series.workspace_id, role=Role.VIEWER)
    except NotFound as exc:  # another tenant's series is answered like a missing one
        raise SeriesNotFound() from exc
    return series


def series_occurrences(*, series: RecurringSeries, limit: int = 50) -> list[Occurrence]:
    return list(series.occurrences.select_related("scheduled_post").order_by("-occurrence_at")[:limit])


def evergreen_list(*, user: User, workspace_id: UUID | str) -> QuerySet[EvergreenContent]:
    workspace = workspace_get_for_user(user=user, workspace_id=workspace_id, role=Role.VIEWER)
    return EvergreenContent.objects.filter(workspace=workspace).order_by("created_at", "id")


# --------------------------------------------------------------------------- the calendar


@dataclass
class Calendar:
    timezone: str
    start: date
    end: date
    days: list[dict[str, Any]] = field(default_factory=list)
    truncated: bool = False


def _item(kind: str, *, at: datetime, zone, **values: Any) -> dict[str, Any]:
    local = at.astimezone(zone)
    return {"kind": kind, "at": at, "local_date": local.date(), "local_time": local.strftime("%H:%M"), **values}


def calendar_read(
    *,
    user: User,
    workspace_id: UUID | str,
    start: date,
    end: date,
    timezone_name: str,
    channel_id: UUID | str | None = None,
) -> Calendar:
    """The workspace's posts from ``start`` to ``end`` (local dates, both included) per local day in
    ``timezone_name``: scheduled posts (published, failed, still to go out), queued entries waiting for
    their post, and recurring occurrences — those planned, and the rule expanded beyond the horizon.
    With ``channel_id`` (a channel of the workspace): only the posts to that channel and its queue's
    entries (series have no channel). At most CALENDAR_MAX_ITEMS items (``truncated`` says when more exist)."""
    workspace = workspace_get_for_user(user=user, workspace_id=workspace_id, role=Role.VIEWER)
    channel = schedule_channel(workspace=workspace, channel_id=channel_id)
    zone = times.zone_get(timezone_name)
    window_start = datetime.combine(start, time(0), tzinfo=zone)
    window_end = datetime.combine(end + timedelta(days=1), time(0), tzinfo=zone)
    cap = CALENDAR_MAX_ITEMS + 1
    items = _posts(workspace.pk, window_start, window_end, zone, cap, channel)
    items += _queued(workspace.pk, window_start, window_end, zone, cap, channel)
    if channel is None:
        items += _occurrences(workspace.pk, window_start, window_end, zone, cap)
    items.sort(key=lambda item: (item["at"], item["kind"], str(item["id"])))
    calendar = Calendar(timezone=timezone_name, start=start, end=end, truncated=len(items) > CALENDAR_MAX_ITEMS)
    items = items[:CALENDAR_MAX_ITEMS]
    by_day: dict[date, list[dict[str, Any]]] = {}
    for item in items:
        by_day.setdefault(item["local_date"], []).append(item)
    day = start
    while day <= end:
        calendar.days.append({"date": day, "items": by_day.get(day, [])})
        day += timedelta(days=1)
    return calendar


def _posts(workspace_id: UUID, start: datetime, end: datetime, zone, cap: int, channel) -> list[dict[str, Any]]:
    posts = ScheduledPost.objects.filter(
        content__workspace_id=workspace_id, scheduled_at__gte=start, scheduled_at__lt=end
    )
    if channel is not None:
        posts = posts.filter(channel=channel)
    posts = (
        posts.exclude(status=PostStatus.CANCELLED)
        .only("id", "content_id", "platform", "status", "scheduled_at")
        .order_by("scheduled_at", "id")[:cap]
    )
    return [
        _item(
            "post", at=p.scheduled_at, zone=zone, id=p.pk, content_id=p.content_id, platform=p.platform, status=p.status
        )
        for p in posts
    ]


def _queued(workspace_id: UUID, start: datetime, end: datetime, zone, cap: int, channel) -> list[dict[str, Any]]:
    entries = QueueEntry.objects.filter(
        schedule__workspace_id=workspace_id, status=EntryStatus.WAITING, slot_at__gte=start, slot_at__lt=end
    )
    if channel is not None:
        entries = entries.filter(schedule__channel=channel)
    entries = entries.select_related("content", "schedule__channel").order_by("slot_at", "id")[:cap]
    return [
        _item(
            "queued",
            at=e.slot_at,
            zone=zone,
            id=e.pk,
            content_id=e.content_id,
            platform=_entry_platform(e),
            status=e.status,
        )
        for e in entries
    ]


def _entry_platform(entry: QueueEntry) -> str:
    """A channel queue's entry publishes on its channel network's platform (what scheduling will set)."""
    if entry.schedule.channel is not None:
        return NETWORK_PLATFORM[entry.schedule.channel.network]
    return entry.platform or entry.content.platform


def _occurrences(workspace_id: UUID, start: datetime, end: datetime, zone, cap: int) -> list[dict[str, Any]]:
    """Held occurrences in the window, and the occurrences each live series will create after what
    it has planned (the rule expanded, beyond the horizon too)."""
    items = [
        _item(
            "occurrence",
            at=o.occurrence_at,
            zone=zone,
            id=o.series_id,
            content_id=o.series.content_id,
            platform=o.series.platform or o.series.content.platform,
            status=o.status,
        )
        for o in Occurrence.objects.filter(
            series__workspace_id=workspace_id,
            status=OccurrenceStatus.HELD,
            occurrence_at__gte=start,
            occurrence_at__lt=end,
        ).select_related("series", "series__content")[:cap]
    ]
    live = RecurringSeries.objects.filter(workspace_id=workspace_id, ended_at__isnull=True).select_related("content")
    for series in live:
        after = max(start, series.planned_until) - timedelta(microseconds=1)
        for instant in series_instants(series, after=after, until=end):
            items.append(
                _item(
                    "occurrence",
                    at=instant,
                    zone=zone,
                    id=series.pk,
                    content_id=series.content_id,
                    platform=series.platform or series.content.platform,
                    status="planned",
                )
            )
            if len(items) >= cap:
                return items
    return items


def series_organization_id(*, series_id: UUID | str | None) -> UUID | None:
    """The organization of a series (None when it does not exist): what the rate limiter charges."""
    return RecurringSeries.objects.filter(pk=series_id).values_list("organization_id", flat=True).first()
