"""A generation emits ``content.generated`` in the transaction that saves the version: the audit log
records provider and tokens, and a webhook endpoint that wants the event gets a delivery."""

import pytest

from apps.audit.models import AuditEntry
from apps.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db

URL = "/api/v1/content/generate/"


def test_generation_is_audited_with_provider_and_tokens_and_queued_for_webhooks(owner, org, ai_settings):
    endpoint = WebhookEndpoint.objects.create(
        organization=org, url="https://hooks.example.com/in", event_types=["content.generated"], secret="whsec_x"
    )
    body = {"platform": "twitter", "tone": "professional", "prompt": "Launch day", "organization_id": str(org.pk)}

    response = client_for(owner).post(URL, body, format="json", HTTP_X_REQUEST_ID="gen-1")

    assert response.status_code == 201, response.json()
    data = response.json()
    [entry] = AuditEntry.objects.filter(action="content.generated")
    assert (entry.actor_user_id, entry.target_id, entry.request_id) == (owner.pk, data["id"], "gen-1")
    assert (entry.data["provider"], entry.data["total_tokens"], entry.data["version"]) == (
        "offline",
        data["tokens_used"],
        1,
    )
    [delivery] = WebhookDelivery.objects.filter(endpoint=endpoint)
    assert delivery.event_id == entry.event_id and delivery.payload["data"]["content_id"] == data["id"]


def test_a_refused_generation_emits_nothing(owner, org, ai_settings):
    from tests.factories import set_quota

    set_quota(org, tokens=1)
    body = {"platform": "twitter", "tone": "professional", "prompt": "Launch day", "organization_id": str(org.pk)}
    client_for(owner).post(URL, body, format="json")  # admitted: the reservation crosses the limit once
    response = client_for(owner).post(URL, body, format="json")

    assert response.status_code == 402
    assert AuditEntry.objects.filter(action="content.generated").count() == 1
