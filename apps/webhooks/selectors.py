"""Reads of webhook endpoints and their delivery log."""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from apps.webhooks.models import WebhookDelivery, WebhookEndpoint
from apps.webhooks.wanted import wanted_cache


def webhook_endpoint_list(*, organization_id: UUID | str) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(organization_id=organization_id).order_by("created_at", "pk")


def webhook_endpoint_organization_id(*, endpoint_id: UUID | str | None) -> UUID | None:
    """The organization of an endpoint (None when it does not exist): what the rate limiter charges."""
    try:
        return WebhookEndpoint.objects.filter(pk=endpoint_id).values_list("organization_id", flat=True).first()
    except (ValueError, TypeError, ValidationError):
        return None


def webhook_delivery_list(*, endpoint: WebhookEndpoint, status: str | None = None) -> QuerySet[WebhookDelivery]:
    deliveries = WebhookDelivery.objects.filter(endpoint=endpoint)
    if status:
        deliveries = deliveries.filter(status=status)
    return deliveries.order_by("-sequence")


def wanted_event_types(*, organization_id: UUID | str) -> frozenset[str]:
    """The event types some active endpoint of the organization subscribed to (empty: none), from the
    shared cache when its entry carries the organization's current version (``apps.webhooks.wanted``
    explains why that is exact across processes), else from the database."""

    def load() -> tuple[str, ...]:
        rows = WebhookEndpoint.objects.filter(organization_id=organization_id, is_active=True).values_list(
            "event_types", flat=True
        )
        return tuple(sorted({event_type for event_types in rows for event_type in event_types}))

    return frozenset(wanted_cache.get(organization_id, load))
