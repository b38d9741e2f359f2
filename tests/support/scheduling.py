"""Scheduling in tests: the scheduler's token, a post the Node.js scheduler accepted, a post scheduled
through the API, and ``manage.py db_worker`` in a subprocess against the test database."""

import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from apps.scheduling.models import OutboxStatus, PostStatus, ScheduledPost
from tests.factories import OutboxMessageFactory, ScheduledPostFactory

TOKEN = "test-scheduler-token-0123456789"
SCHEDULE = "/api/v1/scheduling/schedule/"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def make_queued(*, user, content, job_id="bull_job_123") -> ScheduledPost:
    """A post the Node.js scheduler accepted (as the outbox delivery leaves it)."""
    from apps.scheduling.state import scheduled_post_transition

    post = ScheduledPostFactory(
        content=content, backend="http", scheduled_at=timezone.now() + timedelta(hours=1), created_by=user
    )
    OutboxMessageFactory(scheduled_post=post, status=OutboxStatus.DELIVERED)
    return scheduled_post_transition(post_id=post.id, to_status=PostStatus.QUEUED, job_id=job_id).post


def schedule(client, content, capture, **extra) -> ScheduledPost:
    """Schedule ``content`` an hour ahead through the API, running the on-commit callbacks (``capture``:
    ``django_capture_on_commit_callbacks``); the post made."""
    body = {"content_id": str(content.id), "scheduled_at": (timezone.now() + timedelta(hours=1)).isoformat(), **extra}
    with capture(execute=True):
        response = client.post(SCHEDULE, body, format="json")
    assert response.status_code == 201, response.json()
    return ScheduledPost.objects.get(pk=response.json()["id"])


class Worker:
    """``manage.py db_worker`` in a subprocess, against this test's database."""

    def __init__(self, **env: str) -> None:
        db = connection.settings_dict
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        url = f"postgresql://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "apps.scheduling.tests.worker_settings",
            "DATABASE_URL": url,
            "SCHEDULER_SERVICE_TOKEN": TOKEN,
            "SCHEDULER_SWEEP_INTERVAL_SECONDS": "0.5",
            "API_BASE_URL": "http://api.test",
            **env,
        }
        self.process: subprocess.Popen | None = None

    def start(self, *, worker_id: str | None = None) -> "Worker":
        named = ["--worker-id", worker_id] if worker_id else []
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.1", "-v", "0", *named],
            cwd=Path(django_settings.BASE_DIR),
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return self

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
