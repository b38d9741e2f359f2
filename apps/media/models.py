"""A workspace's media library: one row per image or video, the bytes in object storage (never here).

SPEC §11 and docs/media.md. A row is created ``pending`` by a presigned upload and becomes
``ready`` when the completion call has read what arrived; a direct upload or an AI image is
``ready`` at once. Derivatives (a thumbnail, a per-network fit) are rows of their own whose
``parent`` is the original.
"""

import uuid

from django.conf import settings
from django.db import models


class MediaKind(models.TextChoices):
    IMAGE = "image", "Image"
    VIDEO = "video", "Video"


class MediaState(models.TextChoices):
    PENDING = "pending", "Pending upload"
    READY = "ready", "Ready"


class MediaSource(models.TextChoices):
    UPLOAD = "upload", "Upload"
    AI = "ai", "AI generated"
    DERIVATIVE = "derivative", "Derivative"


class DerivativeKind(models.TextChoices):
    THUMBNAIL = "thumbnail", "Thumbnail"
    FIT_PAD = "fit_pad", "Fitted (padded)"
    FIT_CROP = "fit_crop", "Fitted (cropped)"


def _dict() -> dict:
    return {}


class Media(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    # PROTECT as content's: deleting a workspace purges its media (and their objects) first.
    workspace = models.ForeignKey("organizations.Workspace", on_delete=models.PROTECT, related_name="media")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=12, choices=MediaState.choices, default=MediaState.READY)
    source = models.CharField(max_length=12, choices=MediaSource.choices, default=MediaSource.UPLOAD)
    # Decided from the bytes (apps.media.inspect), never from the name or Content-Type; blank while pending.
    kind = models.CharField(max_length=8, choices=MediaKind.choices, blank=True)
    mime_type = models.CharField(max_length=64, blank=True)
    size_bytes = models.PositiveBigIntegerField(default=0)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    duration_seconds = models.FloatField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    alt_text = models.CharField(max_length=1500, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    # The object's key in the media storage (settings.STORAGES["media"]).
    storage_key = models.CharField(max_length=512, unique=True)
    # AI images: provider, model, prompt, revised_prompt (SPEC §11 provenance).
    provenance = models.JSONField(default=_dict, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="derivatives")
    derivative_kind = models.CharField(max_length=12, choices=DerivativeKind.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(state__in=MediaState.values), name="media_state_valid"),
            models.CheckConstraint(
                condition=models.Q(state=MediaState.PENDING) | ~models.Q(kind=""), name="media_ready_has_kind"
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "-created_at", "-id"], name="media_workspace_created"),
            models.Index(fields=["organization", "state"], name="media_org_state"),
        ]

    def __str__(self) -> str:
        return f"{self.kind or self.state} {self.id}"


class MediaObjectDeletion(models.Model):
    """An object (``key``) or every object under a prefix (``prefix=True``) to remove from the media
    storage: written in the transaction that deletes the rows (a media, a workspace's, an
    organization's), removed by ``media_objects_sweep`` once the store has forgotten them. The
    outbox of storage deletions: a crash between the commit and the store loses nothing.

    ``keep_until``: the sweep runs again until then (a pending upload's presigned link may still
    put an object under the key or prefix until it expires)."""

    key = models.CharField(max_length=512)
    prefix = models.BooleanField(default=False)
    keep_until = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["created_at"], name="media_deletion_created")]

    def __str__(self) -> str:
        return f"{self.key}{'*' if self.prefix else ''}"
