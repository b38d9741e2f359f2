"""PostgreSQL proofs with real concurrency: events emitted by concurrent transactions get gapless
per-endpoint sequence numbers that commit in order, and workers racing over one endpoint deliver
each event exactly once, in sequence order."""

import time

import pytest
from django.db import transaction

from apps.common.events import emit
from apps.webhooks.delivery import endpoint_deliver, webhooks_deliver_due
from apps.webhooks.models import DeliveryStatus, WebhookDelivery
from tests.support.concurrency import run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_concurrent_emitters_get_gapless_sequences_that_commit_in_order(org, endpoint):
    """An observer polling the committed deliveries never sees a gap: a later number is never visible
    before an earlier one, so a worker can never send event n+1 before event n."""
    emitters = 8
    snapshots: list[list[int]] = []

    def run(i: int):
        if i == emitters:  # the observer
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                seen = list(WebhookDelivery.objects.order_by("sequence").values_list("sequence", flat=True))
                snapshots.append(seen)
                if len(seen) == emitters:
                    return seen
            return None
        with transaction.atomic():
            emit("post.published", organization_id=org.pk, target=("scheduled_post", f"p{i}"), data={"i": i})
            time.sleep(0.02)  # hold the endpoint lock a little: the others queue behind it
        return i

    results = run_concurrently(run, emitters + 1)

    assert results[-1] == list(range(1, emitters + 1)), results
    assert len(snapshots) > 1
    assert all(seen == list(range(1, len(seen) + 1)) for seen in snapshots)


def test_racing_workers_deliver_each_event_once_in_order(org, endpoint, receiver):
    events = [emit("post.published", organization_id=org.pk, target=("scheduled_post", f"p{n}")) for n in range(12)]

    run_concurrently(lambda i: endpoint_deliver(endpoint_id=endpoint.pk) if i % 2 else webhooks_deliver_due(), 6)
    webhooks_deliver_due()  # whatever a "busy" worker left

    assert receiver.event_ids() == [str(e.id) for e in events]
    assert WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).count() == 12
