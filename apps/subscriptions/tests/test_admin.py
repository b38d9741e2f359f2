"""Admin for ops: every billing model is listed and searchable; money, Stripe fields and the ledger are read-only."""

import pytest
from django.urls import reverse

from apps.subscriptions.models import Plan, StripeEvent, Subscription, UsagePeriod, UsageReservation
from apps.subscriptions.services import stripe_event_process
from apps.subscriptions.usage import usage_reserve
from tests.fakes.stripe import make_event, subscription_object

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_user):
    admin_user = make_user(email="ops@example.com")
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(admin_user)
    return client


@pytest.fixture
def records(organization, settings):
    settings.STRIPE_PRICE_ID_PRO = "price_pro_test"
    Subscription.objects.filter(organization=organization).update(stripe_customer_id="cus_admin")
    usage_reserve(organization=organization, tokens=10, posts=1)
    stripe_event_process(event=make_event("customer.subscription.updated", subscription_object(customer="cus_admin")))
    return organization


@pytest.mark.parametrize("model", [Plan, Subscription, UsagePeriod, UsageReservation, StripeEvent])
def test_admin_changelist_and_detail_pages_render(admin_client, records, model):
    opts = model._meta
    obj = model.objects.first()

    changelist = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), {"q": "a"})
    detail = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))

    assert changelist.status_code == 200
    assert detail.status_code == 200


def test_admin_finds_a_subscription_by_stripe_customer(admin_client, records):
    response = admin_client.get(reverse("admin:subscriptions_subscription_changelist"), {"q": "cus_admin"})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_admin_plan_limits_editable_price_and_stripe_price_read_only(admin_client):
    plan = Plan.objects.get(slug="pro")
    form = {
        "name": "Pro",
        "monthly_token_limit": "6000",
        "monthly_post_limit": "100",
        "workspace_limit": "3",
        "member_limit": "1",
        "requests_per_minute": "300",
        "generations_per_minute": "20",
        "is_active": "on",
        "sort_order": "2",
        "price_cents": "1",  # read-only: ignored
        "stripe_price_id": "price_hijack",  # read-only: ignored
    }

    response = admin_client.post(reverse("admin:subscriptions_plan_change", args=[plan.pk]), form)

    assert response.status_code == 302, response.content[:2000]
    plan.refresh_from_db()
    assert (plan.monthly_token_limit, plan.price_cents, plan.stripe_price_id) == (6000, 2900, "")


def test_admin_ledger_and_events_cannot_be_changed(admin_client, records):
    period = UsagePeriod.objects.get()
    event = StripeEvent.objects.get()

    admin_client.post(reverse("admin:subscriptions_usageperiod_change", args=[period.pk]), {"tokens_used": "0"})
    delete = admin_client.post(reverse("admin:subscriptions_stripeevent_delete", args=[event.pk]), {"post": "yes"})

    assert delete.status_code == 403
    assert UsagePeriod.objects.get().tokens_reserved == 10
    assert StripeEvent.objects.count() == 1


def test_admin_plan_save_refreshes_the_public_plan_list(admin_client, api_client, django_capture_on_commit_callbacks):
    plan = Plan.objects.get(slug="free")
    api_client.get(reverse("subscriptions:plans"))  # cached
    form = {
        "name": "Free",
        "monthly_token_limit": "150",
        "monthly_post_limit": "5",
        "workspace_limit": "1",
        "member_limit": "1",
        "requests_per_minute": "60",
        "generations_per_minute": "5",
        "is_active": "on",
        "sort_order": "1",
    }

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:subscriptions_plan_change", args=[plan.pk]), form)

    listed = api_client.get(reverse("subscriptions:plans")).json()["results"][0]
    assert listed["monthly_token_limit"] == 150
