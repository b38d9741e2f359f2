"""An endpoint's run records its attempts together: the deliveries sent before a failure are
written with it, in one transaction, order and the failure count as if each had been written alone."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.common.events import emit
from apps.webhooks.delivery import endpoint_deliver
from apps.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db


def _emit_posts(org, count: int) -> list[str]:
    return [
        str(emit("post.published", organization_id=org.pk, target=("scheduled_post", f"p{n}"), data={"n": n}).id)
        for n in range(count)
    ]


def test_deliveries_before_a_failure_are_recorded_with_it_and_reset_the_failure_count(
    org, endpoint, receiver, settings
):
    settings.WEBHOOK_DISABLE_AFTER_FAILURES = 3
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=2)
    receiver.script.extend([200, 200, 500])
    event_ids = _emit_posts(org, 4)

    outcomes = endpoint_deliver(endpoint_id=endpoint.pk)

    assert outcomes == {"delivered": 2, "retry": 1}
    assert receiver.event_ids() == event_ids[:3]  # the fourth waits behind the failed third
    rows = list(WebhookDelivery.objects.order_by("sequence").values_list("status", "attempts", "response_status"))
    assert rows == [("delivered", 1, 200), ("delivered", 1, 200), ("pending", 1, 500), ("pending", 0, None)]
    endpoint.refresh_from_db()
    assert endpoint.is_active and endpoint.consecutive_failures == 1  # two successes, then one failure


def test_a_run_writes_its_deliveries_once_per_batch_not_once_per_delivery(org, endpoint, receiver):
    event_ids = _emit_posts(org, 45)

    with CaptureQueriesContext(connection) as queries:
        outcomes = endpoint_deliver(endpoint_id=endpoint.pk)

    assert outcomes == {"delivered": 45}
    assert receiver.event_ids() == event_ids
    assert set(WebhookDelivery.objects.values_list("status", "attempts")) == {(DeliveryStatus.DELIVERED, 1)}
    writes = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "webhooks_webhookdelivery"')]
    assert len(writes) == 3  # batches of 20, 20 and 5
