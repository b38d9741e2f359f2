"""The planner's writes: the posting schedule and its queue, and the worker's step that turns due
queue entries into real scheduled posts (recurring series: ``recurrence.py``; evergreen content:
``evergreen.py``).

A queue entry holds a slot, not a post: ``queue_materialize_due`` creates its ``ScheduledPost``
``PLANNER_QUEUE_LEAD_MINUTES`` before the slot, through ``apps.scheduling.services.scheduled_posts_create``
(every scheduling rule applies: approval, the platform's rules, the duplicate rule). A paused schedule
is skipped, and pausing cancels the posts already created for entries and not yet handed over, their
entries waiting again: a paused queue publishes nothing and keeps its order.
"""

import logging
from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.channels.exceptions import ChannelNotActive, ChannelNotFound
from apps.channels.models import NETWORK_PLATFORM, Channel, ChannelState
from apps.common.events import Event, emit
from apps.common.exceptions import DomainError, NotFound, PermissionDenied, ValidationFailed
from apps.content.models import Content
from apps.content.selectors import content_get_for_user
from apps.organizations.models import Role, Workspace
from apps.organizations.selectors import membership_require, workspace_get_for_user
from apps.planner import times
from apps.planner.exceptions import (
    AuthorGone,
    EntryNotMovable,
    QueueEntryNotFound,
    QueueFull,
    SlotMissed,
    SlotTaken,
)
from apps.planner.models import (
    ACTIVE_ENTRY_STATUSES,
    EntrySource,
    EntryStatus,
    PostingSchedule,
    QueueEntry,
    ScheduleSlot,
)
from apps.scheduling.models import ACTIVE_STATUSES, ScheduledPost
from apps.scheduling.services import PostToSchedule, scheduled_post_cancel, scheduled_posts_create
from apps.users.models import User

logger = logging.getLogger(__name__)

QUEUE_LOOKAHEAD = timedelta(days=90)
# A slot must be at least this far ahead to be given to an entry (the worker needs a moment).
SLOT_MARGIN = timedelta(minutes=1)
_ADD_ATTEMPTS = 10


def error_json(exc: DomainError) -> dict[str, Any]:
    return {"code": exc.code, "message": exc.message, "details": exc.details}


def author_refusal(user: User | None, organization_id: UUID | str) -> DomainError | None:
    """The worker acts as the member who planned a post: ``author_gone`` when that member is no
    longer an editor (or higher) of the organization, else None."""
    if user is None:
        return AuthorGone()
    try:
        membership_require(user=user, organization_id=organization_id, role=Role.EDITOR)
    except (NotFound, PermissionDenied):
        return AuthorGone()
    return None


# --------------------------------------------------------------------------- the schedule


def schedule_channel(*, workspace: Workspace, channel_id: UUID | str | None) -> Channel | None:
    """The channel of ``?channel_id=`` (None: the workspace's own schedule): a channel of that
    workspace, in any state, else 404 (another workspace's or organization's answers like a missing one)."""
    if channel_id is None:
        return None
    channel = Channel.objects.filter(pk=channel_id, workspace=workspace).first()
    if channel is None:
        raise ChannelNotFound()
    return channel


def schedule_for_workspace(*, workspace: Workspace, channel: Channel | None = None) -> PostingSchedule:
    """The schedule of the workspace (``channel`` None) or of one of its channels, created empty (UTC,
    no slot) on first use. Two first uses at once: the loser's INSERT hits the unique constraint and
    ``get_or_create`` reads the winner's row."""
    schedule, _ = PostingSchedule.objects.get_or_create(
        workspace=workspace, channel=channel, defaults={"organization_id": workspace.organization_id}
    )
    return schedule


def schedule_slots(schedule: PostingSchedule) -> list[tuple[int, time]]:
    return [(slot.weekday, slot.local_time) for slot in schedule.slots.all()]


def _schedule_locked(workspace: Workspace, channel: Channel | None = None) -> PostingSchedule:
    schedule_for_workspace(workspace=workspace, channel=channel)
    return PostingSchedule.objects.select_for_update().get(workspace=workspace, channel=channel)


def _editor_schedule(*, user: User, workspace_id: UUID | str, channel_id: UUID | str | None = None) -> PostingSchedule:
    workspace = workspace_get_for_user(user=user, workspace_id=workspace_id, role=Role.EDITOR)
    return _schedule_locked(workspace, schedule_channel(workspace=workspace, channel_id=channel_id))


@transaction.atomic
def schedule_replace(
    *,
    user: User,
    workspace_id: UUID | str,
    timezone_name: str,
    slots: Sequence[dict[str, Any]],
    evergreen_interval_days: int | None = None,
    channel_id: UUID | str | None = None,
) -> PostingSchedule:
    """Replace the time zone and the weekly slots (editor+) of the workspace's schedule or of one of
    its channels'. The waiting entries are placed again, in their order, on the first free slots of
    the new schedule (409 ``queue_full`` if they no longer fit)."""
    workspace = workspace_get_for_user(user=user, workspace_id=workspace_id, role=Role.EDITOR)
    channel = schedule_channel(workspace=workspace, channel_id=channel_id)
    try:
        times.zone_get(timezone_name)
    except ValueError as exc:
        raise ValidationFailed(details={"timezone": [str(exc)]}) from exc
    schedule = _schedule_locked(workspace, channel)
    schedule.timezone = timezone_name
    fields = ["timezone", "updated_at"]
    if evergreen_interval_days is not None:
        schedule.evergreen_interval_days = evergreen_interval_days
        fields.append("evergreen_interval_days")
    schedule.save(update_fields=fields)
    schedule.slots.all().delete()
    wanted = sorted({(slot["weekday"], slot["local_time"].replace(second=0, microsecond=0)) for slot in slots})
    ScheduleSlot.objects.bulk_create(ScheduleSlot(schedule=schedule, weekday=d, local_time=t) for d, t in wanted)
    _reflow(schedule, list(_waiting(schedule)))
    emit(
        "schedule.updated",
        organization_id=schedule.organization_id,
        target=("posting_schedule", schedule.pk),
        data={
            "workspace_id": str(workspace.pk),
            "channel_id": str(channel.pk) if channel else None,
            "timezone": timezone_name,
            "slots": len(wanted),
        },
    )
    return schedule


# --------------------------------------------------------------------------- the queue


def _waiting(schedule: PostingSchedule):
    return QueueEntry.objects.filter(schedule=schedule, status=EntryStatus.WAITING).order_by("slot_at", "id")


def queue_taken(schedule: PostingSchedule, *, exclude: Sequence[UUID] = ()) -> set[datetime]:
    rows = QueueEntry.objects.filter(
        schedule=schedule, status__in=ACTIVE_ENTRY_STATUSES, slot_at__gt=timezone.now()
    ).exclude(pk__in=list(exclude))
    return set(rows.values_list("slot_at", flat=True))


def free_slots(schedule: PostingSchedule, *, taken: set[datetime], after: datetime | None = None):
    """The schedule's free slot instants from now (+ a margin) to the 90-day lookahead, in order."""
    now = timezone.now()
    zone = times.zone_get(schedule.timezone)
    start = max(after or now, now + SLOT_MARGIN)
    for instant in times.slot_instants(schedule_slots(schedule), zone, after=start, until=now + QUEUE_LOOKAHEAD):
        if instant not in taken:
            yield instant


def _queue_full(schedule: PostingSchedule) -> QueueFull:
    return QueueFull(
        details={
            "lookahead_days": QUEUE_LOOKAHEAD.days,
            "slots_per_week": schedule.slots.count(),
            "queued": QueueEntry.objects.filter(schedule=schedule, status__in=ACTIVE_ENTRY_STATUSES).count(),
        }
    )


def queue_add(
    *,
    user: User,
    workspace_id: UUID | str,
    content_id: UUID | str,
    version: int | None = None,
    platform: str = "",
    channel_id: UUID | str | None = None,
) -> QueueEntry:
    """Put a content of the workspace in the next free slot (editor+) of the workspace's queue or of
    one of its channels' (then ``platform``, when given, must be the channel network's). No lock: the
    INSERT is the conditional write — the unique constraint on (schedule, slot) refuses a slot a
    concurrent add took, and this one tries the next (409 ``queue_full`` when 90 days hold none)."""
    workspace = workspace_get_for_user(user=user, workspace_id=workspace_id, role=Role.EDITOR)
    channel = schedule_channel(workspace=workspace, channel_id=channel_id)
    content = content_get_for_user(user=user, content_id=content_id)
    if content.workspace_id != workspace.pk:
        raise NotFound("Content not found.")
    if channel is not None and platform and platform != NETWORK_PLATFORM[channel.network]:
        raise ValidationFailed(
            details={"platform": [f"A {channel.network} channel publishes to {NETWORK_PLATFORM[channel.network]}."]}
        )
    schedule = schedule_for_workspace(workspace=workspace, channel=channel)
    entry = queue_insert(schedule=schedule, content=content, version=version, platform=platform, user=user)
    return entry


def queue_insert(
    *,
    schedule: PostingSchedule,
    content: Content,
    user: User | None,
    version: int | None = None,
    platform: str = "",
    source: str = EntrySource.MANUAL,
) -> QueueEntry:
    """The insert of ``queue_add`` (also the evergreen recycler's): the first free slot, again on a lost race."""
    taken = queue_taken(schedule)
    for _ in range(_ADD_ATTEMPTS):
        slot_at = next(free_slots(schedule, taken=taken), None)
        if slot_at is None:
            raise _queue_full(schedule)
        try:
            with transaction.atomic():
                entry = QueueEntry.objects.create(
                    organization_id=schedule.organization_id,
                    schedule=schedule,
                    content=content,
                    version=version,
                    platform=platform,
                    slot_at=slot_at,
                    source=source,
                    created_by=user,
                )
                emit(
                    "queue.post_added",
                    organization_id=schedule.organization_id,
                    target=("queue_entry", entry.pk),
                    data={"content_id": str(content.pk), "slot_at": slot_at.isoformat(), "source": source},
                    on_behalf_of=user,
                )
                return entry
        except IntegrityError:
            taken.add(slot_at)  # a concurrent add took it: the next one
    raise SlotTaken("The queue is being changed by others right now; try again.")


def _reflow(schedule: PostingSchedule, entries: list[QueueEntry]) -> None:
    """Give ``entries``, in this order, the first free slots (those no other live entry holds). Two
    steps, so that no intermediate state breaks the one-entry-per-slot constraint."""
    if not entries:
        return
    slots = free_slots(schedule, taken=queue_taken(schedule, exclude=[entry.pk for entry in entries]))
    targets = [next(slots, None) for _ in entries]
    if targets[-1] is None:
        raise _queue_full(schedule)
    QueueEntry.objects.filter(pk__in=[entry.pk for entry in entries]).update(status=EntryStatus.REMOVED)
    for entry, slot_at in zip(entries, targets, strict=True):
        QueueEntry.objects.filter(pk=entry.pk).update(
            slot_at=slot_at, status=EntryStatus.WAITING, updated_at=timezone.now()
        )
        entry.slot_at, entry.status = slot_at, EntryStatus.WAITING


@transaction.atomic
def queue_reorder(
    *, user: User, workspace_id: UUID | str, entry_ids: Sequence[UUID], channel_id: UUID | str | None = None
) -> list[QueueEntry]:
    """Put the waiting entries in the given order (every waiting entry, once): the first takes the
    earliest of their slots, and so on — the set of slots used stays the same."""
    schedule = _editor_schedule(user=user, workspace_id=workspace_id, channel_id=channel_id)
    waiting = list(_waiting(schedule))
    by_id = {entry.pk: entry for entry in waiting}
    if len(entry_ids) != len(set(entry_ids)) or set(entry_ids) != set(by_id):
        raise ValidationFailed(
            details={"entry_ids": ["Give every waiting entry of the queue exactly once (GET the queue first)."]}
        )
    slots = [entry.slot_at for entry in waiting]
    ordered = [by_id[entry_id] for entry_id in entry_ids]
    QueueEntry.objects.filter(pk__in=list(by_id)).update(status=EntryStatus.REMOVED)
    for entry, slot_at in zip(ordered, slots, strict=True):
        QueueEntry.objects.filter(pk=entry.pk).update(slot_at=slot_at, status=EntryStatus.WAITING)
        entry.slot_at = slot_at
    emit(
        "queue.reordered",
        organization_id=schedule.organization_id,
        target=("posting_schedule", schedule.pk),
        data={"entry_ids": [str(entry_id) for entry_id in entry_ids]},
    )
    return ordered


def _entry_locked(schedule: PostingSchedule, entry_id: UUID | str) -> QueueEntry:
    entry = QueueEntry.objects.select_for_update().filter(schedule=schedule, pk=entry_id).first()
    if entry is None or entry.status == EntryStatus.REMOVED:
        raise QueueEntryNotFound()
    return entry


@transaction.atomic
def queue_move(
    *,
    user: User,
    workspace_id: UUID | str,
    entry_id: UUID | str,
    slot_at: datetime,
    channel_id: UUID | str | None = None,
) -> QueueEntry:
    """Move a waiting entry to a given slot of the schedule: 400 when ``slot_at`` is not one of the
    schedule's slots ahead, 409 ``slot_taken`` when another entry holds it."""
    schedule = _editor_schedule(user=user, workspace_id=workspace_id, channel_id=channel_id)
    entry = _entry_locked(schedule, entry_id)
    if entry.status != EntryStatus.WAITING:
        raise EntryNotMovable(details={"status": entry.status})
    zone = times.zone_get(schedule.timezone)
    now = timezone.now()
    if not (now + SLOT_MARGIN < slot_at < now + QUEUE_LOOKAHEAD) or not times.is_slot_instant(
        schedule_slots(schedule), zone, slot_at
    ):
        raise ValidationFailed(details={"slot_at": ["Not a slot of the posting schedule within the next 90 days."]})
    if slot_at == entry.slot_at:
        return entry
    try:
        with transaction.atomic():
            QueueEntry.objects.filter(pk=entry.pk).update(slot_at=slot_at, updated_at=now)
    except IntegrityError as exc:
        raise SlotTaken(details={"slot_at": slot_at.isoformat()}) from exc
    entry.slot_at = slot_at
    emit(
        "queue.post_moved",
        organization_id=schedule.organization_id,
        target=("queue_entry", entry.pk),
        data={"slot_at": slot_at.isoformat()},
    )
    return entry


@transaction.atomic
def queue_remove(
    *, user: User, workspace_id: UUID | str, entry_id: UUID | str, channel_id: UUID | str | None = None
) -> None:
    """Take a waiting (or failed) entry out of the queue; one whose post exists: 409, cancel the post."""
    schedule = _editor_schedule(user=user, workspace_id=workspace_id, channel_id=channel_id)
    entry = _entry_locked(schedule, entry_id)
    if entry.status == EntryStatus.SCHEDULED:
        raise EntryNotMovable(details={"status": entry.status, "scheduled_post_id": str(entry.scheduled_post_id)})
    QueueEntry.objects.filter(pk=entry.pk).update(status=EntryStatus.REMOVED, updated_at=timezone.now())
    emit("queue.post_removed", organization_id=schedule.organization_id, target=("queue_entry", entry.pk))


def queue_entries_release(events: Sequence[Event]) -> None:
    """Subscriber of the domain events: a queued content's post cancelled by hand
    (``POST /scheduling/{id}/cancel/``, the content deleted) gives its slot back, in the
    cancellation's transaction: the entry is ``removed`` (``queue.post_removed``, like a removal from
    the queue). While the queue is paused the entry waits again in its slot instead, as the pause
    leaves the entries whose posts it cancels."""
    post_ids = [e.target_id for e in events if e.type == "post.cancelled" and e.target_type == "scheduled_post"]
    if not post_ids:
        return  # every other event: no query
    entries = QueueEntry.objects.filter(scheduled_post_id__in=post_ids, status=EntryStatus.SCHEDULED)
    for entry in entries.select_related("schedule"):
        now = timezone.now()
        if entry.schedule.paused_at is not None:
            QueueEntry.objects.filter(pk=entry.pk).update(
                status=EntryStatus.WAITING, scheduled_post=None, updated_at=now
            )
            continue
        QueueEntry.objects.filter(pk=entry.pk).update(status=EntryStatus.REMOVED, updated_at=now)
        emit("queue.post_removed", organization_id=entry.organization_id, target=("queue_entry", entry.pk))


def queue_pause(*, user: User, workspace_id: UUID | str, channel_id: UUID | str | None = None) -> PostingSchedule:
    """Pause (editor+): the worker creates no post for the queue, and the posts already created for
    entries and not handed over yet are cancelled, their entries waiting again in their slots. A post
    the scheduler already holds is cancelled there (scheduling's cancel); one being handed over right
    now is left to go out (its entry stays ``scheduled``)."""
    with transaction.atomic():
        schedule = _editor_schedule(user=user, workspace_id=workspace_id, channel_id=channel_id)
        if schedule.paused_at is None:
            schedule.paused_at = timezone.now()
            schedule.save(update_fields=["paused_at", "updated_at"])
            emit("queue.paused", organization_id=schedule.organization_id, target=("posting_schedule", schedule.pk))
    scheduled = QueueEntry.objects.filter(
        schedule=schedule,
        status=EntryStatus.SCHEDULED,
        slot_at__gt=timezone.now(),
        scheduled_post__status__in=ACTIVE_STATUSES,
    )
    for entry in scheduled:
        # The cancellation's post.cancelled puts the entry back to waiting in its slot, the schedule
        # being paused by now (queue_entries_release).
        try:
            scheduled_post_cancel(user=user, post_id=entry.scheduled_post_id)
        except DomainError as exc:
            logger.info("queued post not cancelled on pause", extra={"entry": str(entry.pk), "code": exc.code})
    return schedule


@transaction.atomic
def queue_resume(*, user: User, workspace_id: UUID | str, channel_id: UUID | str | None = None) -> PostingSchedule:
    """Resume (editor+): the waiting entries, in their order, take the first free slots from now
    (those whose slot passed during the pause included)."""
    schedule = _editor_schedule(user=user, workspace_id=workspace_id, channel_id=channel_id)
    if schedule.paused_at is not None:
        schedule.paused_at = None
        schedule.save(update_fields=["paused_at", "updated_at"])
        _reflow(schedule, list(_waiting(schedule)))
        emit("queue.resumed", organization_id=schedule.organization_id, target=("posting_schedule", schedule.pk))
    return schedule


# --------------------------------------------------------------------------- the worker


def queue_materialize_due(*, now: datetime | None = None) -> dict[str, int]:
    """Create the scheduled posts of the waiting entries whose slot is within the lead, for schedules
    not paused; each entry in its own transaction. An entry whose slot passed more than the lead ago
    (the worker was down) fails as ``slot_missed`` rather than going out late."""
    now = now or timezone.now()
    lead = timedelta(minutes=settings.PLANNER_QUEUE_LEAD_MINUTES)
    due = QueueEntry.objects.filter(
        status=EntryStatus.WAITING, slot_at__lte=now + lead, schedule__paused_at__isnull=True
    ).values_list("pk", flat=True)
    outcomes = {"scheduled": 0, "failed": 0, "held": 0}
    for entry_id in list(due[:500]):
        outcome = _materialize(entry_id, now=now, lead=lead)
        if outcome:
            outcomes[outcome] += 1
    return outcomes


def _channel_refusal(channel: Channel | None) -> ChannelNotActive | None:
    """A channel's schedule posts only while the channel is active (what scheduling requires)."""
    if channel is None or channel.state == ChannelState.ACTIVE:
        return None
    return ChannelNotActive(
        f"The channel is {channel.state}; reconnect it.",
        details={"channel_id": str(channel.pk), "state": channel.state, "reason": channel.state_reason},
    )


@transaction.atomic
def _materialize(entry_id: UUID, *, now: datetime, lead: timedelta) -> str | None:
    entry = (
        QueueEntry.objects.select_for_update(of=("self",))
        .select_related("schedule", "schedule__channel", "created_by")
        .filter(pk=entry_id, status=EntryStatus.WAITING, schedule__paused_at__isnull=True)
        .first()
    )
    if entry is None:  # paused, moved or removed since it was read
        return None
    channel = entry.schedule.channel
    error: DomainError | None = None
    if entry.slot_at < now - lead:
        error = SlotMissed()
    else:
        error = _channel_refusal(channel) or author_refusal(entry.created_by, entry.organization_id)
    if isinstance(error, ChannelNotActive) and channel.state == ChannelState.RECONNECT_REQUIRED:
        # Held like scheduling holds a post of such a channel: the entry keeps waiting (the reason
        # shown), and gets its post if the channel is reconnected before its slot passes.
        QueueEntry.objects.filter(pk=entry.pk).update(last_error=error_json(error), updated_at=now)
        return "held"
    if error is None:
        request = PostToSchedule(
            content_id=entry.content_id,
            scheduled_at=entry.slot_at,
            platform=entry.platform or None,
            version=entry.version,
            channel_id=entry.schedule.channel_id,
        )
        try:
            with transaction.atomic():  # its own savepoint: a refusal must not doom this transaction
                [outcome] = scheduled_posts_create(
                    user=entry.created_by, organization_id=entry.organization_id, posts=[request]
                )
        except DomainError as exc:  # 503: the scheduler is not configured
            outcome = exc
        if isinstance(outcome, ScheduledPost):
            QueueEntry.objects.filter(pk=entry.pk).update(
                status=EntryStatus.SCHEDULED, scheduled_post=outcome, last_error={}, updated_at=now
            )
            return "scheduled"
        error = outcome
    QueueEntry.objects.filter(pk=entry.pk).update(
        status=EntryStatus.FAILED, last_error=error_json(error), updated_at=now
    )
    return "failed"
