"""Regressions for what schemathesis (scripts/schemathesis_run.py) found: each answered a 500 or
disagreed with the OpenAPI schema before its fix."""

import json

import pytest

from apps.organizations.models import Organization
from apps.subscriptions.models import StripeEvent
from apps.subscriptions.tests.fakes import WEBHOOK_SECRET, make_event, post_webhook
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    ["page_size=null", "page_size=0", "page_size=-3", "page_size=2.5", "page_size=5&page_size=6", "page=", "page=x"],
)
def test_pagination_rejects_a_page_or_page_size_that_is_not_one_positive_integer(user, query):
    response = client_for(user).get(f"/api/v1/organizations/?{query}")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"


def test_pagination_page_size_above_the_cap_is_capped_not_refused(user):
    response = client_for(user).get("/api/v1/organizations/?page_size=1000")

    assert response.status_code == 200


def test_pagination_invalid_page_is_documented_as_404_on_public_lists(client):
    schema = client.get("/api/schema/").json()

    assert "404" in schema["paths"]["/api/v1/subscriptions/plans/"]["get"]["responses"]
    assert client.get("/api/v1/subscriptions/plans/?page=99").status_code == 404


@pytest.mark.parametrize("value", [0, 12.5, True, ["x"], {"a": 1}])
def test_string_fields_refuse_json_non_strings(user, value):
    organization = Organization.objects.get(members__user=user)

    response = client_for(user).patch(f"/api/v1/organizations/{organization.pk}/", data={"name": value}, format="json")

    assert response.status_code == 400
    assert "name" in response.json()["error"]["details"]
    organization.refresh_from_db()
    assert organization.name != str(value)


def test_patch_bodies_document_their_required_fields(client):
    schema = client.get("/api/schema/").json()
    components = schema["components"]["schemas"]
    body = schema["paths"]["/api/v1/content/{content_id}/"]["patch"]["requestBody"]["content"]["application/json"]
    component = components[body["schema"]["$ref"].rsplit("/", 1)[1]]

    assert "text" in component.get("required", [])


@pytest.fixture
def webhook_secret(settings):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET


@pytest.mark.parametrize("created", [10**20, -(10**20)])
def test_webhook_signed_event_with_out_of_range_created_is_400_not_500(client, webhook_secret, created):
    response = post_webhook(client, make_event("invoice.paid", {"id": "in_1"}, created=created))

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_request"
    assert not StripeEvent.objects.exists()


def test_webhook_signed_event_with_a_nul_character_is_400_not_500(client, webhook_secret):
    payload = json.dumps(make_event("invoice.paid", {"id": "in_1", "note": "a\u0000b"})).encode()

    response = post_webhook(client, payload)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_request"
    assert not StripeEvent.objects.exists()


def test_webhook_request_schema_describes_a_stripe_event(client):
    schema = client.get("/api/schema/").json()
    body = schema["paths"]["/api/v1/subscriptions/webhook/"]["post"]["requestBody"]["content"]["application/json"]

    component = schema["components"]["schemas"][body["schema"]["$ref"].rsplit("/", 1)[1]]

    assert set(component["required"]) == {"id", "type", "created", "data"}
    assert schema["paths"]["/api/v1/subscriptions/webhook/"]["post"]["requestBody"]["required"] is True
