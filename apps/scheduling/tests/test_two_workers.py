"""Two ``manage.py db_worker`` processes on one PostgreSQL database (issue 14, deliver 7): every due
post is published exactly once and no outbox message is delivered twice. The outside world is a
local HTTP server that records every call: the publisher webhook (local backend) and the fake
Node.js scheduler (http backend). Both workers must have run deliveries, or the test proves nothing.
"""

import json
import threading
import time
from collections import Counter
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.scheduling.models import OutboxMessage, OutboxStatus, ScheduledPost
from apps.subscriptions.models import Plan, Subscription
from scripts.harness import free_port
from tests.fakes.scheduler import FakeScheduler
from tests.support.concurrency import wait_for
from tests.support.scheduling import DB_TASKS, SCHEDULE, TOKEN, Worker

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

POSTS = 30
WEBHOOK_SECRET = "two-workers-webhook-secret"


class RecordingPublisher:
    """The publisher webhook's receiver: records (Idempotency-Key, post id) of every call and answers
    after ``delay`` seconds, so that two workers delivering at once would overlap here."""

    def __init__(self, *, delay: float = 0.05) -> None:
        self.calls: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                call = (self.headers.get("Idempotency-Key", ""), str(body.get("scheduled_post_id", "")))
                with recorder.lock:
                    recorder.calls.append(call)
                time.sleep(delay)
                raw = json.dumps({"platform_post_id": f"pp-{body.get('scheduled_post_id')}"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/publish"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def unlimited(org):
    """The organization on a plan without post quota or practical rate limit (30 posts at once)."""
    plan = Plan.objects.create(
        slug="two-workers",
        name="Two workers",
        price_cents=100,
        monthly_token_limit=None,
        monthly_post_limit=None,
        requests_per_minute=100_000,
        generations_per_minute=100_000,
        is_active=False,
    )
    Subscription.objects.filter(organization=org).update(plan=plan)
    return plan


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = DB_TASKS
    settings.SCHEDULER_SERVICE_TOKEN = TOKEN
    settings.SCHEDULER_SWEEP_INTERVAL_SECONDS = 0.5
    settings.API_BASE_URL = "http://api.test"
    return settings


def delivering_workers() -> set[str]:
    """The ids of the workers that delivered at least one outbox message: in a delivery run or in a
    sweep (both drain every due message in batches; the count of each run is its result)."""
    rows = DBTaskResult.objects.filter(
        Q(task_path__endswith="deliver_outbox_message") | Q(task_path__endswith="scheduling_sweep"),
        status="SUCCESSFUL",
    ).values_list("worker_ids", "return_value")
    return {worker_id for ids, outcomes in rows if (outcomes or {}).get("delivered") for worker_id in ids}


def test_two_workers_local_backend_each_due_post_published_exactly_once(auth_client, content, unlimited, db_tasks):
    publisher = RecordingPublisher()
    env = {
        "SCHEDULER_BACKEND": "local",
        "SCHEDULER_PUBLISHER": "webhook",
        "SCHEDULER_PUBLISHER_WEBHOOK_URL": publisher.url,
        "SCHEDULER_PUBLISHER_WEBHOOK_SECRET": WEBHOOK_SECRET,
    }
    db_tasks.SCHEDULER_BACKEND = "local"
    db_tasks.SCHEDULER_PUBLISHER = "webhook"
    db_tasks.SCHEDULER_PUBLISHER_WEBHOOK_URL = publisher.url
    db_tasks.SCHEDULER_PUBLISHER_WEBHOOK_SECRET = WEBHOOK_SECRET
    workers = [Worker(**env).start(worker_id=f"w{i}") for i in (1, 2)]
    try:
        # Each due 3 s after it is scheduled (a fixed instant for all could be past before the last one
        # is scheduled on a loaded machine): due posts keep arriving while both workers poll.
        answers = [
            auth_client.post(
                SCHEDULE,
                {
                    "content_id": str(content.id),
                    "scheduled_at": (timezone.now() + timedelta(seconds=3, milliseconds=i)).isoformat(),
                    "allow_duplicate": True,  # the same text 30 times, on purpose
                },
                format="json",
            ).status_code
            for i in range(POSTS)
        ]
        published = wait_for(lambda: ScheduledPost.objects.filter(status="published").count() == POSTS, timeout=90)
        time.sleep(1.5)  # a late duplicate (a second sweep, a second task) would arrive by now
        alive = [w.process.poll() is None for w in workers]
    finally:
        for worker in workers:
            worker.stop()
        publisher.stop()

    posts = {str(p.id): p for p in ScheduledPost.objects.all()}
    per_post = Counter(post_id for _, post_id in publisher.calls)
    per_key = Counter(key for key, _ in publisher.calls)
    messages = list(OutboxMessage.objects.filter(kind="publish"))
    assert answers == [201] * POSTS
    assert published, f"{ScheduledPost.objects.filter(status='published').count()} of {POSTS} published"
    assert alive == [True, True]
    assert per_post == dict.fromkeys(posts, 1)  # each post reached the publisher exactly once
    assert len(per_key) == POSTS and set(per_key.values()) == {1}
    assert len(messages) == POSTS
    assert all(m.status == OutboxStatus.DELIVERED and m.attempts == 1 for m in messages)
    assert all(p.published_at >= p.scheduled_at and p.platform_post_id == f"pp-{p.id}" for p in posts.values())
    assert delivering_workers() == {"w1", "w2"}  # both processes really delivered


def test_two_workers_http_backend_each_outbox_message_delivered_once(auth_client, content, unlimited, db_tasks):
    fake = FakeScheduler(token=TOKEN, port=free_port()).start()
    fake.delay_seconds = 0.05  # a slow answer widens the window in which a second delivery could start
    env = {
        "SCHEDULER_BACKEND": "http",
        "SCHEDULER_SERVICE_URL": fake.url,
        "SCHEDULER_TIMEOUT_SECONDS": "5",
    }
    db_tasks.SCHEDULER_BACKEND = "http"
    db_tasks.SCHEDULER_SERVICE_URL = fake.url
    workers = [Worker(**env).start(worker_id=f"w{i}") for i in (1, 2)]
    try:
        time.sleep(2)  # both polling before the burst
        start = timezone.now() + timedelta(hours=1)
        answers = [
            auth_client.post(
                SCHEDULE,
                {
                    "content_id": str(content.id),
                    "scheduled_at": (start + timedelta(seconds=i)).isoformat(),
                    "allow_duplicate": True,
                },
                format="json",
            ).status_code
            for i in range(POSTS)
        ]
        queued = wait_for(lambda: ScheduledPost.objects.filter(status="queued").count() == POSTS, timeout=90)
        time.sleep(1.5)
    finally:
        for worker in workers:
            worker.stop()
        fake.stop()

    posts = list(ScheduledPost.objects.all())
    assert answers == [201] * POSTS
    assert queued
    assert fake.keys() == {f"schedule:{p.id}": 1 for p in posts}  # one request per message, no retry
    assert fake.jobs_created() == POSTS
    assert {p.job_id for p in posts} == set(fake.jobs)
    assert all(m.status == OutboxStatus.DELIVERED and m.attempts == 1 for m in OutboxMessage.objects.all())
    assert delivering_workers() == {"w1", "w2"}
