"""Content pieces and their immutable versions, with the provenance of each generation."""

import uuid

from django.conf import settings
from django.db import models


class Platform(models.TextChoices):
    TWITTER = "twitter", "Twitter / X"
    LINKEDIN = "linkedin", "LinkedIn"
    INSTAGRAM = "instagram", "Instagram"
    FACEBOOK = "facebook", "Facebook"
    THREADS = "threads", "Threads"
    MASTODON = "mastodon", "Mastodon"
    BLUESKY = "bluesky", "Bluesky"


class Tone(models.TextChoices):
    PROFESSIONAL = "professional", "Professional"
    CASUAL = "casual", "Casual"
    FRIENDLY = "friendly", "Friendly"
    HUMOROUS = "humorous", "Humorous"
    INSPIRATIONAL = "inspirational", "Inspirational"
    PERSUASIVE = "persuasive", "Persuasive"
    INFORMATIVE = "informative", "Informative"
    ENTHUSIASTIC = "enthusiastic", "Enthusiastic"


class ReviewState(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"


class Content(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="contents")
    workspace = models.ForeignKey("organizations.Workspace", on_delete=models.PROTECT, related_name="contents")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    platform = models.CharField(max_length=16, choices=Platform.choices)
    tone = models.CharField(max_length=16, choices=Tone.choices)
    audience = models.CharField(max_length=500, blank=True)
    prompt = models.TextField()
    # Denormalized from the current version so lists need no join.
    current_version = models.PositiveIntegerField(default=0)
    current_text = models.TextField(blank=True)
    # Review (docs/content.md#approvals): only apps.content.review changes these, one conditional
    # UPDATE per transition. ``review_version`` is the version submitted / approved.
    review_state = models.CharField(max_length=20, choices=ReviewState.choices, default=ReviewState.DRAFT)
    review_version = models.PositiveIntegerField(null=True, blank=True)
    review_updated_at = models.DateTimeField(null=True, blank=True)
    review_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Lifecycle (docs/content.md#lifecycle): archived content leaves the default lists; deleted
    # content is in the trash (404 everywhere else) until restored or purged by housekeeping.
    archived_at = models.DateTimeField(null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_state__in=ReviewState.values), name="content_review_state_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "-created_at"]),
            models.Index(fields=["workspace", "-created_at"]),
            # The trash listing and the purge job.
            models.Index(fields=["deleted_at"], condition=models.Q(deleted_at__isnull=False), name="content_trash_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.platform}: {self.prompt[:40]}"


class VersionSource(models.TextChoices):
    GENERATED = "generated", "Generated"
    REGENERATED = "regenerated", "Regenerated"
    MANUAL_EDIT = "manual_edit", "Manual edit"


class ContentVersion(models.Model):
    """Immutable: a new generation, regeneration or manual edit adds a row; none is ever updated."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    content = models.ForeignKey(Content, on_delete=models.CASCADE, related_name="versions")
    # The content's organization, copied (a content never changes organization; a move stays in it): the analytics read
    # one organization's versions over a date range through (organization, created_at) without a join.
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # Likewise the content's workspace (PROTECT as the content's own); ``content_move`` updates it
    # with the content's, in the same transaction.
    workspace = models.ForeignKey("organizations.Workspace", on_delete=models.PROTECT, related_name="+", db_index=False)
    version = models.PositiveIntegerField()
    text = models.TextField()
    source = models.CharField(max_length=16, choices=VersionSource.choices)
    provider = models.CharField(max_length=16, blank=True)  # openai / gemini / offline / "" for manual edits
    model = models.CharField(max_length=100, blank=True)
    parameters = models.JSONField(default=dict, blank=True)
    prompt_tokens = models.PositiveIntegerField(default=0)
    completion_tokens = models.PositiveIntegerField(default=0)
    total_tokens = models.PositiveIntegerField(default=0)
    latency_ms = models.PositiveIntegerField(default=0)
    truncated = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["content", "version"]
        constraints = [
            models.UniqueConstraint(fields=["content", "version"], name="content_version_unique"),
        ]
        indexes = [
            # The analytics (docs/analytics.md, "Volume"); INCLUDE lets PostgreSQL answer most reports
            # from the index alone (index-only scans), without visiting the table's pages.
            models.Index(
                fields=["organization", "created_at"],
                include=[
                    "source",
                    "provider",
                    "model",
                    "total_tokens",
                    "latency_ms",
                    "created_by",
                    "content",
                    "workspace",
                ],
                name="content_version_org_created",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.content_id} v{self.version}"


# An attachment's alt text is bounded by the longest a network takes (LinkedIn's 4086); each
# platform's own bound is a rule of apps.media.network_rules (``alt_text_too_long``).
ALT_TEXT_MAX_CHARS = 4086
# Attachments per version: above every network's count (Threads and LinkedIn take 20).
ATTACHMENTS_MAX = 20


class ContentVersionMedia(models.Model):
    """One attachment of a version: a media of the library at a position, with its alt text.

    Immutable like the version: written with it, never updated. A new version copies, reorders
    or replaces its predecessor's rows (docs/content.md#attachments). Deleting a media the library
    considers unused (no pending or queued post) keeps the slot with ``media`` NULL: the history
    says an attachment was there; a version with such a slot cannot be scheduled (``media_deleted``)
    and a new version that keeps the attachments drops it."""

    id = models.BigAutoField(primary_key=True)
    version = models.ForeignKey(ContentVersion, on_delete=models.CASCADE, related_name="attachments")
    media = models.ForeignKey("media.Media", null=True, on_delete=models.SET_NULL, related_name="attachments")
    position = models.PositiveSmallIntegerField()
    alt_text = models.CharField(max_length=ALT_TEXT_MAX_CHARS, blank=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="content_version_media_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.version_id} #{self.position}: {self.media_id}"


class ReviewAction(models.TextChoices):
    SUBMIT = "submit", "Submitted for review"
    APPROVE = "approve", "Approved"
    REQUEST_CHANGES = "request_changes", "Changes requested"
    RESET = "reset", "Back to draft (a new version)"


class ContentReview(models.Model):
    """One review transition of a content: who, when, from which state to which, of which version,
    with the reviewer's comment. Written in the same transaction as the transition; never updated."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    content = models.ForeignKey(Content, on_delete=models.CASCADE, related_name="reviews")
    action = models.CharField(max_length=20, choices=ReviewAction.choices)
    from_state = models.CharField(max_length=20, choices=ReviewState.choices)
    to_state = models.CharField(max_length=20, choices=ReviewState.choices)
    version = models.PositiveIntegerField()
    comment = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["content", "created_at"]
        indexes = [models.Index(fields=["content", "created_at"])]

    def __str__(self) -> str:
        return f"{self.content_id} {self.action} v{self.version}"


class FailureOutcome(models.TextChoices):
    TIMEOUT = "timeout", "The provider did not answer in time"
    REFUSED = "refused", "The provider refused the content (safety or policy)"
    ERROR = "error", "The provider failed otherwise"


class GenerationFailure(models.Model):
    """A generation or regeneration that saved no version (the provider timed out, refused or
    failed; nothing was charged). Written for the analytics' timeout and refusal shares only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    workspace = models.ForeignKey(
        "organizations.Workspace", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content = models.ForeignKey(Content, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    provider = models.CharField(max_length=16)  # the one requested (a fallback may have failed too)
    outcome = models.CharField(max_length=16, choices=FailureOutcome.choices)
    error_code = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["organization", "created_at"], name="generation_failure_org_created"),
        ]

    def __str__(self) -> str:
        return f"{self.outcome} ({self.provider}) at {self.created_at:%Y-%m-%d %H:%M}"
