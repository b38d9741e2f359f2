"""The plans a Stripe subscription event reads come from the shared cache (apps.subscriptions.plan_cache):
no plans query per event, a plan edit seen by the very next event, a new plan never missed."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from apps.audit.models import AuditEntry
from apps.subscriptions.models import Plan, Subscription
from apps.subscriptions.services import plans_cache_invalidate
from tests.fakes.stripe import PRICE_PRO, PRICE_TEAM, make_event, post_webhook, subscription_object

pytestmark = pytest.mark.django_db


@pytest.fixture
def billed(stripe_settings, organization):
    Subscription.objects.filter(organization=organization).update(stripe_customer_id="cus_test_1")
    return organization


class Events:
    """customer.subscription.updated events for the billed organization, each newer than the last."""

    def __init__(self) -> None:
        self.client = APIClient()
        self.created = int(time.time()) - 1000

    def send(self, price: str):
        self.created += 1
        event = make_event("customer.subscription.updated", subscription_object(price=price), created=self.created)
        response = post_webhook(self.client, event)
        assert response.status_code == 200, response.content
        return response.json()


def _plan_slug(organization) -> str:
    return Subscription.objects.select_related("plan").get(organization=organization).plan.slug


def test_a_subscription_event_reads_no_plan_from_the_database_once_cached(billed):
    events = Events()
    events.send(PRICE_PRO)
    with CaptureQueriesContext(connection) as queries:
        assert events.send(PRICE_TEAM)["status"] == "processed"
    assert [q["sql"] for q in queries.captured_queries if '"subscriptions_plan"' in q["sql"]] == []
    assert _plan_slug(billed) == "team"
    changed = AuditEntry.objects.filter(action="subscription.changed").order_by("occurred_at").last()
    assert (changed.data["plan"], changed.data["previous_plan"]) == ("team", "pro")


def test_a_price_moved_to_another_plan_is_seen_by_the_next_event(billed):
    events = Events()
    Plan.objects.filter(slug="team").update(stripe_price_id="price_moving")
    plans_cache_invalidate()
    events.send("price_moving")
    assert _plan_slug(billed) == "team"
    events.send(PRICE_PRO)  # back on pro; the plans are cached
    Plan.objects.filter(slug="team").update(stripe_price_id="")
    Plan.objects.filter(slug="pro").update(stripe_price_id="price_moving")
    plans_cache_invalidate()  # what the admin does after saving a plan
    events.send("price_moving")  # the cached plans (if still used) would say team
    assert _plan_slug(billed) == "pro"


def test_a_plan_created_without_invalidation_is_still_found(billed):
    events = Events()
    events.send(PRICE_PRO)  # the plans are cached
    Plan.objects.create(slug="scale", name="Scale", price_cents=9900, stripe_price_id="price_scale")
    assert events.send("price_scale")["status"] == "processed"
    assert _plan_slug(billed) == "scale"
