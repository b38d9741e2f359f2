"""Billing decisions at the service and selector level: who may open checkout/portal, the return
URL rule, the overview's quota arithmetic, and the manual grant of the admin site."""

import pytest
from django.urls import reverse

from apps.common.exceptions import NotFound, PermissionDenied, ValidationFailed
from apps.organizations.models import Role
from apps.subscriptions.exceptions import BillingNotConfigured
from apps.subscriptions.models import Plan, Subscription, SubscriptionStatus
from apps.subscriptions.selectors import subscription_overview
from apps.subscriptions.services import checkout_session_create, portal_session_create, subscription_manual_grant
from apps.subscriptions.throttles import organization_rate_limits
from apps.subscriptions.usage import usage_reserve, usage_settle
from tests.factories import put_on_plan

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_checkout_session_create_refuses_below_admin_before_calling_stripe(
    fake_stripe, member_factory, organization, role
):
    with pytest.raises(PermissionDenied):
        checkout_session_create(user=member_factory(role), organization_id=organization.pk, plan_slug="pro")

    assert fake_stripe.requests() == []


def test_checkout_session_create_for_a_non_member_is_not_found(fake_stripe, make_user, organization):
    with pytest.raises(NotFound):
        checkout_session_create(user=make_user(email="x@example.com"), organization_id=organization.pk, plan_slug="pro")


def test_checkout_session_create_without_stripe_is_billing_not_configured(owner, organization):
    with pytest.raises(BillingNotConfigured):
        checkout_session_create(user=owner, organization_id=organization.pk, plan_slug="pro")


def test_portal_session_create_refuses_a_foreign_return_url_itself(fake_stripe, owner, organization):
    put_on_plan(organization, "pro", sub="sub_1")

    with pytest.raises(ValidationFailed) as refused:
        portal_session_create(user=owner, organization_id=organization.pk, return_url="https://evil.example/x")

    assert "return_url" in refused.value.details
    assert fake_stripe.requests() == []


def test_portal_session_create_refuses_an_editor(fake_stripe, member_factory, organization):
    put_on_plan(organization, "pro", sub="sub_1")

    with pytest.raises(PermissionDenied):
        portal_session_create(user=member_factory(Role.EDITOR), organization_id=organization.pk)


def test_subscription_overview_counts_reserved_against_the_limit(stripe_settings, owner, organization):
    usage_settle(reservation=usage_reserve(organization=organization, tokens=30, posts=1), tokens=20)
    usage_reserve(organization=organization, tokens=15)

    overview = subscription_overview(user=owner, organization_id=organization.pk)

    assert (overview.tokens.used, overview.tokens.reserved, overview.tokens.remaining) == (20, 15, 65)
    assert (overview.posts.used, overview.posts.reserved, overview.posts.remaining) == (1, 0, 4)
    assert (overview.workspaces.used, overview.workspaces.remaining) == (1, 0)
    assert (overview.members.used, overview.members.remaining) == (1, 0)
    assert overview.effective_plan.slug == "free"


def test_subscription_overview_unlimited_limits_have_no_remaining(stripe_settings, owner, organization):
    Plan.objects.filter(slug="free").update(monthly_post_limit=None, member_limit=None)

    overview = subscription_overview(user=owner, organization_id=organization.pk)

    assert (overview.posts.remaining, overview.members.remaining) == (None, None)


def test_subscription_overview_without_stripe_reads_our_own_database(owner, organization, settings):
    settings.STRIPE_SECRET_KEY = ""

    overview = subscription_overview(user=owner, organization_id=organization.pk)

    assert overview.subscription.organization_id == organization.pk
    assert overview.effective_plan.slug == "free"


def test_subscription_manual_grant_sets_plan_and_status_and_drops_cached_limits(
    organization, django_capture_on_commit_callbacks
):
    subscription = Subscription.objects.get(organization=organization)
    assert organization_rate_limits(organization_id=organization.pk)["requests"] == 60  # cached: Free

    with django_capture_on_commit_callbacks(execute=True):
        subscription_manual_grant(
            subscription_id=subscription.pk, plan=Plan.objects.get(slug="team"), status=SubscriptionStatus.ACTIVE
        )

    subscription.refresh_from_db()
    assert (subscription.plan.slug, subscription.status) == ("team", "active")
    assert (
        organization_rate_limits(organization_id=organization.pk)["requests"]
        == Plan.objects.get(slug="team").requests_per_minute
    )


def test_subscription_manual_grant_refuses_an_unknown_status(organization):
    subscription = Subscription.objects.get(organization=organization)

    with pytest.raises(ValidationFailed):
        subscription_manual_grant(subscription_id=subscription.pk, plan=subscription.plan, status="gifted")


def test_admin_subscription_save_is_a_manual_grant(client, make_user, organization, django_capture_on_commit_callbacks):
    staff = make_user(email="ops@example.com")
    staff.is_staff = staff.is_superuser = True
    staff.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(staff)
    subscription = Subscription.objects.get(organization=organization)
    organization_rate_limits(organization_id=organization.pk)  # cached: Free
    team = Plan.objects.get(slug="team")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:subscriptions_subscription_change", args=[subscription.pk]),
            {"plan": team.pk, "status": SubscriptionStatus.ACTIVE},
        )

    assert response.status_code == 302, response.content[:2000]
    subscription.refresh_from_db()
    assert subscription.plan == team
    assert organization_rate_limits(organization_id=organization.pk)["requests"] == team.requests_per_minute
