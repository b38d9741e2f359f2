"""Reads of webhook endpoints and their delivery log."""

from uuid import UUID

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from apps.webhooks.models import WebhookDelivery, WebhookEndpoint
from apps.webhooks.wanted import VERSION_SECONDS, WANTED_CACHE_SECONDS, new_version, wanted_key, wanted_version_key


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
    key, version_key = wanted_key(organization_id), wanted_version_key(organization_id)
    cached = cache.get_many([key, version_key])
    version = cached.get(version_key)
    entry = cached.get(key)
    if version is not None and isinstance(entry, tuple) and len(entry) == 2 and entry[0] == version:
        return frozenset(entry[1])
    if version is None:
        version = new_version()
        if not cache.add(version_key, version, timeout=VERSION_SECONDS):  # another process set one first: use it
            version = cache.get(version_key)
    rows = WebhookEndpoint.objects.filter(organization_id=organization_id, is_active=True).values_list(
        "event_types", flat=True
    )
    wanted = frozenset(event_type for event_types in rows for event_type in event_types)
    if version is not None:
        cache.set(key, (version, tuple(sorted(wanted))), timeout=WANTED_CACHE_SECONDS)
    return wanted
