"""Delivery in batches: one run claims due messages in batches and sends each batch concurrently, at
most ``WORKER_CONCURRENCY`` calls in flight; two workers claiming at once never share a message."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.scheduling.models import OutboxMessage, OutboxStatus, ScheduledPost
from apps.scheduling.outbox import outbox_claim_batch, outbox_deliver_due
from tests.support.concurrency import run_concurrently
from tests.support.scheduling import schedule

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # enqueues vanish


@pytest.fixture
def nobody_delivers(settings):
    settings.TASKS = DUMMY_TASKS
    return settings


@pytest.mark.django_db
def test_one_run_delivers_every_due_message_with_at_most_worker_concurrency_calls_in_flight(
    auth_client, content, fake_scheduler, nobody_delivers, django_capture_on_commit_callbacks
):
    nobody_delivers.WORKER_CONCURRENCY = 3
    fake_scheduler.delay_seconds = 0.2  # calls overlap when they are concurrent
    posts = [  # not instagram: a post there needs an image (the media rules), this content has none
        schedule(auth_client, content, django_capture_on_commit_callbacks, allow_duplicate=True, platform=platform)
        for platform in ("twitter", "linkedin", "facebook", "threads", "twitter")
        for _ in range(2)
    ]

    outcomes = outbox_deliver_due()

    assert outcomes == {"delivered": 10}
    assert fake_scheduler.peak_in_flight == 3  # concurrent, and never more than the setting
    assert fake_scheduler.keys() == {f"schedule:{post.id}": 1 for post in posts}
    assert set(ScheduledPost.objects.values_list("status", flat=True)) == {"queued"}
    assert all(m.status == OutboxStatus.DELIVERED and m.attempts == 1 for m in OutboxMessage.objects.all())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_workers_claiming_batches_at_once_get_disjoint_batches_and_send_each_message_once(
    auth_client, content, fake_scheduler, nobody_delivers
):
    nobody_delivers.WORKER_CONCURRENCY = 5
    posts = [
        schedule_committed(auth_client, content, platform=platform)  # not instagram: it needs an image
        for platform in ("twitter", "linkedin", "facebook", "threads", "twitter")
        for _ in range(6)
    ]

    claimed = run_concurrently(lambda _: [m.pk for m in outbox_claim_batch(limit=10)], 4)
    OutboxMessage.objects.update(status=OutboxStatus.PENDING, locked_until=None)  # due again, for the runs
    outcomes = run_concurrently(lambda _: outbox_deliver_due(), 3)

    batches = [set(batch) for batch in claimed]
    assert sum(len(batch) for batch in batches) == len(set().union(*batches)) == 30  # nobody shares a row
    assert sum(outcome.get("delivered", 0) for outcome in outcomes) == 30
    assert fake_scheduler.keys() == {f"schedule:{post['id']}": 1 for post in posts}
    assert set(ScheduledPost.objects.values_list("status", flat=True)) == {"queued"}


def schedule_committed(client, content, **extra) -> dict:
    """Schedule through the API in a transactional test (the commit is real; the enqueue vanishes)."""
    body = {
        "content_id": str(content.id),
        "scheduled_at": (timezone.now() + timedelta(hours=1)).isoformat(),
        "allow_duplicate": True,
        **extra,
    }
    response = client.post("/api/v1/scheduling/schedule/", body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()
