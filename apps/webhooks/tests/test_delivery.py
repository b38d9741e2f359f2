"""Delivery of events to endpoints: signed, in order, retried with backoff, given up, auto-disabled,
never to a non-public address unless the operator allows it, and a request that cannot be built or sent
is a failed attempt like any other (the sweep goes on)."""

import json
import socket
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from standardwebhooks import Webhook, WebhookVerificationError

from apps.audit.models import AuditEntry
from apps.common.events import emit
from apps.webhooks import netguard
from apps.webhooks.delivery import endpoint_deliver, webhook_backoff, webhooks_deliver_due
from apps.webhooks.models import DeliveryStatus, WebhookDelivery
from apps.webhooks.signing import signature_verify
from tests.support.webhooks import make_endpoint

pytestmark = pytest.mark.django_db


def _emit_posts(org, count: int, event_type: str = "post.published") -> list[str]:
    ids = []
    for n in range(count):
        event = emit(event_type, organization_id=org.pk, target=("scheduled_post", f"p{n}"), data={"n": n})
        ids.append(str(event.id))
    return ids


def _wait_due() -> None:
    time.sleep(0.25)  # past WEBHOOK_RETRY_MAX_SECONDS of the test settings


def test_endpoint_receives_signed_events_in_order_of_occurrence(org, endpoint, receiver):
    event_ids = _emit_posts(org, 5)

    outcomes = endpoint_deliver(endpoint_id=endpoint.pk)

    assert outcomes == {"delivered": 5}
    assert receiver.event_ids() == event_ids
    assert [r["json"]["data"]["n"] for r in receiver.requests] == [0, 1, 2, 3, 4]
    for request in receiver.requests:
        headers = request["headers"]
        assert Webhook(endpoint.secret).verify(request["body"], headers) == request["json"]
        assert headers["Webhook-Event"] == "post.published"
        assert request["json"]["id"] == headers["Webhook-Id"]
        assert request["json"]["organization_id"] == str(org.pk)
    assert set(WebhookDelivery.objects.values_list("status", "attempts")) == {(DeliveryStatus.DELIVERED, 1)}


def test_standard_webhooks_signature_fails_with_another_secret_a_changed_body_or_an_old_timestamp(
    org, endpoint, receiver
):
    _emit_posts(org, 1)
    endpoint_deliver(endpoint_id=endpoint.pk)
    request = receiver.requests[0]
    headers, body = request["headers"], request["body"]
    other = "whsec_" + "A" * 43 + "="
    stale = {**headers, "Webhook-Timestamp": str(int(headers["Webhook-Timestamp"]) - 301)}

    assert headers["Webhook-Signature"].startswith("v1,")
    assert Webhook(endpoint.secret).verify(body, headers)
    for secret, sent_headers, sent_body in (
        (other, headers, body),
        (endpoint.secret, headers, body.replace(b'"n":0', b'"n":1')),
        (endpoint.secret, stale, body),
    ):
        with pytest.raises(WebhookVerificationError):
            Webhook(secret).verify(sent_body, sent_headers)


def test_endpoint_of_the_legacy_scheme_keeps_its_stripe_style_signature(org, receiver, webhook_settings):
    endpoint = make_endpoint(org, url=receiver.url, signature_scheme="legacy")
    _emit_posts(org, 1)
    endpoint_deliver(endpoint_id=endpoint.pk)
    request = receiver.requests[0]
    header, body = request["headers"]["Webhook-Signature"], request["body"]
    timestamp = int(header.split(",")[0].removeprefix("t="))

    assert "Webhook-Timestamp" not in request["headers"]
    assert signature_verify(secret=endpoint.secret, header=header, body=body)
    assert not signature_verify(secret="whsec_other", header=header, body=body)
    assert not signature_verify(secret=endpoint.secret, header=header, body=body.replace(b'"n":0', b'"n":1'))
    assert not signature_verify(secret=endpoint.secret, header=header, body=body, now=timestamp + 301)


def test_receiver_failing_twice_gets_the_event_on_the_third_attempt(org, endpoint, receiver):
    receiver.script.extend([500, 503])
    [event_id] = _emit_posts(org, 1)

    assert endpoint_deliver(endpoint_id=endpoint.pk) == {"retry": 1}
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("pending", 1, 500)
    assert delivery.next_attempt_at > delivery.last_attempt_at
    _wait_due()
    assert webhooks_deliver_due() == {"retry": 1}
    _wait_due()
    assert webhooks_deliver_due() == {"delivered": 1}

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("delivered", 3, 200)
    assert receiver.event_ids() == [event_id] * 3  # the same Webhook-Id on every attempt: the receiver dedupes
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0


def test_a_failing_event_holds_back_the_later_ones_so_order_is_kept(org, endpoint, receiver):
    receiver.script.append(500)
    first, second = _emit_posts(org, 2)

    endpoint_deliver(endpoint_id=endpoint.pk)
    assert receiver.event_ids() == [first]  # the second waits behind the first
    _wait_due()
    webhooks_deliver_due()

    assert receiver.event_ids() == [first, first, second]


def test_backoff_grows_exponentially_and_is_capped(settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30
    settings.WEBHOOK_RETRY_MAX_SECONDS = 6 * 3600

    delays = [webhook_backoff(n).total_seconds() for n in (1, 2, 3, 4, 20)]

    assert delays == [30, 60, 120, 240, 6 * 3600]


def test_delivery_is_given_up_after_the_retry_window_and_the_next_event_goes(org, endpoint, receiver, settings):
    settings.WEBHOOK_RETRY_WINDOW_SECONDS = 3 * 24 * 3600
    receiver.script.append(500)
    first, second = _emit_posts(org, 2)
    WebhookDelivery.objects.filter(event_id=first).update(created_at=timezone.now() - timedelta(days=3))

    outcomes = endpoint_deliver(endpoint_id=endpoint.pk)

    assert outcomes == {"gave_up": 1, "delivered": 1}
    assert WebhookDelivery.objects.get(event_id=first).status == DeliveryStatus.FAILED
    assert receiver.event_ids() == [first, second]


def test_endpoint_is_disabled_after_a_run_of_failures_and_owners_are_emailed(
    org, endpoint, receiver, user, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_DISABLE_AFTER_FAILURES = 3
    receiver.default = 500
    _emit_posts(org, 1)

    endpoint_deliver(endpoint_id=endpoint.pk)
    for _ in range(2):
        _wait_due()
        with django_capture_on_commit_callbacks(execute=True):
            webhooks_deliver_due()

    endpoint.refresh_from_db()
    assert not endpoint.is_active and endpoint.consecutive_failures == 3
    assert "3 failed attempts" in endpoint.disabled_reason
    assert len(receiver.requests) == 3
    [message] = mail.outbox
    assert message.to == [user.email] and endpoint.url in message.subject
    assert AuditEntry.objects.filter(action="webhook_endpoint.disabled", target_id=str(endpoint.pk)).count() == 1
    # Disabled: no new delivery is written, the pending one waits.
    _emit_posts(org, 1)
    assert WebhookDelivery.objects.filter(endpoint=endpoint).count() == 1
    _wait_due()
    assert webhooks_deliver_due() == {}


def test_only_the_event_types_an_endpoint_wants_are_delivered(org, receiver, webhook_settings):
    endpoint = make_endpoint(org, url=receiver.url, event_types=["post.failed"])
    emit("post.published", organization_id=org.pk, target=("scheduled_post", "a"))
    emit("auth.signed_in", organization_id=org.pk, target=("user", "u"))  # not a webhook event at all
    failed = emit("post.failed", organization_id=org.pk, target=("scheduled_post", "b"))

    endpoint_deliver(endpoint_id=endpoint.pk)

    assert receiver.event_ids() == [str(failed.id)]


def test_no_delivery_is_written_for_a_change_that_rolls_back(org, endpoint):
    with pytest.raises(RuntimeError), transaction.atomic():
        _emit_posts(org, 1)
        raise RuntimeError("the change failed")

    assert not WebhookDelivery.objects.exists()


def test_events_of_another_organization_are_not_delivered(org, endpoint, receiver, make_user):
    from apps.organizations.models import OrganizationMember

    other = OrganizationMember.objects.get(user=make_user(email="other@example.com")).organization
    _emit_posts(other, 2)

    assert not WebhookDelivery.objects.exists()


# --------------------------------------------------------------------------- SSRF at delivery time


def test_delivery_refuses_a_private_address_when_the_operator_setting_is_off(org, endpoint, receiver, settings):
    _emit_posts(org, 1)
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False  # e.g. registered while allowed, or DNS now points inside

    assert endpoint_deliver(endpoint_id=endpoint.pk) == {"retry": 1}

    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.response_status is None and "private" in delivery.last_error


def test_delivery_connects_to_the_address_it_checked_with_the_name_as_host(
    org, receiver, webhook_settings, monkeypatch
):
    """DNS rebinding: the name is resolved once, that address is checked and connected to."""
    port = receiver.server.port
    lookups = []

    def fake_getaddrinfo(host, port_, *args, **kwargs):
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port_))]

    monkeypatch.setattr(netguard.socket, "getaddrinfo", fake_getaddrinfo)
    endpoint = make_endpoint(org, url=f"http://hooks.example.test:{port}/hook")
    _emit_posts(org, 1)

    endpoint_deliver(endpoint_id=endpoint.pk)

    # The name is resolved once; httpx is handed the checked IP (an IP literal: the async client looks nothing up).
    assert lookups == ["hooks.example.test"]
    assert receiver.requests[0]["headers"]["Host"] == f"hooks.example.test:{port}"
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED


def test_the_payload_body_is_what_is_signed(org, endpoint, receiver):
    _emit_posts(org, 1)
    endpoint_deliver(endpoint_id=endpoint.pk)
    body = receiver.requests[0]["body"]

    assert json.loads(body) == WebhookDelivery.objects.get().payload


@pytest.mark.parametrize(
    "answer", ["::ffff:169.254.169.254", "::a9fe:a9fe", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "fec0::1", "192.0.0.8"]
)
def test_delivery_refuses_a_name_now_resolving_to_an_internal_address_in_any_form(
    org, receiver, webhook_settings, monkeypatch, answer
):
    """DNS rebinding to the IPv6 forms of an internal IPv4 address, or to a reserved range (issue 25)."""
    endpoint = make_endpoint(org, url=f"http://hooks.example.test:{receiver.server.port}/hook")
    _emit_posts(org, 1)
    webhook_settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    family = socket.AF_INET6 if ":" in answer else socket.AF_INET
    resolve = socket.getaddrinfo

    def rebound(host, port, *args, **kwargs):
        if host == "hooks.example.test":
            return [(family, socket.SOCK_STREAM, 6, "", (answer, port))]
        return resolve(host, port, *args, **kwargs)

    monkeypatch.setattr(netguard.socket, "getaddrinfo", rebound)

    assert endpoint_deliver(endpoint_id=endpoint.pk) == {"retry": 1}

    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.response_status is None and "resolves to a private" in delivery.last_error


def test_delivery_refuses_a_port_the_operator_does_not_allow(org, endpoint, receiver, webhook_settings):
    """An endpoint stored on another port (before the rule, or before the operator removed the port)."""
    _emit_posts(org, 1)
    webhook_settings.WEBHOOK_ALLOWED_PORTS = [443, 80]

    assert endpoint_deliver(endpoint_id=endpoint.pk) == {"retry": 1}

    assert receiver.requests == []
    assert f"port {receiver.server.port} is not allowed" in WebhookDelivery.objects.get().last_error


# --------------------------------------------------------------------------- requests that cannot be sent


def test_a_stored_url_with_a_newline_fails_counts_and_disables_the_endpoint(
    org, receiver, webhook_settings, user, django_capture_on_commit_callbacks
):
    """Issue 25: such a URL raised httpx.InvalidURL (no HTTPError) at every delivery: no attempt recorded,
    the endpoint never disabled. It is a failed attempt now, and the owners' email names it escaped."""
    webhook_settings.WEBHOOK_DISABLE_AFTER_FAILURES = 2
    endpoint = make_endpoint(org, url=receiver.url + "\nx")  # stored before the URL rules refused it
    _emit_posts(org, 1)

    assert endpoint_deliver(endpoint_id=endpoint.pk) == {"retry": 1}
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("pending", 1, None)
    assert "control characters" in delivery.last_error
    _wait_due()
    with django_capture_on_commit_callbacks(execute=True):
        assert webhooks_deliver_due() == {"disabled": 1}

    endpoint.refresh_from_db()
    assert not endpoint.is_active and endpoint.consecutive_failures == 2
    assert receiver.requests == []
    [message] = mail.outbox
    assert message.to == [user.email] and message.subject.endswith("/hook\\nx")


def test_the_sweep_goes_on_to_other_organizations_after_an_endpoint_that_cannot_be_sent_to(
    org, receiver, webhook_settings, make_user
):
    from apps.organizations.models import OrganizationMember

    other = OrganizationMember.objects.get(user=make_user(email="other@example.com")).organization
    broken = make_endpoint(org, url=receiver.url + "\nx")
    healthy = make_endpoint(other, url=receiver.url)
    _emit_posts(org, 1)
    [other_event] = _emit_posts(other, 1)

    outcomes = webhooks_deliver_due()

    assert outcomes == {"retry": 1, "delivered": 1}
    assert receiver.event_ids() == [other_event]
    assert WebhookDelivery.objects.get(endpoint=broken).attempts == 1
    assert WebhookDelivery.objects.get(endpoint=healthy).status == DeliveryStatus.DELIVERED


def test_an_unexpected_error_while_sending_is_a_recorded_failed_attempt(org, receiver, webhook_settings, monkeypatch):
    """Whatever the resolver or the HTTP stack raises, the attempt is recorded and counted."""
    resolve = socket.getaddrinfo

    def resolver(host, *args, **kwargs):
        if host == "hooks.example.test":
            raise RuntimeError("resolver bug")
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(netguard.socket, "getaddrinfo", resolver)
    endpoint = make_endpoint(org, url=f"http://hooks.example.test:{receiver.server.port}/hook")
    _emit_posts(org, 1)

    assert endpoint_deliver(endpoint_id=endpoint.pk) == {"retry": 1}

    delivery = WebhookDelivery.objects.get()
    assert (delivery.attempts, delivery.last_error) == (1, "The request could not be sent: RuntimeError.")
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 1 and endpoint.locked_until is None
