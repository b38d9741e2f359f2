"""Webhooks of different customers never wait for each other (found by bench/run.py: the row lock of
one subscription also locked the plan row every customer on that plan shares, which serialized all
webhooks and deadlocked concurrent plan changes into 500s)."""

import json
import threading

import pytest
from django.db import connection, connections, transaction
from rest_framework.test import APIClient

from apps.subscriptions.models import StripeEvent, Subscription
from apps.subscriptions.services import _subscription_locked
from tests.fakes.stripe import PRICE_PRO, PRICE_TEAM, make_event, post_webhook, subscription_object
from tests.support.concurrency import run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _customer(make_user, n: int) -> Subscription:
    organization = make_user(email=f"customer{n}@example.com").memberships.get().organization
    Subscription.objects.filter(organization=organization).update(stripe_customer_id=f"cus_lock_{n}")
    return Subscription.objects.get(organization=organization)


def test_webhook_is_not_blocked_by_another_customers_locked_subscription(stripe_settings, make_user):
    first, second = _customer(make_user, 1), _customer(make_user, 2)
    assert first.plan_id == second.plan_id  # both on Free: the plan row is shared
    holding, release = threading.Event(), threading.Event()

    def hold_first_customer() -> None:
        try:
            with transaction.atomic():
                assert _subscription_locked(customer_id="cus_lock_1", organization_hint=None) is not None
                holding.set()
                release.wait(15)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_first_customer)
    holder.start()
    try:
        assert holding.wait(15)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
        event = make_event(
            "customer.subscription.updated",
            subscription_object(sub_id="sub_lock_2", customer="cus_lock_2", price=PRICE_PRO),
        )
        response = post_webhook(APIClient(), event)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
        release.set()
        holder.join(15)

    assert response.status_code == 200, response.content
    assert response.json() == {"received": True, "duplicate": False, "status": "processed"}
    second.refresh_from_db()
    assert second.plan.slug == "pro"


def test_webhook_concurrent_plan_changes_of_many_customers_all_succeed(stripe_settings, make_user):
    customers = [_customer(make_user, n) for n in range(8)]

    def deliver(i: int):
        n = i % len(customers)
        price = PRICE_PRO if i < len(customers) else PRICE_TEAM
        event = make_event(
            "customer.subscription.updated",
            subscription_object(sub_id=f"sub_lock_{n}", customer=f"cus_lock_{n}", price=price),
            created=1_900_000_000 + i,
        )
        return post_webhook(APIClient(), json.dumps(event).encode())

    responses = run_concurrently(deliver, 2 * len(customers))

    assert [getattr(r, "status_code", r) for r in responses] == [200] * 16
    # Each customer's older event is either applied then overwritten, or refused as stale: never lost.
    assert sorted({r.json()["status"] for r in responses}) in (["processed"], ["processed", "stale"])
    assert StripeEvent.objects.count() == 16
    for subscription in customers:
        subscription.refresh_from_db()
        assert subscription.plan.slug == "team"  # the newer event of each customer won
