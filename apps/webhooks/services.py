"""Writes on webhook endpoints (admins and owners), the events subscriber that writes deliveries,
and manual redelivery."""

from collections.abc import Sequence
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.common.events import Event, emit
from apps.common.exceptions import ValidationFailed
from apps.organizations.models import Role
from apps.organizations.selectors import membership_require
from apps.users.models import User
from apps.webhooks.catalogue import EVENT_TYPES
from apps.webhooks.delivery import endpoint_enqueue, webhooks_sweep_ensure_scheduled
from apps.webhooks.exceptions import WebhookDeliveryNotFound, WebhookEndpointDisabled, WebhookEndpointNotFound
from apps.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from apps.webhooks.netguard import url_check, url_parse
from apps.webhooks.selectors import wanted_event_types
from apps.webhooks.signing import secret_generate


def _event_types_clean(event_types: list[str]) -> list[str]:
    unknown = sorted(set(event_types) - set(EVENT_TYPES))
    if unknown:
        raise ValidationFailed(details={"event_types": [f"Unknown event type(s): {', '.join(unknown)}."]})
    if not event_types:
        raise ValidationFailed(details={"event_types": ["Choose at least one event type."]})
    return sorted(set(event_types))


def webhook_endpoint_get(*, user: User, endpoint_id: UUID | str, role: str = Role.ADMIN) -> WebhookEndpoint:
    """An endpoint of one of the caller's organizations with ``role`` there: 404 otherwise (a foreign
    endpoint is answered like a missing one), 403 for a lower role."""
    try:
        endpoint = WebhookEndpoint.objects.select_related("organization").get(
            pk=endpoint_id, organization__members__user=user
        )
    except (WebhookEndpoint.DoesNotExist, ValueError, TypeError) as exc:
        raise WebhookEndpointNotFound() from exc
    membership_require(user=user, organization_id=endpoint.organization_id, role=role)
    return endpoint


def _audit(action: str, endpoint: WebhookEndpoint, *, user: User, **data: Any) -> None:
    emit(
        action,
        organization_id=endpoint.organization_id,
        target=("webhook_endpoint", endpoint.pk),
        data={"url": endpoint.url, **data},
        on_behalf_of=user,
    )


@transaction.atomic
def webhook_endpoint_create(
    *, user: User, organization_id: UUID | str, url: str, event_types: list[str], description: str = ""
) -> WebhookEndpoint:
    """Register an endpoint (admin+). The URL must be https, on an allowed port, and resolve to public
    addresses only (``apps.webhooks.netguard``). The secret is returned on this object once; later reads
    hide it."""
    membership = membership_require(user=user, organization_id=organization_id, role=Role.ADMIN)
    event_types = _event_types_clean(event_types)
    url_check(url)
    endpoint = WebhookEndpoint.objects.create(
        organization_id=membership.organization_id,
        url=url,
        description=description,
        event_types=event_types,
        secret=secret_generate(),
        created_by=user,
    )
    _audit("webhook_endpoint.created", endpoint, user=user, event_types=event_types)
    transaction.on_commit(webhooks_sweep_ensure_scheduled, robust=True)
    return endpoint


@transaction.atomic
def webhook_endpoint_update(
    *,
    user: User,
    endpoint: WebhookEndpoint,
    url: str | None = None,
    event_types: list[str] | None = None,
    description: str | None = None,
    is_active: bool | None = None,
    signature_scheme: str | None = None,
) -> WebhookEndpoint:
    """Change an endpoint (admin+). Re-enabling a disabled one resets its failure count and resumes
    its pending deliveries, in order; it is refused while its URL breaks the URL rules."""
    membership_require(user=user, organization_id=endpoint.organization_id, role=Role.ADMIN)
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    changed: dict[str, Any] = {}
    if url is not None and url != endpoint.url:
        url_check(url)
        changed["url"] = [endpoint.url, url]
        endpoint.url = url
    if event_types is not None:
        event_types = _event_types_clean(event_types)
        if event_types != endpoint.event_types:
            changed["event_types"] = [endpoint.event_types, event_types]
            endpoint.event_types = event_types
    if description is not None and description != endpoint.description:
        endpoint.description = description
        changed["description"] = True
    if signature_scheme is not None and signature_scheme != endpoint.signature_scheme:
        changed["signature_scheme"] = [endpoint.signature_scheme, signature_scheme]
        endpoint.signature_scheme = signature_scheme
    resumed = is_active is not None and _active_set(endpoint=endpoint, is_active=is_active, changed=changed)
    if changed:
        endpoint.save()
        _audit("webhook_endpoint.updated", endpoint, user=user, changes=changed)
    if resumed:
        now = timezone.now()
        endpoint.deliveries.filter(status=DeliveryStatus.PENDING, next_attempt_at__gt=now).update(next_attempt_at=now)
        endpoint_id = endpoint.pk
        transaction.on_commit(lambda: endpoint_enqueue(endpoint_id=endpoint_id))
    return endpoint


def _active_set(*, endpoint: WebhookEndpoint, is_active: bool, changed: dict[str, Any]) -> bool:
    """Enable or disable ``endpoint`` (unsaved); True when it was re-enabled (its deliveries resume)."""
    if is_active == endpoint.is_active:
        return False
    changed["is_active"] = [endpoint.is_active, is_active]
    endpoint.is_active = is_active
    if not is_active:
        endpoint.disabled_at = timezone.now()
        endpoint.disabled_reason = "Disabled by an administrator."
        return False
    if "url" not in changed:
        # A URL stored before today's rules (a newline, a port not allowed) would only fail again.
        url_parse(endpoint.url)
    endpoint.consecutive_failures = 0
    endpoint.disabled_at = None
    endpoint.disabled_reason = ""
    return True


@transaction.atomic
def webhook_endpoint_delete(*, user: User, endpoint: WebhookEndpoint) -> None:
    membership_require(user=user, organization_id=endpoint.organization_id, role=Role.ADMIN)
    _audit("webhook_endpoint.deleted", endpoint, user=user)
    endpoint.delete()


@transaction.atomic
def webhook_endpoint_rotate_secret(*, user: User, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """A new secret (returned once). The old one keeps signing too (a second ``v1``) for
    ``WEBHOOK_SECRET_ROTATION_GRACE_SECONDS``, so the receiver can switch without losing events."""
    membership_require(user=user, organization_id=endpoint.organization_id, role=Role.ADMIN)
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = timezone.now() + timedelta(
        seconds=settings.WEBHOOK_SECRET_ROTATION_GRACE_SECONDS
    )
    endpoint.secret = secret_generate()
    endpoint.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at", "updated_at"])
    _audit("webhook_endpoint.secret_rotated", endpoint, user=user)
    return endpoint


def webhook_delivery_get(*, endpoint: WebhookEndpoint, delivery_id: UUID | str) -> WebhookDelivery:
    try:
        return WebhookDelivery.objects.get(endpoint=endpoint, pk=delivery_id)
    except (WebhookDelivery.DoesNotExist, ValueError, TypeError) as exc:
        raise WebhookDeliveryNotFound() from exc


@transaction.atomic
def webhook_delivery_redeliver(*, user: User, endpoint: WebhookEndpoint, delivery_id: UUID | str) -> WebhookDelivery:
    """Send an event again (admin+): a new delivery with the same event id and body, queued after
    the endpoint's other deliveries (the receiver dedupes on ``Webhook-Id``)."""
    membership_require(user=user, organization_id=endpoint.organization_id, role=Role.ADMIN)
    original = webhook_delivery_get(endpoint=endpoint, delivery_id=delivery_id)
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    if not endpoint.is_active:
        raise WebhookEndpointDisabled()
    delivery = _delivery_append(
        endpoint=endpoint,
        event_id=original.event_id,
        event_type=original.event_type,
        payload=original.payload,
        redelivery_of=original,
    )
    emit(
        "webhook_delivery.redelivered",
        organization_id=endpoint.organization_id,
        target=("webhook_delivery", delivery.pk),
        data={"endpoint_id": str(endpoint.pk), "event_id": str(original.event_id), "event_type": original.event_type},
        on_behalf_of=user,
    )
    endpoint_id = endpoint.pk
    transaction.on_commit(lambda: endpoint_enqueue(endpoint_id=endpoint_id))
    return delivery


def _delivery_append(
    *,
    endpoint: WebhookEndpoint,
    event_id: UUID,
    event_type: str,
    payload: dict[str, Any],
    redelivery_of: WebhookDelivery | None = None,
) -> WebhookDelivery:
    """The next delivery of a LOCKED endpoint: its sequence number commits with the lock released,
    so a later number is never visible before an earlier one."""
    endpoint.sequence += 1
    endpoint.save(update_fields=["sequence"])
    return WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_id=event_id,
        event_type=event_type,
        payload=payload,
        sequence=endpoint.sequence,
        redelivery_of=redelivery_of,
    )


def event_payload(event: Event) -> dict[str, Any]:
    """The JSON body every endpoint receives for an event."""
    return {
        "id": str(event.id),
        "type": event.type,
        "created_at": event.occurred_at.isoformat().replace("+00:00", "Z"),
        "organization_id": str(event.organization_id),
        "data": event.data,
    }


def webhook_event_record(events: Sequence[Event]) -> int:
    """The events subscriber: one delivery per active endpoint of the organization that wants the
    event's type, for each event, in the caller's transaction; a batch of events (``emit_many``) in a
    few statements per organization. Returns how many deliveries."""
    by_organization: dict[UUID, list[Event]] = {}
    for event in events:
        if event.type in EVENT_TYPES and event.organization_id is not None:
            by_organization.setdefault(event.organization_id, []).append(event)
    return sum(_deliveries_record(organization_id, batch) for organization_id, batch in by_organization.items())


def _deliveries_record(organization_id: UUID, events: list[Event]) -> int:
    """The deliveries of one organization's ``events``: each endpoint's sequence numbers in event order."""
    wanted_types = wanted_event_types(organization_id=organization_id)
    events = [event for event in events if event.type in wanted_types]
    if not events:
        return 0  # from the shared cache: no query when no endpoint wants it (most organizations)
    candidates = WebhookEndpoint.objects.filter(organization_id=organization_id, is_active=True).values_list(
        "pk", "event_types"
    )
    types_of = {pk: set(types) for pk, types in candidates if any(event.type in types for event in events)}
    if not types_of:
        return 0
    # Locked in primary-key order: two transactions emitting to the same endpoints cannot deadlock. The
    # lock is held until the caller commits, so sequence numbers of one endpoint commit in order.
    endpoints = list(
        WebhookEndpoint.objects.select_for_update()
        .filter(pk__in=types_of, is_active=True)
        .order_by("pk")
        .only("pk", "sequence")
    )
    payloads = {event.id: event_payload(event) for event in events}
    deliveries = []
    for endpoint in endpoints:
        for event in events:
            if event.type in types_of[endpoint.pk]:
                endpoint.sequence += 1
                deliveries.append(
                    WebhookDelivery(
                        endpoint=endpoint,
                        event_id=event.id,
                        event_type=event.type,
                        payload=payloads[event.id],
                        sequence=endpoint.sequence,
                    )
                )
    WebhookEndpoint.objects.bulk_update(endpoints, ["sequence"])
    WebhookDelivery.objects.bulk_create(deliveries)
    for endpoint in endpoints:
        transaction.on_commit(lambda endpoint_id=endpoint.pk: endpoint_enqueue(endpoint_id=endpoint_id))
    return len(deliveries)
