"""The cached answer to "does an endpoint of this organization want this event?" (apps.webhooks.wanted):
no query for an organization without endpoints, and every change of an endpoint — create, update,
disable, enable, delete, by the services, the ORM or another process — seen by the very next event."""

import os
import threading

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction

from apps.common.events import emit
from apps.webhooks.models import WebhookDelivery, WebhookEndpoint
from apps.webhooks.selectors import wanted_event_types
from apps.webhooks.services import webhook_endpoint_create, webhook_endpoint_delete, webhook_endpoint_update
from tests.support.concurrency import run_in_other_process
from tests.support.webhooks import make_endpoint

pytestmark = pytest.mark.django_db

EVENT = "post.published"


def _deliveries(org) -> int:
    return WebhookDelivery.objects.filter(endpoint__organization=org).count()


def _publish(org, n: int = 0):
    return emit(EVENT, organization_id=org.pk, target=("scheduled_post", f"p{n}"))


def test_an_organization_without_endpoints_pays_no_query_per_event(org, django_assert_num_queries):
    assert wanted_event_types(organization_id=org.pk) == frozenset()  # read once, then cached
    with django_assert_num_queries(0):
        assert wanted_event_types(organization_id=org.pk) == frozenset()
    # The whole emit: only the audit entry is written (no SELECT of endpoints).
    with django_assert_num_queries(1):
        _publish(org)


def test_an_endpoint_created_by_the_service_gets_the_next_event(org, user, receiver, webhook_settings):
    _publish(org, 1)  # caches "no endpoint"
    webhook_endpoint_create(user=user, organization_id=org.pk, url=receiver.url, event_types=[EVENT])
    _publish(org, 2)
    assert _deliveries(org) == 1


def test_an_endpoint_created_with_the_orm_gets_the_next_event(org, receiver, webhook_settings):
    _publish(org, 1)
    make_endpoint(org, url=receiver.url, event_types=[EVENT])
    _publish(org, 2)
    assert _deliveries(org) == 1


def test_changing_the_event_types_is_seen_by_the_next_event(org, user, receiver, webhook_settings):
    endpoint = make_endpoint(org, url=receiver.url, event_types=["post.failed"])
    _publish(org, 1)
    assert _deliveries(org) == 0
    webhook_endpoint_update(user=user, endpoint=endpoint, event_types=["post.failed", EVENT])
    _publish(org, 2)
    assert _deliveries(org) == 1
    webhook_endpoint_update(user=user, endpoint=endpoint, event_types=["post.failed"])
    assert wanted_event_types(organization_id=org.pk) == {"post.failed"}


def test_disable_enable_and_delete_are_seen_by_the_next_event(org, user, receiver, webhook_settings):
    endpoint = make_endpoint(org, url=receiver.url, event_types=[EVENT])
    webhook_endpoint_update(user=user, endpoint=endpoint, is_active=False)
    _publish(org, 1)
    assert _deliveries(org) == 0
    webhook_endpoint_update(user=user, endpoint=endpoint, is_active=True)
    _publish(org, 2)
    assert _deliveries(org) == 1
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(is_active=False)  # what the delivery worker does
    assert wanted_event_types(organization_id=org.pk) == frozenset()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(is_active=True)
    _publish(org, 3)
    assert _deliveries(org) == 2
    webhook_endpoint_delete(user=user, endpoint=endpoint)
    assert wanted_event_types(organization_id=org.pk) == frozenset()


def test_an_unrelated_update_keeps_the_cached_answer(org, receiver, webhook_settings, django_assert_num_queries):
    endpoint = make_endpoint(org, url=receiver.url, event_types=[EVENT])
    assert wanted_event_types(organization_id=org.pk) == {EVENT}
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=3)  # the worker, per attempt
    with django_assert_num_queries(0):
        assert wanted_event_types(organization_id=org.pk) == {EVENT}


@pytest.mark.postgres  # SQLite's shared in-memory test database locks the table instead of hiding the row
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_answer_read_before_the_change_committed_is_not_used_after(org, receiver, webhook_settings):
    """Another process (here a thread, with its own connection) reads while the endpoint's creation
    is not committed yet: it sees no endpoint and caches that. The commit must void that answer."""
    assert wanted_event_types(organization_id=org.pk) == frozenset()
    seen = []

    def read_elsewhere() -> None:
        try:
            seen.append(wanted_event_types(organization_id=org.pk))
        finally:
            connection.close()

    with transaction.atomic():
        make_endpoint(org, url=receiver.url, event_types=[EVENT])
        reader = threading.Thread(target=read_elsewhere)
        reader.start()
        reader.join()
    assert seen == [frozenset()]  # the uncommitted endpoint was invisible to it, and it cached that
    assert wanted_event_types(organization_id=org.pk) == {EVENT}


REDIS_URL = os.environ.get("REDIS_URL", "")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(not REDIS_URL, reason="needs PostgreSQL and Redis (REDIS_URL): the cache is shared")
def test_an_endpoint_created_by_another_process_gets_the_next_event(org, webhook_settings):
    assert "redis" in django_settings.CACHES["default"]["BACKEND"].lower()
    _publish(org, 1)
    assert wanted_event_types(organization_id=org.pk) == frozenset()  # cached in Redis
    code = (
        "from apps.webhooks.models import WebhookEndpoint\n"
        f"WebhookEndpoint.objects.create(organization_id='{org.pk}', url='https://example.com/hook', "
        f"event_types=['{EVENT}'], secret='whsec_other_process')\n"
    )
    run_in_other_process(code)
    _publish(org, 2)
    assert _deliveries(org) == 1
