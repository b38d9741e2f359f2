"""Checkout and portal sessions against a fake Stripe at the HTTP boundary: the SDK runs for real."""

import pytest

from apps.organizations.models import Role
from apps.subscriptions.models import Plan, Subscription
from tests.factories import put_on_plan
from tests.fakes.stripe import PRICE_PRO, PRICE_TEAM, FakeStripe
from tests.support.clients import client_for
from tests.support.concurrency import run_concurrently
from tests.support.subscriptions import url

pytestmark = pytest.mark.django_db


def _checkout(user, organization, plan="pro"):
    return client_for(user).post(
        url("checkout-session"), {"organization_id": str(organization.pk), "plan": plan}, format="json"
    )


def test_checkout_creates_customer_then_session_with_organization_and_idempotency_keys(
    fake_stripe, owner, organization
):
    response = _checkout(owner, organization)

    assert response.status_code == 200, response.content
    assert response.json() == {"checkout_url": "https://checkout.stripe.test/c/cs_test_1", "session_id": "cs_test_1"}
    customers = fake_stripe.requests("/v1/customers")
    assert len(customers) == 1
    assert customers[0]["form"]["metadata[organization_id]"] == str(organization.pk)
    assert customers[0]["headers"]["Idempotency-Key"] == f"customer-create:{organization.pk}"
    assert customers[0]["headers"]["Authorization"] == "Bearer sk_test_fake_0123456789"
    sessions = fake_stripe.requests("/v1/checkout/sessions")
    assert len(sessions) == 1
    form = sessions[0]["form"]
    assert form["mode"] == "subscription"
    assert form["customer"] == "cus_test_1"
    assert form["client_reference_id"] == str(organization.pk)
    assert form["metadata[organization_id]"] == str(organization.pk)
    assert form["metadata[plan]"] == "pro"
    assert form["subscription_data[metadata][organization_id]"] == str(organization.pk)
    assert form["line_items[0][price]"] == PRICE_PRO
    assert form["line_items[0][quantity]"] == "1"
    assert form["success_url"].startswith("http://localhost:5173/billing/success")
    assert sessions[0]["headers"]["Idempotency-Key"].startswith(f"checkout-session:{organization.pk}:{PRICE_PRO}:")
    assert Subscription.objects.get(organization=organization).stripe_customer_id == "cus_test_1"


def test_checkout_reuses_the_organization_customer(fake_stripe, owner, organization):
    Subscription.objects.filter(organization=organization).update(stripe_customer_id="cus_existing")

    response = _checkout(owner, organization, plan="team")

    assert response.status_code == 200
    assert fake_stripe.requests("/v1/customers") == []
    form = fake_stripe.requests("/v1/checkout/sessions")[0]["form"]
    assert form["customer"] == "cus_existing"
    assert form["line_items[0][price]"] == PRICE_TEAM


def test_checkout_uses_the_plan_price_id_over_the_environment(fake_stripe, owner, organization):
    Plan.objects.filter(slug="pro").update(stripe_price_id="price_from_admin")

    assert _checkout(owner, organization).status_code == 200

    assert fake_stripe.requests("/v1/checkout/sessions")[0]["form"]["line_items[0][price]"] == "price_from_admin"


@pytest.mark.parametrize(
    ("plan", "code"), [("free", "plan_not_purchasable"), ("platinum", "plan_not_purchasable"), ("", "validation_error")]
)
def test_checkout_rejects_free_or_unknown_plan_without_calling_stripe(fake_stripe, owner, organization, plan, code):
    response = _checkout(owner, organization, plan=plan)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert fake_stripe.requests() == []
    assert Subscription.objects.get(organization=organization).stripe_customer_id == ""


@pytest.mark.parametrize("status", ["active", "trialing", "past_due"])
def test_checkout_for_an_organization_that_pays_is_409_pointing_to_the_portal(fake_stripe, owner, organization, status):
    put_on_plan(organization, "pro", status=status, sub="sub_1", customer="cus_test_1")

    response = _checkout(owner, organization, plan="team")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "already_subscribed"
    assert "portal" in response.json()["error"]["message"]
    assert fake_stripe.requests() == []


def test_checkout_after_cancellation_is_allowed(fake_stripe, owner, organization):
    put_on_plan(organization, "free", status="canceled", customer="cus_old", sub="sub_old")

    assert _checkout(owner, organization).status_code == 200
    assert fake_stripe.requests("/v1/checkout/sessions")[0]["form"]["customer"] == "cus_old"


@pytest.mark.parametrize(("role", "status"), [(Role.EDITOR, 403), (Role.VIEWER, 403), (Role.ADMIN, 200)])
def test_checkout_needs_owner_or_admin(fake_stripe, member_factory, organization, role, status):
    member = member_factory(role)

    assert _checkout(member, organization).status_code == status


def test_checkout_for_another_organization_is_404_and_sends_nothing(fake_stripe, make_user, organization):
    stranger = make_user(email="stranger@example.com")

    response = _checkout(stranger, organization)

    assert response.status_code == 404
    assert fake_stripe.requests() == []
    assert Subscription.objects.get(organization=organization).stripe_customer_id == ""


def test_checkout_without_stripe_key_is_503_billing_not_configured(owner, organization):
    response = _checkout(owner, organization)

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "billing_not_configured"


def test_checkout_without_price_id_is_503(fake_stripe, owner, organization, settings):
    settings.STRIPE_PRICE_ID_PRO = ""

    response = _checkout(owner, organization)

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "billing_not_configured"
    assert fake_stripe.requests() == []


def test_checkout_stripe_error_is_502_without_leaking_the_key(stripe_settings, httpserver, owner, organization):
    httpserver.expect_request("/v1/customers", method="POST").respond_with_json(
        {"error": {"type": "invalid_request_error", "message": "No such price"}}, status=400
    )

    response = _checkout(owner, organization)

    assert response.status_code == 502
    assert response.json()["error"]["code"] == "stripe_error"
    assert "sk_test" not in response.content.decode()
    assert Subscription.objects.get(organization=organization).stripe_customer_id == ""


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_checkout_two_concurrent_requests_create_one_customer(stripe_settings, httpserver, make_user):
    fake = FakeStripe(httpserver)
    owner = make_user(email="racer@example.com")
    organization = owner.memberships.get().organization

    responses = run_concurrently(lambda i: _checkout(owner, organization), 5)

    assert [r.status_code for r in responses] == [200] * 5
    assert len(fake.requests("/v1/customers")) == 1
    assert Subscription.objects.get(organization=organization).stripe_customer_id == "cus_test_1"
    keys = {r["headers"]["Idempotency-Key"] for r in fake.requests("/v1/checkout/sessions")}
    assert all(key.startswith(f"checkout-session:{organization.pk}:") for key in keys)


# ---------------------------------------------------------------------------
# Customer portal
# ---------------------------------------------------------------------------


def _portal(user, organization, **extra):
    return client_for(user).post(
        url("portal-session"), {"organization_id": str(organization.pk), **extra}, format="json"
    )


def test_portal_session_for_the_organization_customer(fake_stripe, owner, organization):
    put_on_plan(organization, "pro", sub="sub_1", customer="cus_test_1")

    response = _portal(owner, organization, return_url="http://localhost:5173/settings/billing")

    assert response.status_code == 200
    assert response.json() == {"portal_url": "https://billing.stripe.test/p/bps_test_1"}
    sent = fake_stripe.requests("/v1/billing_portal/sessions")[0]
    assert sent["form"] == {"customer": "cus_test_1", "return_url": "http://localhost:5173/settings/billing"}
    assert sent["headers"]["Idempotency-Key"].startswith(f"portal-session:{organization.pk}:")


def test_portal_default_return_url_is_the_frontend(fake_stripe, owner, organization):
    put_on_plan(organization, "pro", sub="sub_1", customer="cus_test_1")

    assert _portal(owner, organization).status_code == 200
    assert fake_stripe.requests()[0]["form"]["return_url"] == "http://localhost:5173/billing"


def test_portal_refuses_a_foreign_return_url(fake_stripe, owner, organization):
    put_on_plan(organization, "pro", sub="sub_1", customer="cus_test_1")

    response = _portal(owner, organization, return_url="https://evil.example/phish")

    assert response.status_code == 400
    assert "return_url" in response.json()["error"]["details"]
    assert fake_stripe.requests() == []


def test_portal_without_billing_account_is_409(fake_stripe, owner, organization):
    response = _portal(owner, organization)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "no_billing_account"


def test_portal_needs_owner_or_admin(fake_stripe, member_factory, organization):
    put_on_plan(organization, "pro", sub="sub_1", customer="cus_test_1")

    assert _portal(member_factory(Role.EDITOR), organization).status_code == 403
    assert fake_stripe.requests() == []


def test_portal_without_stripe_key_is_503(owner, organization):
    assert _portal(owner, organization).json()["error"]["code"] == "billing_not_configured"


def test_checkout_never_logs_the_secret_key(fake_stripe, owner, organization, caplog):
    with caplog.at_level("DEBUG"):
        assert _checkout(owner, organization).status_code == 200

    assert "sk_test_fake" not in caplog.text
