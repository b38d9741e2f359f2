"""Webhook endpoints of an organization, and the deliveries of events to them (the outbox).

A delivery row is written in the same transaction as the change that emitted the event. Each
endpoint numbers its deliveries (``sequence``, taken under a lock of the endpoint row, so numbers
commit in order) and the worker delivers one endpoint's deliveries strictly in that order.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from apps.common.versioned_cache import ForgetsOwnerModel, ForgetsOwnerQuerySet
from apps.webhooks.wanted import wanted_cache


class WebhookEndpoint(ForgetsOwnerModel):
    # A write of a field that decides who wants which event drops the organization's cached answer
    # (apps.webhooks.wanted).
    owner_cache, owner_field = wanted_cache, "organization_id"
    owner_cache_fields = {"is_active", "event_types", "organization", "organization_id"}

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField(max_length=2000)
    description = models.CharField(max_length=200, blank=True)
    event_types = models.JSONField(default=list)
    # The HMAC key (shown once at creation and rotation). After a rotation the previous one still
    # signs (a second v1) until previous_secret_expires_at, so receivers can switch without loss.
    secret = models.CharField(max_length=100)
    # apps.webhooks.signing: "standard" (Standard Webhooks) for every endpoint created since issue 28;
    # endpoints created before keep "legacy" (Stripe-style) until their owner switches.
    signature_scheme = models.CharField(
        max_length=10,
        choices=[("standard", "Standard Webhooks"), ("legacy", "Legacy (t=…,v1=hex)")],
        default="standard",
    )
    previous_secret = models.CharField(max_length=100, blank=True)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=500, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    # Last sequence number given to a delivery of this endpoint.
    sequence = models.BigIntegerField(default=0)
    # Delivery lease: one worker at a time sends this endpoint's deliveries (that keeps them in order).
    locked_until = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ForgetsOwnerQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["organization", "is_active"])]

    def __str__(self) -> str:
        return f"{self.url} ({'active' if self.is_active else 'disabled'})"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"  # waiting for its turn or for its next attempt
    DELIVERED = "delivered", "Delivered"  # the receiver answered 2xx
    FAILED = "failed", "Failed"  # gave up (retry window over); redeliver by hand


class WebhookDelivery(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    # Sent as Webhook-Id: the same for every endpoint and every redelivery of one event (dedup key).
    event_id = models.UUIDField()
    event_type = models.CharField(max_length=64)
    payload = models.JSONField()
    sequence = models.BigIntegerField()
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    redelivery_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sequence"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "sequence"], name="webhook_delivery_sequence_unique"),
            models.CheckConstraint(
                condition=models.Q(status__in=DeliveryStatus.values), name="webhook_delivery_status_valid"
            ),
        ]
        indexes = [
            # The worker: the oldest pending delivery of an endpoint.
            models.Index(
                fields=["endpoint", "sequence"],
                condition=models.Q(status="pending"),
                name="webhook_delivery_pending_idx",
            ),
            models.Index(
                fields=["next_attempt_at"], condition=models.Q(status="pending"), name="webhook_delivery_due_idx"
            ),
            models.Index(fields=["created_at"], name="webhook_delivery_created_idx"),  # housekeeping
        ]

    def __str__(self) -> str:
        return f"{self.event_type} #{self.sequence} → {self.endpoint_id} ({self.status})"
