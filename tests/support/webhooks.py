"""Webhook endpoints in tests: one registered directly (no SSRF check), with a fresh secret."""

from apps.webhooks.catalogue import EVENT_TYPES
from apps.webhooks.models import WebhookEndpoint
from apps.webhooks.signing import secret_generate


def make_endpoint(organization, *, url: str, event_types=None, **fields) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(
        organization=organization,
        url=url,
        event_types=sorted(event_types or EVENT_TYPES),
        secret=secret_generate(),
        **fields,
    )
