"""Recurring posts: a series (daily, weekly on chosen weekdays, monthly on a day clamped to the
month's last day; until a date or a count) whose occurrences are real scheduled posts, created by the
worker (``series_plan_due``) ``PLANNER_RECURRENCE_HORIZON_DAYS`` ahead. The dates come from dateutil's
rrule over local wall-clock times; ``times.local_to_instant`` applies the daylight-saving rule.

Each occurrence spends one post of the plan when it is created (``usage_spend_posts``); when the
period's posts are used up it is ``held`` (no post), and retried while its time is still ahead — a new
period or an upgrade releases it. A recurring post repeats its text on purpose, so occurrences are
scheduled with ``allow_duplicate`` (a daily post across a spring-forward is 23 h from the last).

An edit (or the end of a series) supersedes the occurrences after now: their posts are cancelled and
the rule applies anew from now; those already out or due stay as they were.
"""

import logging
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.common.events import emit
from apps.common.exceptions import DomainError, NotFound, QuotaExceeded, ValidationFailed
from apps.content.selectors import content_get_for_user
from apps.organizations.models import Role
from apps.organizations.selectors import workspace_get_for_user
from apps.planner import times
from apps.planner.exceptions import SeriesNotFound
from apps.planner.models import Frequency, Occurrence, OccurrenceStatus, RecurringSeries
from apps.planner.services import author_refusal, error_json, schedule_for_workspace
from apps.scheduling.models import ACTIVE_STATUSES, ScheduledPost
from apps.scheduling.services import PostToSchedule, scheduled_post_cancel, scheduled_posts_create
from apps.subscriptions.usage import usage_spend_posts
from apps.users.models import User

logger = logging.getLogger(__name__)

RULE_FIELDS = ("frequency", "weekdays", "month_day", "local_time", "timezone", "until", "count", "platform")


def horizon() -> timedelta:
    return timedelta(days=settings.PLANNER_RECURRENCE_HORIZON_DAYS)


def series_rule(series: RecurringSeries):
    """The series' rrule from its current start (the creation, or the last edit), in its zone."""
    zone = times.zone_get(series.timezone)
    start = max(series.rule_start, datetime.combine(series.starts_on, time(0), tzinfo=zone))
    count = None if series.count is None else max(series.count - series.counted_before, 0)
    return times.recurrence_rule(
        frequency=series.frequency,
        start=start.astimezone(zone).replace(tzinfo=None),
        at=series.local_time,
        weekdays=series.weekdays,
        month_day=series.month_day,
        until=series.until,
        count=count,
    )


def series_instants(series: RecurringSeries, *, after: datetime, until: datetime):
    """The series' occurrence instants in (after, until), from its current rule."""
    if series.ended_at is not None or (series.count is not None and series.count <= series.counted_before):
        return iter(())
    zone = times.zone_get(series.timezone)
    return times.rule_instants(series_rule(series), zone, after=max(after, series.rule_start), until=until)


def _rule_validate(values: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    try:
        times.zone_get(values["timezone"])
    except ValueError as exc:
        errors["timezone"] = [str(exc)]
    if values["frequency"] == Frequency.WEEKLY and not values.get("weekdays"):
        errors["weekdays"] = ["A weekly series needs at least one weekday (0 = Monday ... 6 = Sunday)."]
    if values["frequency"] != Frequency.WEEKLY and values.get("weekdays"):
        errors["weekdays"] = ["Only a weekly series takes weekdays."]
    if values["frequency"] != Frequency.MONTHLY and values.get("month_day"):
        errors["month_day"] = ["Only a monthly series takes a day of the month."]
    if values.get("until") and values["until"] < values["starts_on"]:
        errors["until"] = ["Must be on or after starts_on."]
    if errors:
        raise ValidationFailed(details=errors)


def series_create(
    *,
    user: User,
    workspace_id: UUID | str,
    content_id: UUID | str,
    frequency: str,
    local_time: time,
    timezone_name: str | None = None,
    starts_on: date | None = None,
    weekdays: list[int] | None = None,
    month_day: int | None = None,
    until: date | None = None,
    count: int | None = None,
    platform: str = "",
) -> RecurringSeries:
    """A new series of a content of the workspace (editor+); its first occurrences within the horizon
    are created at once (as the worker would)."""
    workspace = workspace_get_for_user(user=user, workspace_id=workspace_id, role=Role.EDITOR)
    content = content_get_for_user(user=user, content_id=content_id)
    if content.workspace_id != workspace.pk:
        raise NotFound("Content not found.")
    zone_name = timezone_name or schedule_for_workspace(workspace=workspace).timezone
    try:
        zone = times.zone_get(zone_name)
    except ValueError as exc:
        raise ValidationFailed(details={"timezone": [str(exc)]}) from exc
    values = {
        "frequency": frequency,
        "weekdays": sorted(set(weekdays or [])),
        "month_day": month_day,
        "local_time": local_time.replace(second=0, microsecond=0),
        "timezone": zone_name,
        "starts_on": starts_on or timezone.now().astimezone(zone).date(),
        "until": until,
        "count": count,
        "platform": platform,
    }
    _rule_validate(values)
    now = timezone.now()
    with transaction.atomic():
        series = RecurringSeries.objects.create(
            organization_id=workspace.organization_id,
            workspace=workspace,
            content=content,
            rule_start=now,
            planned_until=now,
            created_by=user,
            **values,
        )
        emit(
            "recurrence.created",
            organization_id=series.organization_id,
            target=("recurring_series", series.pk),
            data={"content_id": str(content.pk), "frequency": frequency},
        )
    series_plan(series_id=series.pk, now=now)
    series.refresh_from_db()
    return series


def _series_for_editor(*, user: User, series_id: UUID | str) -> RecurringSeries:
    series = RecurringSeries.objects.filter(pk=series_id).first()
    if series is None:
        raise SeriesNotFound()
    try:
        workspace_get_for_user(user=user, workspace_id=series.workspace_id, role=Role.EDITOR)
    except NotFound as exc:
        raise SeriesNotFound() from exc
    return series


def _supersede_future(*, series: RecurringSeries, user: User, now: datetime) -> int:
    """Cancel the posts of the occurrences after now and mark them superseded; returns how many
    occurrences stay (those at or before now: they count toward the series' count)."""
    future = list(Occurrence.objects.filter(series=series, occurrence_at__gt=now).exclude(status="superseded"))
    for occurrence in future:
        post = occurrence.scheduled_post
        if post is not None and post.status in ACTIVE_STATUSES:
            try:
                scheduled_post_cancel(user=user, post_id=post.pk)
            except DomainError as exc:  # being handed over right now: it goes out, and still counts
                logger.info("occurrence not cancelled", extra={"occurrence": str(occurrence.pk), "code": exc.code})
                continue
        Occurrence.objects.filter(pk=occurrence.pk).update(status=OccurrenceStatus.SUPERSEDED, updated_at=now)
    return Occurrence.objects.filter(series=series).exclude(status=OccurrenceStatus.SUPERSEDED).count()


def series_update(*, user: User, series_id: UUID | str, **changes: Any) -> RecurringSeries:
    """Change the rule (editor+): the occurrences after now are superseded (their posts cancelled),
    those before stay; the new rule applies from now, its count reduced by the occurrences kept."""
    series = _series_for_editor(user=user, series_id=series_id)
    if series.ended_at is not None:
        raise ValidationFailed(details={"series": ["This series has ended."]})
    values = {field: getattr(series, field) for field in (*RULE_FIELDS, "starts_on")}
    values.update({("timezone" if k == "timezone_name" else k): v for k, v in changes.items()})
    if values.get("local_time"):
        values["local_time"] = values["local_time"].replace(second=0, microsecond=0)
    _rule_validate(values)
    now = timezone.now()
    kept = _supersede_future(series=series, user=user, now=now)
    with transaction.atomic():
        for field in RULE_FIELDS:
            setattr(series, field, values[field])
        series.rule_start = now
        series.planned_until = now
        series.counted_before = kept
        series.save()
        emit(
            "recurrence.updated",
            organization_id=series.organization_id,
            target=("recurring_series", series.pk),
            data={"changed": sorted(changes)},
        )
    series_plan(series_id=series.pk, now=now)
    series.refresh_from_db()
    return series


def series_end(*, user: User, series_id: UUID | str) -> RecurringSeries:
    """End a series (editor+): its occurrences after now are superseded, their posts cancelled."""
    series = _series_for_editor(user=user, series_id=series_id)
    now = timezone.now()
    if series.ended_at is None:
        _supersede_future(series=series, user=user, now=now)
        RecurringSeries.objects.filter(pk=series.pk).update(ended_at=now, updated_at=now)
        emit("recurrence.ended", organization_id=series.organization_id, target=("recurring_series", series.pk))
        series.ended_at = now
    return series


# --------------------------------------------------------------------------- the worker


def series_plan(*, series_id: UUID, now: datetime | None = None) -> int:
    """Create the occurrences of one series up to now + the horizon; returns how many were created."""
    now = now or timezone.now()
    series = RecurringSeries.objects.select_related("created_by").get(pk=series_id)
    end = now + horizon()
    created = 0
    for instant in series_instants(series, after=max(series.planned_until, now) - timedelta(microseconds=1), until=end):
        if instant <= now:
            continue
        if occurrence_create(series=series, at=instant):
            created += 1
    RecurringSeries.objects.filter(pk=series.pk, planned_until__lt=end).update(planned_until=end)
    return created


def occurrence_create(*, series: RecurringSeries, at: datetime, occurrence: Occurrence | None = None) -> bool:
    """One occurrence: the post (one post of the plan spent with it) or, when the period's posts are
    used up, a ``held`` occurrence. ``occurrence``: a held one tried again. False if it already exists."""
    outcome: ScheduledPost | DomainError
    try:
        with transaction.atomic():
            outcome = _post_for(series=series, at=at)
            if isinstance(outcome, ScheduledPost):
                usage_spend_posts(organization_id=series.organization_id, posts=1)
    except QuotaExceeded as exc:
        outcome = exc
    status = OccurrenceStatus.SCHEDULED if isinstance(outcome, ScheduledPost) else OccurrenceStatus.FAILED
    if isinstance(outcome, QuotaExceeded):
        status = OccurrenceStatus.HELD
    fields = {
        "status": status,
        "scheduled_post": outcome if isinstance(outcome, ScheduledPost) else None,
        "last_error": {} if isinstance(outcome, ScheduledPost) else error_json(outcome),
    }
    try:
        with transaction.atomic():
            if occurrence is not None:
                Occurrence.objects.filter(pk=occurrence.pk).update(**fields, updated_at=timezone.now())
            else:
                Occurrence.objects.create(
                    organization_id=series.organization_id, series=series, occurrence_at=at, **fields
                )
    except IntegrityError:
        if isinstance(outcome, ScheduledPost):  # a concurrent planner made it: undo ours
            scheduled_post_cancel(user=series.created_by, post_id=outcome.pk)
        return False
    return True


def _post_for(*, series: RecurringSeries, at: datetime) -> ScheduledPost | DomainError:
    refusal = author_refusal(series.created_by, series.organization_id)
    if refusal is not None:
        return refusal
    request = PostToSchedule(
        content_id=series.content_id, scheduled_at=at, platform=series.platform or None, allow_duplicate=True
    )
    try:
        with transaction.atomic():  # its own savepoint: a refusal must not doom the caller's transaction
            [outcome] = scheduled_posts_create(
                user=series.created_by, organization_id=series.organization_id, posts=[request]
            )
    except DomainError as exc:
        return exc
    return outcome


def series_plan_due(*, now: datetime | None = None) -> dict[str, int]:
    """The worker's step: every live series planned to now + the horizon, and the held occurrences
    whose time is still ahead tried again."""
    now = now or timezone.now()
    created = 0
    due = RecurringSeries.objects.filter(ended_at__isnull=True, planned_until__lt=now + horizon())
    for series_id in list(due.values_list("pk", flat=True)[:500]):
        created += series_plan(series_id=series_id, now=now)
    released = 0
    held = Occurrence.objects.filter(status=OccurrenceStatus.HELD, occurrence_at__gt=now + timedelta(minutes=1))
    for occurrence in held.select_related("series", "series__created_by")[:500]:
        occurrence_create(series=occurrence.series, at=occurrence.occurrence_at, occurrence=occurrence)
        released += Occurrence.objects.filter(pk=occurrence.pk, status=OccurrenceStatus.SCHEDULED).exists()
    return {"occurrences_created": created, "held_released": released}
