"""PostgreSQL proofs with real concurrency and a real worker process (``manage.py db_worker``):
an outage of the scheduler, a worker killed mid-delivery, racing callbacks, the local backend
publishing at the scheduled time, and two reconcilers racing over the same overdue posts."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from apps.scheduling.models import OutboxMessage, ScheduledPost
from apps.scheduling.outbox import outbox_message_deliver
from apps.scheduling.reconcile import scheduled_posts_reconcile
from scripts.harness import free_port
from tests.fakes.scheduler import FakeScheduler
from tests.support.clients import client_for
from tests.support.concurrency import run_concurrently, wait_for
from tests.support.scheduling import DB_TASKS, SCHEDULE, TOKEN, Worker, make_queued

CALLBACK = "/api/v1/scheduling/callback/"

# serialized_rollback: the flush of a transactional test also removes the plans the migrations loaded.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = DB_TASKS  # django-tasks drops its cached backends on setting_changed
    settings.SCHEDULER_SERVICE_TOKEN = TOKEN
    settings.SCHEDULER_SWEEP_INTERVAL_SECONDS = 0.5
    settings.API_BASE_URL = "http://api.test"
    return settings


def schedule(client, content, *, seconds: float = 3600):
    when = (timezone.now() + timedelta(seconds=seconds)).isoformat()
    # The same text many times on purpose (delivery under load, not duplicate detection).
    body = {"content_id": str(content.id), "scheduled_at": when, "allow_duplicate": True}
    return client.post(SCHEDULE, body, format="json")


# ---------------------------------------------------------------------------
# Outage: scheduler down while 20 posts are scheduled
# ---------------------------------------------------------------------------
def test_outbox_scheduler_down_while_20_posts_scheduled_all_delivered_once_back(auth_client, content, db_tasks, capsys):
    fake = FakeScheduler(token=TOKEN, port=free_port())  # not listening yet: connection refused
    db_tasks.SCHEDULER_BACKEND = "http"
    db_tasks.SCHEDULER_SERVICE_URL = fake.url
    worker = Worker(
        SCHEDULER_BACKEND="http",
        SCHEDULER_SERVICE_URL=fake.url,
        SCHEDULER_RETRY_BASE_SECONDS="0.5",
        SCHEDULER_RETRY_MAX_SECONDS="2",
        SCHEDULER_MAX_ATTEMPTS="50",
        SCHEDULER_TIMEOUT_SECONDS="2",
    ).start()
    try:
        answers = [schedule(auth_client, content, seconds=3600 + i).status_code for i in range(20)]
        all_tried_while_down = wait_for(
            lambda: OutboxMessage.objects.filter(kind="schedule", attempts__gte=1, status="pending").count() == 20,
            timeout=30,
        )
        queued_while_down = ScheduledPost.objects.filter(status="queued").count()
        fake.start()
        all_delivered = wait_for(lambda: ScheduledPost.objects.filter(status="queued").count() == 20, timeout=60)
    finally:
        worker.stop()
        fake.stop()

    posts = list(ScheduledPost.objects.all())
    per_key = fake.keys()
    attempts = sorted(OutboxMessage.objects.values_list("attempts", flat=True))
    with capsys.disabled():
        print(
            f"\n[outage] scheduled=20 answered_201={answers.count(201)} tried_while_down={all_tried_while_down} "
            f"delivered={sum(p.status == 'queued' for p in posts)} jobs_created={fake.jobs_created()} "
            f"requests_per_key(max)={max(per_key.values())} keys={len(per_key)} attempts(min..max)="
            f"{attempts[0]}..{attempts[-1]}"
        )
    assert answers == [201] * 20
    assert all_tried_while_down and queued_while_down == 0
    assert all_delivered
    assert fake.jobs_created() == 20
    assert per_key == {f"schedule:{p.id}": 1 for p in posts}  # each job requested once the scheduler was back
    assert {p.job_id for p in posts} == set(fake.jobs)


# ---------------------------------------------------------------------------
# The worker killed in the middle of a delivery
# ---------------------------------------------------------------------------
def test_outbox_worker_killed_mid_delivery_delivers_on_restart_with_same_key(auth_client, content, db_tasks):
    fake = FakeScheduler(token=TOKEN).start()
    fake.delay_seconds = 30  # the job is created, then the reply hangs: the worker is in the request
    db_tasks.SCHEDULER_BACKEND = "http"
    db_tasks.SCHEDULER_SERVICE_URL = fake.url
    env = {
        "SCHEDULER_BACKEND": "http",
        "SCHEDULER_SERVICE_URL": fake.url,
        "SCHEDULER_TIMEOUT_SECONDS": "60",
        "SCHEDULER_LEASE_SECONDS": "2",
    }
    first = Worker(**env).start()
    second = Worker(**env)
    try:
        response = schedule(auth_client, content)
        assert response.status_code == 201
        post_id = response.json()["id"]
        in_flight = fake.received.wait(30)
        first.kill()  # SIGKILL: no cleanup at all
        message = OutboxMessage.objects.get(scheduled_post_id=post_id)
        state_after_kill = (message.status, message.attempts, ScheduledPost.objects.get(pk=post_id).status)
        fake.delay_seconds = 0
        second.start()
        delivered = wait_for(lambda: ScheduledPost.objects.get(pk=post_id).status == "queued", timeout=30)
    finally:
        first.kill()
        second.stop()
        fake.stop()

    post = ScheduledPost.objects.get(pk=post_id)
    message.refresh_from_db()
    assert in_flight
    assert state_after_kill == ("delivering", 1, "pending")
    assert delivered
    assert fake.keys() == {f"schedule:{post_id}": 2}  # the retry carried the same Idempotency-Key
    assert fake.jobs_created() == 1
    assert post.job_id == fake.job_by_key[f"schedule:{post_id}"]
    assert (message.status, message.attempts) == ("delivered", 2)


# ---------------------------------------------------------------------------
# Local backend: the worker publishes at the scheduled time
# ---------------------------------------------------------------------------
def test_local_backend_worker_publishes_at_scheduled_time(auth_client, content, db_tasks, httpserver):
    arrivals: list[float] = []

    def handler(request):
        from werkzeug.wrappers import Response

        arrivals.append(time.time())
        return Response('{"platform_post_id": "pp-1"}', content_type="application/json")

    httpserver.expect_request("/publish", method="POST").respond_with_handler(handler)
    db_tasks.SCHEDULER_BACKEND = "local"
    db_tasks.SCHEDULER_PUBLISHER = "webhook"
    db_tasks.SCHEDULER_PUBLISHER_WEBHOOK_URL = httpserver.url_for("/publish")
    db_tasks.SCHEDULER_PUBLISHER_WEBHOOK_SECRET = "s"
    worker = Worker(
        SCHEDULER_BACKEND="local",
        SCHEDULER_PUBLISHER="webhook",
        SCHEDULER_PUBLISHER_WEBHOOK_URL=httpserver.url_for("/publish"),
        SCHEDULER_PUBLISHER_WEBHOOK_SECRET="s",
    ).start()
    try:
        response = schedule(auth_client, content, seconds=2.5)
        assert response.status_code == 201
        post_id = response.json()["id"]
        queued = wait_for(lambda: ScheduledPost.objects.get(pk=post_id).status == "queued", timeout=15)
        published = wait_for(lambda: ScheduledPost.objects.get(pk=post_id).status == "published", timeout=30)
    finally:
        worker.stop()

    post = ScheduledPost.objects.get(pk=post_id)
    assert queued and published
    assert post.platform_post_id == "pp-1"
    assert len(arrivals) == 1
    assert arrivals[0] >= post.scheduled_at.timestamp()
    assert post.published_at >= post.scheduled_at


# ---------------------------------------------------------------------------
# Racing callbacks and racing deliveries
# ---------------------------------------------------------------------------
def test_scheduler_callback_identical_callbacks_at_the_same_moment_apply_once(db_tasks, user, content):
    post = make_queued(user=user, content=content)
    body = {"job_id": post.job_id, "content_id": str(content.id), "status": "published", "platform_post_id": "777"}

    def call(_: int):
        response = APIClient().post(CALLBACK, body, format="json", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        return response.status_code, response.json().get("changed")

    results = run_concurrently(call, 10)

    assert [status for status, _ in results] == [200] * 10
    assert sum(1 for _, changed in results if changed) == 1
    post.refresh_from_db()
    assert (post.status, post.platform_post_id) == ("published", "777")


def test_scheduler_callback_conflicting_callbacks_at_the_same_moment_one_wins(db_tasks, user, content):
    post = make_queued(user=user, content=content)
    bodies = [
        {"job_id": post.job_id, "content_id": str(content.id), "status": "published", "platform_post_id": "1"},
        {"job_id": post.job_id, "content_id": str(content.id), "status": "failed", "error": "nope"},
    ]

    def call(i: int):
        response = APIClient().post(CALLBACK, bodies[i % 2], format="json", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        return bodies[i % 2]["status"], response.status_code, response.json().get("changed")

    results = run_concurrently(call, 10)

    post.refresh_from_db()
    winners = [r for r in results if r[2]]
    assert len(winners) == 1 and winners[0][0] == post.status
    for status, code, _ in results:
        assert code == (200 if status == post.status else 409)


def test_outbox_concurrent_deliveries_of_one_message_send_it_once(auth_client, content, settings):
    fake = FakeScheduler(token=TOKEN).start()
    settings.SCHEDULER_SERVICE_TOKEN = TOKEN
    settings.SCHEDULER_BACKEND = "http"
    settings.SCHEDULER_SERVICE_URL = fake.url
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # nobody delivers
    try:
        post_id = schedule(auth_client, content).json()["id"]
        message_id = OutboxMessage.objects.get(scheduled_post_id=post_id).pk
        outcomes = run_concurrently(lambda _: outbox_message_deliver(message_id=message_id), 8)
    finally:
        fake.stop()

    assert sorted(outcomes) == ["delivered"] + ["skipped"] * 7
    assert fake.keys() == {f"schedule:{post_id}": 1}
    assert ScheduledPost.objects.get(pk=post_id).status == "queued"


def test_scheduled_post_schedule_same_slot_at_the_same_moment_creates_one_post(db_tasks, user, content):
    when = (timezone.now() + timedelta(hours=2)).isoformat()

    def call(_: int) -> int:
        return (
            client_for(user)
            .post(SCHEDULE, {"content_id": str(content.id), "scheduled_at": when}, format="json")
            .status_code
        )

    codes = run_concurrently(call, 8)

    assert sorted(codes) == [201] + [409] * 7
    assert ScheduledPost.objects.count() == 1
    assert OutboxMessage.objects.count() == 1


# ---------------------------------------------------------------------------
# Reconciliation: two reconcilers at the same moment
# ---------------------------------------------------------------------------
def test_reconcile_two_concurrent_reconcilers_each_post_transitions_once(user, content, settings, caplog):
    fake = FakeScheduler(token=TOKEN).start()
    settings.SCHEDULER_SERVICE_TOKEN = TOKEN
    settings.SCHEDULER_BACKEND = "http"
    settings.SCHEDULER_SERVICE_URL = fake.url
    settings.SCHEDULER_RECONCILE_GRACE_SECONDS = 60
    settings.SCHEDULER_RECONCILE_ATTEMPTS = 2
    answers = ["published", "failed", "404", "waiting"] * 3
    posts = []
    for i, answer in enumerate(answers):
        post = make_queued(user=user, content=content, job_id=f"job_{i}")
        if answer != "404":
            fake.jobs[post.job_id] = {"state": answer, "platform_post_id": f"p{i}", "error": f"e{i}"}
        # Past the give-up deadline (grace x attempts): every post gets a final answer now.
        ScheduledPost.objects.filter(pk=post.pk).update(scheduled_at=timezone.now() - timedelta(seconds=200 + i))
        posts.append(post)
    caplog.set_level("INFO", logger="apps.scheduling.state")
    try:
        outcomes = run_concurrently(lambda _: scheduled_posts_reconcile(), 2)
    finally:
        fake.stop()

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    merged: dict[str, int] = {}
    for outcome in outcomes:
        for key, count in outcome.items():
            merged[key] = merged.get(key, 0) + count
    assert merged.get("published") == 3 and merged.get("failed") == 9  # failed, 404, waiting (given up)
    assert sum(merged.values()) == len(posts)  # each post claimed by exactly one reconciler (no "skipped")
    transitions = [r.scheduled_post_id for r in caplog.records if r.getMessage() == "scheduled post transition"]
    assert sorted(transitions) == sorted(str(p.id) for p in posts)  # one transition per post
    gets = [r["path"] for r in fake.requests if r["method"] == "GET"]
    assert sorted(gets) == sorted(f"/jobs/{p.job_id}" for p in posts)  # one GET per post
    for post, answer in zip(posts, answers, strict=True):
        post.refresh_from_db()
        assert post.status == ("published" if answer == "published" else "failed")
