"""REQUIRE_VERIFIED_EMAIL_FOR=billing: an unverified user cannot start a checkout (issue 12 item 9)."""

import pytest
from django.utils import timezone

from apps.subscriptions.models import Subscription
from apps.users.models import User
from tests.support.clients import client_for
from tests.support.subscriptions import url

pytestmark = pytest.mark.django_db


def _checkout(user, organization):
    return client_for(user).post(
        url("checkout-session"), {"organization_id": str(organization.pk), "plan": "pro"}, format="json"
    )


def test_checkout_by_an_unverified_user_is_403_when_the_setting_asks(fake_stripe, owner, organization, settings):
    settings.REQUIRE_VERIFIED_EMAIL_FOR = ["billing"]

    refused = _checkout(owner, organization)

    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "email_not_verified"
    assert fake_stripe.requests("/v1/customers") == [] and fake_stripe.requests("/v1/checkout/sessions") == []
    assert Subscription.objects.get(organization=organization).stripe_customer_id in ("", None)
    User.objects.filter(pk=owner.pk).update(email_verified_at=timezone.now())
    assert _checkout(owner, organization).status_code == 200


def test_checkout_by_an_unverified_user_is_allowed_by_default(fake_stripe, owner, organization):
    assert owner.email_verified_at is None
    assert _checkout(owner, organization).status_code == 200
