"""Plan list (public, cached) and the subscription read with live usage against every limit."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.organizations.models import Invitation, Role, Workspace
from apps.organizations.services import token_hash
from apps.subscriptions.models import Plan, Subscription
from apps.subscriptions.services import plans_cache_invalidate
from apps.subscriptions.usage import usage_reserve, usage_settle
from tests.factories import put_on_plan
from tests.support.clients import client_for
from tests.support.subscriptions import url

pytestmark = pytest.mark.django_db


def test_plans_list_is_public_without_stripe_keys(api_client):
    response = api_client.get(url("plans"))

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    results = response.json()["results"]
    assert [plan["slug"] for plan in results] == ["free", "pro", "team"]
    team = results[2]
    assert (team["price_cents"], team["monthly_token_limit"], team["monthly_post_limit"]) == (9900, 20000, None)
    assert (team["workspace_limit"], team["member_limit"]) == (10, 10)
    assert "stripe_price_id" not in team
    assert response.json()["stripe_publishable_key"] is None


def test_plans_list_carries_the_publishable_key(api_client, settings):
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_123"

    assert api_client.get(url("plans")).json()["stripe_publishable_key"] == "pk_test_123"


def test_plans_list_ignores_a_bad_token(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")

    assert api_client.get(url("plans")).status_code == 200


def test_plans_list_is_served_from_cache_until_invalidated(api_client, django_assert_num_queries):
    api_client.get(url("plans"))
    Plan.objects.filter(slug="pro").update(name="Professional")

    with django_assert_num_queries(0):
        cached = api_client.get(url("plans")).json()
    plans_cache_invalidate()
    fresh = api_client.get(url("plans")).json()

    assert cached["results"][1]["name"] == "Pro"
    assert fresh["results"][1]["name"] == "Professional"


def test_plans_list_hides_inactive_plans(api_client):
    Plan.objects.filter(slug="team").update(is_active=False)

    assert [p["slug"] for p in api_client.get(url("plans")).json()["results"]] == ["free", "pro"]


# ---------------------------------------------------------------------------
# GET /subscriptions/
# ---------------------------------------------------------------------------


def test_subscription_shows_plan_status_and_usage_against_every_limit(
    stripe_settings, owner, organization, member_factory
):
    viewer = member_factory(Role.VIEWER)
    Invitation.objects.create(
        organization=organization,
        email="pending@example.com",
        role=Role.EDITOR,
        token_hash=token_hash("t1"),
        invited_by=owner,
        expires_at=timezone.now() + timedelta(days=3),
    )
    Invitation.objects.create(
        organization=organization,
        email="expired@example.com",
        role=Role.EDITOR,
        token_hash=token_hash("t2"),
        invited_by=owner,
        expires_at=timezone.now() - timedelta(days=1),
    )
    usage_settle(reservation=usage_reserve(organization=organization, tokens=30, posts=1), tokens=20)
    usage_reserve(organization=organization, tokens=15, posts=1)

    response = client_for(viewer).get(url("detail"), {"organization_id": str(organization.pk)})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["organization_id"] == str(organization.pk)
    assert (body["plan"]["slug"], body["effective_plan"], body["status"]) == ("free", "free", "active")
    assert body["cancel_at_period_end"] is False
    usage = body["usage"]
    assert usage["tokens"] == {"limit": 100, "used": 20, "reserved": 15, "remaining": 65}
    assert usage["posts"] == {"limit": 5, "used": 1, "reserved": 1, "remaining": 3}
    assert usage["workspaces"] == {"limit": 1, "used": 1, "remaining": 0}
    assert usage["members"] == {"limit": 1, "used": 3, "members": 2, "pending_invitations": 1, "remaining": 0}
    assert usage["resets_at"].startswith(f"{(timezone.now().replace(day=28) + timedelta(days=4)).strftime('%Y-%m')}-01")
    assert body["rate_limits"] == {"requests_per_minute": 60, "generations_per_minute": 5}


def test_subscription_of_paid_plan_shows_stripe_period_and_unlimited_posts(stripe_settings, owner, organization):
    put_on_plan(organization, "team", sub="sub_1", customer="cus_test_1")
    start = timezone.now() - timedelta(days=3)
    Subscription.objects.filter(organization=organization).update(
        current_period_start=start, current_period_end=start + timedelta(days=30), cancel_at_period_end=True
    )
    Workspace.objects.create(organization=organization, name="Two")

    body = client_for(owner).get(url("detail")).json()  # organization_id may be omitted: one organization

    assert (body["plan"]["slug"], body["effective_plan"], body["cancel_at_period_end"]) == ("team", "team", True)
    assert body["usage"]["posts"]["limit"] is None
    assert body["usage"]["posts"]["remaining"] is None
    assert body["usage"]["workspaces"] == {"limit": 10, "used": 2, "remaining": 8}
    assert body["usage"]["resets_at"] == body["current_period_end"]


def test_subscription_lapsed_shows_free_limits(stripe_settings, owner, organization):
    put_on_plan(organization, "pro", status="unpaid", sub="sub_1", customer="cus_test_1")

    body = client_for(owner).get(url("detail")).json()

    assert (body["plan"]["slug"], body["effective_plan"], body["status"]) == ("pro", "free", "unpaid")
    assert body["usage"]["tokens"]["limit"] == 100


def test_subscription_of_another_organization_is_404(stripe_settings, make_user, organization):
    stranger = make_user(email="stranger@example.com")

    response = client_for(stranger).get(url("detail"), {"organization_id": str(organization.pk)})

    assert response.status_code == 404
    assert str(organization.pk) not in response.content.decode()


def test_subscription_read_without_stripe_keys_answers_from_our_database(owner, organization, settings):
    """Issue 12 item 8: the embedded default (no Stripe keys) reads plan, status, period and usage;
    only the calls that need Stripe (checkout, portal) answer 503 billing_not_configured."""
    settings.STRIPE_SECRET_KEY = ""
    usage_settle(reservation=usage_reserve(organization=organization, tokens=30, posts=1), tokens=20)
    client = client_for(owner)

    response = client.get(url("detail"), {"organization_id": str(organization.pk)})

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["plan"]["slug"], body["effective_plan"], body["status"]) == ("free", "free", "active")
    assert body["usage"]["tokens"] == {"limit": 100, "used": 20, "reserved": 0, "remaining": 80}
    assert body["usage"]["resets_at"]
    for name, payload in (
        ("checkout-session", {"organization_id": str(organization.pk), "plan": "pro"}),
        ("portal-session", {"organization_id": str(organization.pk)}),
    ):
        refused = client.post(url(name), payload, format="json")
        assert refused.status_code == 503, (name, refused.content)
        assert refused.json()["error"]["code"] == "billing_not_configured"
    assert Subscription.objects.get(organization=organization).stripe_customer_id == ""


def test_subscription_read_without_stripe_keys_still_scoped_and_validated(owner, make_user, organization, settings):
    settings.STRIPE_SECRET_KEY = ""
    stranger = make_user(email="stranger@example.com")

    foreign = client_for(stranger).get(url("detail"), {"organization_id": str(organization.pk)})
    malformed = client_for(owner).get(url("detail"), {"organization_id": "not-a-uuid"})

    assert foreign.status_code == 404 and foreign.json()["error"]["code"] == "not_found"
    assert malformed.status_code == 400 and "organization_id" in malformed.json()["error"]["details"]


def test_subscription_read_query_count(stripe_settings, owner, organization, django_assert_max_num_queries):
    client = client_for(owner)
    client.get(url("detail"))  # warm the plan-limit cache

    with django_assert_max_num_queries(8):
        assert client.get(url("detail"), {"organization_id": str(organization.pk)}).status_code == 200


def test_subscription_with_malformed_organization_id_is_400(stripe_settings, owner):
    response = client_for(owner).get(url("detail"), {"organization_id": "not-a-uuid"})

    assert response.status_code == 400
    assert "organization_id" in response.json()["error"]["details"]
