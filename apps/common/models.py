"""The one table of the toolkit: idempotent POSTs (apps.common.idempotency, docs/api.md#idempotency)."""

import uuid

from django.db import models


class IdempotencyState(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class IdempotencyRecord(models.Model):
    """One ``Idempotency-Key`` of one caller: claimed by the first request (``in_progress``), then the
    answer it gave (``completed``), replayed to the retries for IDEMPOTENCY_KEY_TTL_SECONDS."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The caller: the user (an API key is its own machine user), so one caller's key never replays
    # another's answer.
    user_id = models.UUIDField()
    key = models.CharField(max_length=255)
    # sha256 of the method, the path (with its query) and the body: the same key with another request is refused.
    fingerprint = models.CharField(max_length=64)
    state = models.CharField(max_length=12, choices=IdempotencyState.choices, default=IdempotencyState.IN_PROGRESS)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user_id", "key"], name="idempotency_record_unique")]
        indexes = [models.Index(fields=["created_at"], name="idempotency_record_created")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key} ({self.state})"
