"""The planner: a workspace's posting schedule and queue, recurring series and evergreen content.

A queue entry holds its slot, not a post: the ``ScheduledPost`` is created by the worker only when
the slot is near (``PLANNER_QUEUE_LEAD_MINUTES``) and the queue is not paused. So pausing, reordering
and moving only ever rewrite the planner's own rows, and a paused queue publishes nothing.
"""

import uuid

from django.conf import settings
from django.db import models


class PostingSchedule(models.Model):
    """The weekly posting schedule of a workspace (``channel`` null: one per workspace) or of one of
    its channels (one per channel; its queue's posts publish to that channel)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="posting_schedules"
    )
    workspace = models.ForeignKey("organizations.Workspace", on_delete=models.CASCADE, related_name="+")
    # CASCADE: a channel row only goes with its workspace or organization (disconnecting keeps the
    # row), and their deletion takes the schedules anyway; PROTECT would only block that purge.
    channel = models.ForeignKey(
        "channels.Channel", null=True, blank=True, on_delete=models.CASCADE, related_name="posting_schedules"
    )
    timezone = models.CharField(max_length=64, default="UTC")
    paused_at = models.DateTimeField(null=True, blank=True)
    # Evergreen content goes back into the queue at most once per this many days.
    evergreen_interval_days = models.PositiveIntegerField(default=30)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # NULL is distinct in a plain unique index (PostgreSQL and SQLite): the workspace's own
            # schedule (no channel) needs its own conditional constraint.
            models.UniqueConstraint(
                fields=["workspace"],
                condition=models.Q(channel__isnull=True),
                name="planner_schedule_one_per_workspace",
            ),
            models.UniqueConstraint(
                fields=["workspace", "channel"],
                condition=models.Q(channel__isnull=False),
                name="planner_schedule_one_per_channel",
            ),
        ]

    def __str__(self) -> str:
        return f"schedule of {self.workspace_id}/{self.channel_id or '-'} ({self.timezone})"


class ScheduleSlot(models.Model):
    schedule = models.ForeignKey(PostingSchedule, on_delete=models.CASCADE, related_name="slots")
    weekday = models.PositiveSmallIntegerField()  # 0 = Monday ... 6 = Sunday
    local_time = models.TimeField()

    class Meta:
        ordering = ["weekday", "local_time"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "weekday", "local_time"], name="planner_slot_unique"),
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="planner_slot_weekday_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.weekday} {self.local_time:%H:%M}"


class EntryStatus(models.TextChoices):
    WAITING = "waiting", "Waiting (holds its slot; no post yet)"
    SCHEDULED = "scheduled", "Scheduled (its post was created)"
    FAILED = "failed", "Failed (the post could not be created; see last_error)"
    REMOVED = "removed", "Removed"


ACTIVE_ENTRY_STATUSES = (EntryStatus.WAITING, EntryStatus.SCHEDULED)


class EntrySource(models.TextChoices):
    MANUAL = "manual", "Added by a member"
    EVERGREEN = "evergreen", "Recycled evergreen content"


class QueueEntry(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    schedule = models.ForeignKey(PostingSchedule, on_delete=models.CASCADE, related_name="entries")
    content = models.ForeignKey("content.Content", on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField(null=True, blank=True)  # None: the version to schedule at the time
    platform = models.CharField(max_length=16, blank=True)
    slot_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=EntryStatus.choices, default=EntryStatus.WAITING)
    source = models.CharField(max_length=16, choices=EntrySource.choices, default=EntrySource.MANUAL)
    scheduled_post = models.OneToOneField(
        "scheduling.ScheduledPost", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_error = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slot_at", "id"]
        constraints = [
            # Two concurrent "add to queue" never take the same slot: the loser's INSERT fails and it
            # tries the next free slot (apps.planner.services.queue_add).
            models.UniqueConstraint(
                fields=["schedule", "slot_at"],
                condition=models.Q(status__in=["waiting", "scheduled"]),
                name="planner_queue_one_per_slot",
            ),
        ]
        indexes = [models.Index(fields=["status", "slot_at"], name="planner_queue_due_idx")]

    def __str__(self) -> str:
        return f"{self.content_id} at {self.slot_at:%Y-%m-%d %H:%M} ({self.status})"


class Frequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly (chosen weekdays)"
    MONTHLY = "monthly", "Monthly (day of month, clamped to the month's last day)"


class RecurringSeries(models.Model):
    """A content published again and again. Occurrences are real scheduled posts created by the
    worker within ``PLANNER_RECURRENCE_HORIZON_DAYS``. An edit cuts the series at the moment of the
    edit: occurrences before it are kept (``counted_before`` of them), the rule applies anew from it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    workspace = models.ForeignKey("organizations.Workspace", on_delete=models.CASCADE, related_name="+")
    content = models.ForeignKey("content.Content", on_delete=models.CASCADE, related_name="+")
    platform = models.CharField(max_length=16, blank=True)
    frequency = models.CharField(max_length=8, choices=Frequency.choices)
    weekdays = models.JSONField(default=list, blank=True)
    month_day = models.PositiveSmallIntegerField(null=True, blank=True)
    local_time = models.TimeField()
    timezone = models.CharField(max_length=64)
    starts_on = models.DateField()
    until = models.DateField(null=True, blank=True)
    count = models.PositiveIntegerField(null=True, blank=True)
    # The rule's start since the last edit (local, naive) and the occurrences kept from before it.
    rule_start = models.DateTimeField()
    counted_before = models.PositiveIntegerField(default=0)
    # Occurrences are created up to here (exclusive); the worker moves it forward.
    planned_until = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(frequency__in=Frequency.values), name="planner_series_freq"),
        ]

    def __str__(self) -> str:
        return f"{self.frequency} {self.content_id}"


class OccurrenceStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled (its post was created)"
    HELD = "held", "Held: the period's posts are used up; retried while its time is ahead"
    FAILED = "failed", "Failed (see last_error)"
    SUPERSEDED = "superseded", "Superseded by an edit of the series"


class Occurrence(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    series = models.ForeignKey(RecurringSeries, on_delete=models.CASCADE, related_name="occurrences")
    occurrence_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=OccurrenceStatus.choices)
    scheduled_post = models.OneToOneField(
        "scheduling.ScheduledPost", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_error = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["occurrence_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "occurrence_at"],
                condition=~models.Q(status="superseded"),
                name="planner_occurrence_once",
            ),
        ]
        indexes = [models.Index(fields=["status", "occurrence_at"], name="planner_occurrence_status_idx")]

    def __str__(self) -> str:
        return f"{self.series_id} at {self.occurrence_at:%Y-%m-%d %H:%M} ({self.status})"


class EvergreenContent(models.Model):
    """Content that goes back into its workspace's queue, as a new AI variant, once the schedule's
    ``evergreen_interval_days`` have passed since it was last queued."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    workspace = models.ForeignKey("organizations.Workspace", on_delete=models.CASCADE, related_name="+")
    content = models.OneToOneField("content.Content", on_delete=models.CASCADE, related_name="+")
    last_queued_at = models.DateTimeField()
    recycled = models.PositiveIntegerField(default=0)
    last_error = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"evergreen {self.content_id}"
