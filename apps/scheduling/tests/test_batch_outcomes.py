"""A delivery run records the outcomes of a batch together: one transaction, a few statements
whatever the batch's size, each message's outcome what it would have been alone (a post cancelled
while its hand-off was in flight gets its job cancelled; refusals and retries beside successes)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.scheduling.models import OutboxMessage, OutboxStatus, PostStatus, ScheduledPost
from apps.scheduling.outbox import outbox_deliver_due
from apps.scheduling.state import scheduled_post_transition
from tests.support.scheduling import schedule

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # enqueues vanish
PLATFORMS = ("twitter", "linkedin", "facebook", "threads")  # Instagram needs media: not these text posts


@pytest.fixture
def nobody_delivers(settings):
    settings.TASKS = DUMMY_TASKS
    return settings


def _schedule_many(client, content, count: int) -> list[str]:
    ids = []
    for n in range(count):
        body = {
            "content_id": str(content.id),
            "scheduled_at": (timezone.now() + timedelta(hours=1, minutes=n)).isoformat(),
            "allow_duplicate": True,
            "platform": PLATFORMS[n % len(PLATFORMS)],
        }
        response = client.post("/api/v1/scheduling/schedule/", body, format="json")
        assert response.status_code == 201, response.json()
        ids.append(response.json()["id"])
    return ids


def _delivery_statements(client, content, count: int) -> int:
    _schedule_many(client, content, count)
    with CaptureQueriesContext(connection) as queries:
        assert outbox_deliver_due() == {"delivered": count}
    return len(queries)


@pytest.mark.django_db
def test_a_batch_is_recorded_in_as_many_statements_for_twelve_posts_as_for_three(
    auth_client, content, fake_scheduler, nobody_delivers
):
    three = _delivery_statements(auth_client, content, 3)
    OutboxMessage.objects.all().delete()
    ScheduledPost.objects.all().delete()
    twelve = _delivery_statements(auth_client, content, 12)

    assert twelve == three
    assert set(ScheduledPost.objects.values_list("status", flat=True)) == {PostStatus.QUEUED}


@pytest.mark.django_db
def test_local_posts_queued_in_one_batch_each_get_their_publish_message(
    auth_client, content, scheduler_settings, nobody_delivers, django_capture_on_commit_callbacks
):
    scheduler_settings.SCHEDULER_BACKEND = "local"
    posts = [schedule(auth_client, content, django_capture_on_commit_callbacks, platform=p) for p in PLATFORMS[:3]]

    assert outbox_deliver_due() == {"delivered": 3}

    for post in posts:
        post.refresh_from_db()
        publish = OutboxMessage.objects.get(scheduled_post=post, kind="publish")
        assert (post.status, post.job_id) == (PostStatus.QUEUED, f"local:{post.id}")
        assert (publish.status, publish.next_attempt_at) == (OutboxStatus.PENDING, post.scheduled_at)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_batch_with_mixed_outcomes_records_each_as_if_alone(auth_client, content, fake_scheduler, nobody_delivers):
    accepted, cancelled, refused, busy = _schedule_many(auth_client, content, 4)
    answer = fake_scheduler.answer

    def scripted(entry):
        if entry["method"] == "POST" and entry["key"] == f"schedule:{cancelled}":
            # Cancelled (in another connection: the fake's thread) while the batch is in flight.
            scheduled_post_transition(post_id=cancelled, to_status=PostStatus.CANCELLED)
            connection.close()
        if entry["key"] == f"schedule:{refused}":
            return 400, {"error": "unknown platform"}
        if entry["key"] == f"schedule:{busy}":
            return 503, {"error": "busy"}
        return answer(entry)

    fake_scheduler.answer = scripted

    outcomes = outbox_deliver_due()

    # The orphaned job's cancel message was due at once: the same run sent it.
    assert outcomes == {"delivered": 2, "orphaned": 1, "failed": 1, "retry": 1}
    posts = {str(pk): post for pk, post in ScheduledPost.objects.in_bulk([accepted, cancelled, refused, busy]).items()}
    messages = {m.scheduled_post_id: m for m in OutboxMessage.objects.filter(kind="schedule")}
    assert posts[accepted].status == PostStatus.QUEUED and posts[accepted].job_id.startswith("job_")
    assert posts[cancelled].status == PostStatus.CANCELLED and posts[cancelled].job_id is None
    cancel = OutboxMessage.objects.get(scheduled_post_id=cancelled, kind="cancel")
    assert cancel.status == OutboxStatus.DELIVERED and cancel.payload["job_id"].startswith("job_")
    assert fake_scheduler.keys("DELETE") == {f"cancel:{cancelled}": 1}
    assert posts[refused].status == PostStatus.FAILED and "refused" in posts[refused].last_error
    assert messages[posts[refused].pk].status == OutboxStatus.FAILED
    assert posts[busy].status == PostStatus.PENDING and "503" in posts[busy].last_error
    waiting = messages[posts[busy].pk]
    assert (waiting.status, waiting.attempts) == (OutboxStatus.PENDING, 1) and waiting.next_attempt_at > timezone.now()
    assert {m.status for pk, m in messages.items() if pk in (posts[accepted].pk, posts[cancelled].pk)} == {
        OutboxStatus.DELIVERED
    }
    assert fake_scheduler.keys() == {f"schedule:{pk}": 1 for pk in (accepted, cancelled, refused, busy)}
    events = list(
        AuditEntry.objects.filter(action__in=["post.cancelled", "post.failed", "post.published"]).values_list(
            "action", "target_id"
        )
    )
    assert sorted(events) == sorted([("post.cancelled", cancelled), ("post.failed", refused)])


@pytest.mark.django_db
def test_a_batch_moves_its_posts_in_one_update_with_a_case_only_for_their_job_ids(
    auth_client, content, fake_scheduler, nobody_delivers
):
    _schedule_many(auth_client, content, 3)

    with CaptureQueriesContext(connection) as queries:
        outbox_deliver_due()

    moves = [
        q["sql"] for q in queries if q["sql"].startswith('UPDATE "scheduling_scheduledpost"') and "CASE" in q["sql"]
    ]
    assert len(moves) == 1 and moves[0].count("CASE") == 1 and '"job_id" = CASE' in moves[0]
