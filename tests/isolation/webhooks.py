"""Tenant-isolation factories for the routes of /api/v1/webhooks/ (see test_isolation.py)."""

from collections.abc import Callable

from apps.common.events import emit
from apps.organizations.models import Organization
from apps.users.models import User
from apps.webhooks.models import WebhookDelivery, WebhookEndpoint
from apps.webhooks.signing import secret_generate


def _endpoint(organization: Organization, owner: User) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(
        organization=organization,
        url="https://hooks.victim.example.com/in",
        event_types=["post.published"],
        secret=secret_generate(),
        created_by=owner,
    )


def _delivery(organization: Organization, owner: User) -> dict[str, str]:
    endpoint = _endpoint(organization, owner)
    emit("post.published", organization_id=organization.pk, target=("scheduled_post", "victim"))
    delivery = WebhookDelivery.objects.filter(endpoint=endpoint).latest("sequence")
    return {"id": str(endpoint.pk), "delivery_id": str(delivery.pk)}


FACTORIES: dict[str, Callable[[Organization, User], dict[str, str]]] = {
    "webhooks:endpoint-list": lambda organization, owner: _endpoint(organization, owner) and {},
    "webhooks:endpoint-detail": lambda organization, owner: {"id": str(_endpoint(organization, owner).pk)},
    "webhooks:endpoint-rotate-secret": lambda organization, owner: {"id": str(_endpoint(organization, owner).pk)},
    "webhooks:delivery-list": lambda organization, owner: {"id": _delivery(organization, owner)["id"]},
    "webhooks:delivery-redeliver": _delivery,
}

EXEMPT: dict[str, str] = {
    "webhooks:event-types": "the static catalogue of event types: no organization data",
}
