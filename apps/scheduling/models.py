"""Scheduled posts, their state machine, and the transactional outbox that delivers them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class PostStatus(models.TextChoices):
    PENDING = "pending", "Pending"  # accepted by us, not yet accepted by the scheduler
    QUEUED = "queued", "Queued"  # accepted by the scheduler (job_id known), waiting for scheduled_at
    PUBLISHED = "published", "Published"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


TERMINAL_STATUSES = frozenset({PostStatus.PUBLISHED, PostStatus.FAILED, PostStatus.CANCELLED})
ACTIVE_STATUSES = (PostStatus.PENDING, PostStatus.QUEUED)


class SchedulerBackend(models.TextChoices):
    LOCAL = "local", "Local (embedded worker)"
    HTTP = "http", "HTTP (Node.js scheduler)"


class ScheduledPost(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="scheduled_posts"
    )
    content = models.ForeignKey("content.Content", on_delete=models.CASCADE, related_name="scheduled_posts")
    # RESTRICT: a version alone cannot be deleted under a post, but deleting the whole content
    # (which cascades to both its versions and its posts) is allowed.
    content_version = models.ForeignKey(
        "content.ContentVersion", on_delete=models.RESTRICT, related_name="scheduled_posts"
    )
    # Snapshot: what is published is what was scheduled, even if the content gets new versions.
    text = models.TextField()
    # Snapshot too: the ids of the version's attachments, in order (webhook payloads, CSV export; the
    # media themselves cannot be deleted while the post is pending or queued: apps.media.usage).
    media_ids = models.JSONField(default=list, blank=True)
    # SHA-256 of the normalized text (apps.scheduling.duplicates): duplicate-post detection.
    text_hash = models.CharField(max_length=64, blank=True, default="")
    platform = models.CharField(max_length=16)
    scheduled_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=PostStatus.choices, default=PostStatus.PENDING)
    backend = models.CharField(max_length=8, choices=SchedulerBackend.choices)
    # NULL until the scheduler accepted the job: unique only when set.
    job_id = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001
    platform_post_id = models.CharField(max_length=200, blank=True)
    # The account it goes to (apps.channels): a post with a channel is published through the network
    # by the local backend; NULL for a platform-only post (the publisher adapters, the scheduler).
    channel = models.ForeignKey(
        "channels.Channel", null=True, blank=True, on_delete=models.SET_NULL, related_name="scheduled_posts"
    )
    # The published post's public URL, when the network module gives one.
    platform_post_url = models.URLField(max_length=1000, blank=True)
    last_error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    # Last time the reconciler asked the scheduler about this queued post (no callback came); also its
    # claim: a reconciler takes a post with a conditional UPDATE of this column (apps.scheduling.reconcile).
    reconcile_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["scheduled_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["job_id"], condition=models.Q(job_id__isnull=False), name="scheduled_post_job_id_unique"
            ),
            # A double-click must not publish the same text twice at the same moment.
            models.UniqueConstraint(
                fields=["content", "platform", "scheduled_at"],
                condition=models.Q(status__in=["pending", "queued"]),
                name="scheduled_post_one_active_per_slot",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=PostStatus.values), name="scheduled_post_status_valid"
            ),
        ]
        indexes = [
            # The analytics' publishing report (docs/analytics.md, "Volume"): an index-only scan.
            models.Index(
                fields=["organization", "scheduled_at"],
                include=["status", "platform", "published_at"],
                name="scheduled_post_org_sched",
            ),
            models.Index(fields=["organization", "status", "scheduled_at"]),
            models.Index(fields=["content", "scheduled_at"]),
            models.Index(fields=["organization", "platform", "text_hash"], name="scheduled_post_duplicate_idx"),
            # The metrics reader (apps.scheduling.metrics): posts published through a channel, by time.
            models.Index(
                fields=["published_at"],
                condition=models.Q(status="published", channel__isnull=False),
                name="scheduled_post_channel_pub_idx",
            ),
            # The reconciler: queued posts whose scheduled_at is long past.
            models.Index(
                fields=["scheduled_at"], condition=models.Q(status="queued"), name="scheduled_post_queued_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.platform} at {self.scheduled_at:%Y-%m-%d %H:%M} ({self.status})"


class OutboxKind(models.TextChoices):
    SCHEDULE = "schedule", "Schedule (hand the post to the scheduler)"
    CANCEL = "cancel", "Cancel (ask the scheduler to drop the job)"
    PUBLISH = "publish", "Publish (local backend: run the publisher at scheduled_at)"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERING = "delivering", "Delivering"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


class OutboxMessage(models.Model):
    """One outbound side effect, written in the same transaction as the state it belongs to.

    A worker claims a due message with a conditional update that sets a lease (``locked_until``);
    a worker that dies mid-delivery leaves the lease to expire and the sweep claims it again.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    scheduled_post = models.ForeignKey(ScheduledPost, on_delete=models.CASCADE, related_name="outbox_messages")
    kind = models.CharField(max_length=16, choices=OutboxKind.choices)
    payload = models.JSONField(default=dict, blank=True)
    # Sent as Idempotency-Key on every attempt: the receiver dedupes retries of the same message.
    idempotency_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(max_length=16, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=OutboxStatus.values), name="outbox_status_valid"),
        ]
        indexes = [
            # The sweep: due pending messages, and delivering ones whose lease expired.
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="outbox_due_pending_idx",
            ),
            models.Index(
                fields=["locked_until"],
                condition=models.Q(status="delivering"),
                name="outbox_expired_lease_idx",
            ),
            models.Index(fields=["scheduled_post", "kind", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.scheduled_post_id} ({self.status}, {self.attempts} attempts)"


class MetricsCheckpoint(models.TextChoices):
    HOUR = "1h", "1 hour after publishing"
    DAY = "24h", "24 hours after publishing"
    WEEK = "7d", "7 days after publishing"


class PostMetrics(models.Model):
    """One reading of a published post's counts on its network (SPEC §12), taken by the worker at 1 h,
    24 h and 7 days after publishing (apps.scheduling.metrics): a time series per post. A count the
    network does not give is NULL (impressions on Mastodon and Bluesky)."""

    post = models.ForeignKey(ScheduledPost, on_delete=models.CASCADE, related_name="metrics")
    checkpoint = models.CharField(max_length=4, choices=MetricsCheckpoint.choices)
    read_at = models.DateTimeField()
    likes = models.PositiveBigIntegerField(null=True, blank=True)
    reposts = models.PositiveBigIntegerField(null=True, blank=True)
    replies = models.PositiveBigIntegerField(null=True, blank=True)
    impressions = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["post", "read_at"]
        constraints = [models.UniqueConstraint(fields=["post", "checkpoint"], name="post_metrics_one_per_checkpoint")]

    def __str__(self) -> str:
        return f"{self.post_id} @ {self.checkpoint}"
