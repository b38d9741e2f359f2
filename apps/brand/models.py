"""A workspace's brand voice (with every revision kept) and its reusable prompt templates."""

import uuid

from django.conf import settings
from django.db import models


def _list() -> list:
    return []


class BrandVoice(models.Model):
    """The current brand voice of a workspace; ``revision`` grows by one at each change, and each
    revision's content is kept as a ``BrandVoiceRevision`` (generations record the number)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    workspace = models.OneToOneField("organizations.Workspace", on_delete=models.CASCADE, related_name="brand_voice")
    revision = models.PositiveIntegerField(default=0)
    description = models.TextField(blank=True)
    rules = models.JSONField(default=_list, blank=True)
    banned_phrases = models.JSONField(default=_list, blank=True)
    required_hashtags = models.JSONField(default=_list, blank=True)
    example_posts = models.JSONField(default=_list, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.workspace_id} r{self.revision}"


class BrandVoiceRevision(models.Model):
    """Immutable snapshot of one revision of a brand voice."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    brand_voice = models.ForeignKey(BrandVoice, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveIntegerField()
    description = models.TextField(blank=True)
    rules = models.JSONField(default=_list, blank=True)
    banned_phrases = models.JSONField(default=_list, blank=True)
    required_hashtags = models.JSONField(default=_list, blank=True)
    example_posts = models.JSONField(default=_list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["brand_voice", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["brand_voice", "revision"], name="brand_voice_revision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.brand_voice_id} r{self.revision}"


class PromptTemplate(models.Model):
    """A reusable brief with named variables (``{product}``), filled in when a generation uses it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="prompt_templates"
    )
    workspace = models.ForeignKey("organizations.Workspace", on_delete=models.CASCADE, related_name="prompt_templates")
    name = models.CharField(max_length=100)
    body = models.TextField()
    variables = models.JSONField(default=_list, blank=True)  # derived from body, in order of appearance
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="prompt_template_name_unique"),
        ]
        indexes = [models.Index(fields=["organization", "name"])]

    def __str__(self) -> str:
        return self.name
