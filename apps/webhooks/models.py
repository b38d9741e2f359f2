"""Webhook endpoints of an organization, and the deliveries of events to them (the outbox).

A delivery row is written in the same transaction as the change that emitted the event. Each
endpoint numbers its deliveries (``sequence``, taken under a lock of the endpoint row, so numbers
commit in order) and the worker delivers one endpoint's deliveries strictly in that order.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from apps.webhooks.wanted import wanted_event_types_forget

# The fields that decide whether an endpoint wants an event (``apps.webhooks.wanted``).
_WANTED_FIELDS = {"is_active", "event_types", "organization", "organization_id"}


class WebhookEndpointQuerySet(models.QuerySet):
    """``update()`` of a field that decides who wants which event, and ``delete()``, drop the
    organizations' cached answer (``apps.webhooks.wanted``)."""

    def update(self, **kwargs: object) -> int:
        if not _WANTED_FIELDS.intersection(kwargs):
            return super().update(**kwargs)
        organization_ids = set(self.values_list("organization_id", flat=True))
        count = super().update(**kwargs)
        if "organization" in kwargs or "organization_id" in kwargs:
            organization_ids.update(self.values_list("organization_id", flat=True))
        wanted_event_types_forget(organization_ids=organization_ids)
        return count

    def bulk_create(self, objs, *args, **kwargs):  # type: ignore[no-untyped-def]
        created = super().bulk_create(objs, *args, **kwargs)
        wanted_event_types_forget(organization_ids=[endpoint.organization_id for endpoint in created])
        return created

    def delete(self) -> tuple[int, dict[str, int]]:
        organization_ids = set(self.values_list("organization_id", flat=True))
        result = super().delete()
        wanted_event_types_forget(organization_ids=organization_ids)
        return result


class WebhookEndpoint(models.Model):
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

    objects = WebhookEndpointQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["organization", "is_active"])]

    def __str__(self) -> str:
        return f"{self.url} ({'active' if self.is_active else 'disabled'})"

    def save(self, *args: object, **kwargs: object) -> None:
        update_fields = kwargs.get("update_fields")
        super().save(*args, **kwargs)
        if update_fields is None or _WANTED_FIELDS.intersection(update_fields):
            # An endpoint moved to another organization (the admin) changes that one's answer too.
            loaded = getattr(self, "_loaded_organization_id", None)
            wanted_event_types_forget(organization_ids=[i for i in (self.organization_id, loaded) if i])
            self._loaded_organization_id = self.organization_id

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        organization_id = self.organization_id
        result = super().delete(*args, **kwargs)
        wanted_event_types_forget(organization_ids=[organization_id])
        return result

    @classmethod
    def from_db(cls, db, field_names, values):  # type: ignore[no-untyped-def]
        instance = super().from_db(db, field_names, values)
        instance._loaded_organization_id = instance.__dict__.get("organization_id")
        return instance


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
