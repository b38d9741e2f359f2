"""/api/v1/webhooks/: registration (secret shown once, SSRF refused), roles, delivery log, redelivery."""

import pytest
from standardwebhooks import Webhook

from apps.audit.models import AuditEntry
from apps.common.events import emit
from apps.organizations.models import Role
from apps.webhooks.delivery import endpoint_deliver
from apps.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from apps.webhooks.signing import signature_verify
from tests.factories import MembershipFactory
from tests.support.clients import client_for
from tests.support.webhooks import make_endpoint

pytestmark = pytest.mark.django_db

LIST = "/api/v1/webhooks/endpoints/"


def _detail(endpoint_id) -> str:
    return f"{LIST}{endpoint_id}/"


def _create(client, org, url, **extra):
    body = {"organization_id": str(org.pk), "url": url, "event_types": ["post.published", "post.failed"], **extra}
    return client.post(LIST, body, format="json")


def test_admin_registers_an_endpoint_and_sees_the_secret_only_once(user, org, receiver, webhook_settings):
    client = client_for(user)

    response = _create(client, org, receiver.url, description="Slack relay")

    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["secret"].startswith("whsec_") and created["event_types"] == ["post.failed", "post.published"]
    assert "secret" not in client.get(_detail(created["id"])).json()
    listed = client.get(LIST, {"organization_id": str(org.pk)}).json()
    assert listed["count"] == 1 and "secret" not in listed["results"][0]
    entry = AuditEntry.objects.get(action="webhook_endpoint.created")
    assert (entry.target_id, entry.actor_user_id, entry.organization_id) == (created["id"], user.pk, org.pk)
    assert "whsec_" not in str(entry.data)


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://10.0.0.8/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://localhost/hook",  # a name resolving to loopback
        "https://192.168.0.10:8443/hook",
    ],
)
def test_a_url_resolving_to_a_private_address_is_refused(user, org, url):
    response = _create(client_for(user), org, url)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "webhook_url_refused"
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    "url", ["http://93.184.216.34/hook", "ftp://example.com/x", "https://user:pw@93.184.216.34/", "not a url"]
)
def test_a_url_that_is_not_https_or_carries_credentials_is_refused(user, org, url):
    response = _create(client_for(user), org, url)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "webhook_url_refused"


def test_the_operator_setting_allows_a_private_address(user, org, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True

    assert _create(client_for(user), org, "https://10.0.0.8/hook").status_code == 201


def test_an_unknown_event_type_is_a_validation_error(user, org, webhook_settings, receiver):
    response = _create(client_for(user), org, receiver.url, event_types=["post.published", "post.exploded"])

    assert response.status_code == 400
    assert "event_types" in response.json()["error"]["details"]


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_members_below_admin_cannot_manage_or_read_endpoints(org, endpoint, role):
    member = MembershipFactory(organization=org, role=role).user
    client = client_for(member)

    assert client.get(LIST, {"organization_id": str(org.pk)}).status_code == 403
    assert client.get(_detail(endpoint.pk)).status_code == 403
    assert client.patch(_detail(endpoint.pk), {"is_active": False}, format="json").status_code == 403
    assert client.delete(_detail(endpoint.pk)).status_code == 403
    assert _create(client, org, endpoint.url).status_code == 403


def test_update_changes_event_types_and_disabling_is_audited(user, org, endpoint):
    client = client_for(user)

    response = client.patch(
        _detail(endpoint.pk), {"event_types": ["quota.threshold"], "is_active": False}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["event_types"] == ["quota.threshold"] and response.json()["is_active"] is False
    entry = AuditEntry.objects.get(action="webhook_endpoint.updated")
    assert entry.data["changes"]["is_active"] == [True, False]


def test_reenabling_an_endpoint_resumes_its_waiting_deliveries_in_order(user, org, endpoint, receiver):
    first = emit("post.published", organization_id=org.pk, target=("scheduled_post", "a"))
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(is_active=False, consecutive_failures=15)

    client_for(user).patch(_detail(endpoint.pk), {"is_active": True}, format="json")
    endpoint.refresh_from_db()
    assert endpoint.is_active and endpoint.consecutive_failures == 0
    endpoint_deliver(endpoint_id=endpoint.pk)

    assert receiver.event_ids() == [str(first.id)]


def test_rotating_the_secret_signs_with_both_secrets_during_the_grace(user, org, endpoint, receiver):
    old_secret = endpoint.secret

    response = client_for(user).post(f"{_detail(endpoint.pk)}rotate-secret/")
    emit("post.published", organization_id=org.pk, target=("scheduled_post", "a"))
    endpoint_deliver(endpoint_id=endpoint.pk)

    new_secret = response.json()["secret"]
    assert response.status_code == 200 and new_secret != old_secret
    request = receiver.requests[0]
    assert len(request["headers"]["Webhook-Signature"].split(" ")) == 2
    for secret in (old_secret, new_secret):
        assert Webhook(secret).verify(request["body"], request["headers"])


def test_rotating_a_legacy_endpoints_secret_signs_with_both_secrets(user, org, receiver, webhook_settings):
    endpoint = make_endpoint(org, url=receiver.url, signature_scheme="legacy")
    old_secret = endpoint.secret

    new_secret = client_for(user).post(f"{_detail(endpoint.pk)}rotate-secret/").json()["secret"]
    emit("post.published", organization_id=org.pk, target=("scheduled_post", "a"))
    endpoint_deliver(endpoint_id=endpoint.pk)

    request = receiver.requests[0]
    for secret in (old_secret, new_secret):
        assert signature_verify(secret=secret, header=request["headers"]["Webhook-Signature"], body=request["body"])


def test_new_endpoints_are_signed_the_standard_way_and_a_legacy_one_can_switch(user, org, receiver, webhook_settings):
    legacy = make_endpoint(org, url=receiver.url, signature_scheme="legacy")
    created = _create(client_for(user), org, receiver.url)

    switched = client_for(user).patch(_detail(legacy.pk), {"signature_scheme": "standard"}, format="json")
    refused = client_for(user).patch(_detail(legacy.pk), {"signature_scheme": "hmac"}, format="json")
    emit("post.published", organization_id=org.pk, target=("scheduled_post", "a"))
    endpoint_deliver(endpoint_id=legacy.pk)

    assert created.status_code == 201 and created.json()["signature_scheme"] == "standard"
    assert switched.status_code == 200 and switched.json()["signature_scheme"] == "standard"
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "validation_error"
    request = receiver.requests[0]
    assert Webhook(legacy.secret).verify(request["body"], request["headers"])


def test_delete_removes_the_endpoint_and_its_log(user, org, endpoint):
    emit("post.published", organization_id=org.pk, target=("scheduled_post", "a"))

    assert client_for(user).delete(_detail(endpoint.pk)).status_code == 204

    assert not WebhookEndpoint.objects.exists() and not WebhookDelivery.objects.exists()
    assert AuditEntry.objects.filter(action="webhook_endpoint.deleted", target_id=str(endpoint.pk)).exists()


def test_delivery_log_shows_status_attempts_and_next_try(user, org, endpoint, receiver):
    receiver.script.append(500)
    emit("post.published", organization_id=org.pk, target=("scheduled_post", "a"))
    endpoint_deliver(endpoint_id=endpoint.pk)

    response = client_for(user).get(f"{_detail(endpoint.pk)}deliveries/")

    assert response.status_code == 200
    [row] = response.json()["results"]
    assert (row["status"], row["attempts"], row["response_status"]) == ("pending", 1, 500)
    assert row["next_attempt_at"] and row["last_error"]
    failed_only = client_for(user).get(f"{_detail(endpoint.pk)}deliveries/", {"status": "failed"}).json()
    assert failed_only["count"] == 0


def test_redelivery_sends_the_same_event_id_again_after_the_others(user, org, endpoint, receiver):
    event = emit("post.published", organization_id=org.pk, target=("scheduled_post", "a"))
    endpoint_deliver(endpoint_id=endpoint.pk)
    original = WebhookDelivery.objects.get()

    response = client_for(user).post(f"{_detail(endpoint.pk)}deliveries/{original.pk}/redeliver/")
    endpoint_deliver(endpoint_id=endpoint.pk)

    assert response.status_code == 202, response.json()
    assert response.json()["redelivery_of"] == str(original.pk) and response.json()["sequence"] == 2
    assert receiver.event_ids() == [str(event.id), str(event.id)]
    assert WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).count() == 2


def test_redelivery_to_a_disabled_endpoint_is_a_conflict(user, org, endpoint):
    emit("post.published", organization_id=org.pk, target=("scheduled_post", "a"))
    delivery = WebhookDelivery.objects.get()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(is_active=False)

    response = client_for(user).post(f"{_detail(endpoint.pk)}deliveries/{delivery.pk}/redeliver/")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "webhook_endpoint_disabled"
    assert WebhookDelivery.objects.count() == 1


def test_event_types_catalogue_lists_every_type(api_client):
    response = api_client.get("/api/v1/webhooks/event-types/")

    types = [row["type"] for row in response.json()]
    assert response.status_code == 200
    assert {"content.generated", "post.scheduled", "quota.threshold", "subscription.changed"} <= set(types)


def test_endpoint_list_runs_a_fixed_number_of_queries(user, org, endpoint, django_assert_max_num_queries):
    for n in range(5):
        make_endpoint(org, url=f"https://hooks{n}.example.com/")
    client = client_for(user)

    with django_assert_max_num_queries(6):
        response = client.get(LIST, {"organization_id": str(org.pk)})
    assert response.json()["count"] == 6


def test_changing_the_url_to_a_private_address_is_refused_and_changes_nothing(user, org, endpoint, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    settings.WEBHOOK_REQUIRE_HTTPS = True
    before = endpoint.url

    response = client_for(user).patch(_detail(endpoint.pk), {"url": "https://169.254.169.254/"}, format="json")

    assert response.status_code == 400 and response.json()["error"]["code"] == "webhook_url_refused"
    endpoint.refresh_from_db()
    assert endpoint.url == before
    assert not AuditEntry.objects.filter(action="webhook_endpoint.updated").exists()


# --------------------------------------------------------------------------- issue 25: URL rules


@pytest.fixture
def production_guard(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    settings.WEBHOOK_REQUIRE_HTTPS = True
    settings.WEBHOOK_ALLOWED_PORTS = [443, 80]
    return settings


@pytest.mark.parametrize(
    "url",
    [
        "https://93.184.216.34/h\nx",  # dropped by urlsplit, refused by httpx at every delivery
        "https://93.184.216.34/h\tx",
        "https://93.184.216.34/hook ",
        "https://93.184.216.34/\u200bhook",
        "https://[::127.0.0.1]/hook",
        "https://[::a9fe:a9fe]/latest/meta-data/",
        "https://[64:ff9b::a9fe:a9fe]/latest/meta-data/",
        "https://[2002:7f00:1::1]/hook",
        "https://[fec0::1]/hook",
        "https://192.0.0.8/hook",
        "https://93.184.216.34:8443/hook",
        "https://93.184.216.34:22/hook",
    ],
)
def test_issue_25_urls_are_refused_at_registration_in_the_error_shape(user, org, production_guard, url):
    response = _create(client_for(user), org, url)

    assert response.status_code == 400, response.json()
    error = response.json()["error"]
    assert error["code"] == "webhook_url_refused" and error["message"] and error["details"]["url"]
    assert not WebhookEndpoint.objects.exists()


def test_a_port_other_than_443_or_80_is_refused_with_a_clear_message(user, org, production_guard):
    response = _create(client_for(user), org, "https://93.184.216.34:8443/hook")

    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "webhook_url_refused",
        "message": "The webhook URL's port 8443 is not allowed (allowed: 80, 443).",
        "details": {"url": ["Port 8443 is not allowed; use one of: 80, 443."]},
    }


def test_a_port_the_operator_allows_is_accepted(user, org, production_guard):
    production_guard.WEBHOOK_ALLOWED_PORTS = [443, 8443]

    response = _create(client_for(user), org, "https://93.184.216.34:8443/hook")

    assert response.status_code == 201, response.json()


def test_changing_the_url_to_one_with_a_newline_is_refused_and_changes_nothing(user, org, endpoint):
    before = endpoint.url

    response = client_for(user).patch(_detail(endpoint.pk), {"url": endpoint.url + "\nx"}, format="json")

    assert response.status_code == 400 and response.json()["error"]["code"] == "webhook_url_refused"
    endpoint.refresh_from_db()
    assert endpoint.url == before


def test_reenabling_an_endpoint_whose_stored_url_breaks_the_rules_is_refused(user, org, receiver, webhook_settings):
    endpoint = make_endpoint(org, url=receiver.url + "\nx", is_active=False)  # stored before the rules
    client = client_for(user)

    refused = client.patch(_detail(endpoint.pk), {"is_active": True}, format="json")
    endpoint.refresh_from_db()
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "webhook_url_refused"
    assert not endpoint.is_active

    fixed = client.patch(_detail(endpoint.pk), {"url": receiver.url, "is_active": True}, format="json")
    assert fixed.status_code == 200, fixed.json()
    assert fixed.json()["is_active"] is True and fixed.json()["url"] == receiver.url
