"""A campaign (one brief, several platforms) and its variants, one content per platform."""

import uuid

from django.conf import settings
from django.db import models

from apps.content.models import Platform, Tone


class Campaign(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="campaigns")
    # Informational once created: the variants' content may move; a deleted workspace leaves the campaign.
    workspace = models.ForeignKey(
        "organizations.Workspace", null=True, blank=True, on_delete=models.SET_NULL, related_name="campaigns"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    prompt = models.TextField()
    tone = models.CharField(max_length=16, choices=Tone.choices)
    audience = models.CharField(max_length=500, blank=True)
    template = models.JSONField(null=True, blank=True)  # {id, name, variables} when a template was used
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organization", "-created_at"])]

    def __str__(self) -> str:
        return self.prompt[:40]


class VariantStatus(models.TextChoices):
    PENDING = "pending", "Pending"  # admitted, generation not finished
    GENERATED = "generated", "Generated"
    FAILED = "failed", "Failed"


class CampaignVariant(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="variants")
    platform = models.CharField(max_length=16, choices=Platform.choices)
    position = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=16, choices=VariantStatus.choices, default=VariantStatus.PENDING)
    content = models.ForeignKey(
        "content.Content", null=True, blank=True, on_delete=models.SET_NULL, related_name="campaign_variants"
    )
    error_code = models.CharField(max_length=64, blank=True)
    error_message = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["campaign", "position"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "platform"], name="campaign_variant_platform_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.platform}"
