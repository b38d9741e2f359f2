"""The local backend: publication at scheduled_at through the log or the signed webhook publisher,
driving the same states (and the same result code) as the Node.js callback."""

import hashlib
import hmac
import json
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from werkzeug.wrappers import Response

from apps.scheduling.models import OutboxMessage, ScheduledPost
from apps.scheduling.outbox import outbox_sweep

SCHEDULE = "/api/v1/scheduling/schedule/"
LIST = "/api/v1/scheduling/"
SECRET = "webhook-secret-for-tests"


def schedule_soon(client, content, capture, seconds=2.0) -> ScheduledPost:
    when = timezone.now() + timedelta(seconds=seconds)
    with capture(execute=True):
        response = client.post(
            SCHEDULE, {"content_id": str(content.id), "scheduled_at": when.isoformat()}, format="json"
        )
    assert response.status_code == 201, response.json()
    return ScheduledPost.objects.get(pk=response.json()["id"])


def sleep_until(moment) -> None:
    delay = (moment - timezone.now()).total_seconds()
    if delay > 0:
        time.sleep(delay + 0.05)


@pytest.fixture
def webhook(settings, httpserver):
    settings.SCHEDULER_PUBLISHER = "webhook"
    settings.SCHEDULER_PUBLISHER_WEBHOOK_URL = httpserver.url_for("/publish")
    settings.SCHEDULER_PUBLISHER_WEBHOOK_SECRET = SECRET
    settings.SCHEDULER_RETRY_BASE_SECONDS = 0.2
    settings.SCHEDULER_MAX_ATTEMPTS = 2
    return httpserver


@pytest.mark.django_db
def test_local_backend_queues_at_once_and_publishes_not_before_scheduled_at(
    auth_client, content, django_capture_on_commit_callbacks
):
    post = schedule_soon(auth_client, content, django_capture_on_commit_callbacks, seconds=1.0)
    post.refresh_from_db()
    assert (post.status, post.job_id) == ("queued", f"local:{post.id}")
    publish = OutboxMessage.objects.get(scheduled_post=post, kind="publish")
    assert publish.next_attempt_at == post.scheduled_at

    early = outbox_sweep()
    status_before = ScheduledPost.objects.get(pk=post.pk).status
    sleep_until(post.scheduled_at)
    outbox_sweep()
    post.refresh_from_db()

    assert early == {} and status_before == "queued"
    assert post.status == "published"
    assert post.platform_post_id == f"log-{post.id}"
    assert post.published_at >= post.scheduled_at


@pytest.mark.django_db
def test_local_backend_webhook_publisher_signs_the_body(
    auth_client, content, webhook, django_capture_on_commit_callbacks
):
    webhook.expect_oneshot_request("/publish", method="POST").respond_with_json({"platform_post_id": "wh-42"})
    post = schedule_soon(auth_client, content, django_capture_on_commit_callbacks, seconds=2.0)
    sleep_until(post.scheduled_at)

    outbox_sweep()

    [(request, _)] = webhook.log
    body = request.get_data()
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert request.headers["X-CaaS-Signature"] == expected
    assert request.headers["Idempotency-Key"] == f"publish:{post.id}"
    assert json.loads(body)["text"] == "Second version."
    post.refresh_from_db()
    assert (post.status, post.platform_post_id) == ("published", "wh-42")


@pytest.mark.django_db
def test_local_backend_webhook_failures_retry_then_fail_the_post(
    auth_client, content, webhook, django_capture_on_commit_callbacks
):
    webhook.expect_request("/publish", method="POST").respond_with_response(Response("down", status=500))
    post = schedule_soon(auth_client, content, django_capture_on_commit_callbacks, seconds=2.0)
    sleep_until(post.scheduled_at)

    outbox_sweep()
    time.sleep(0.3)
    outbox_sweep()

    post.refresh_from_db()
    assert post.status == "failed"
    assert "after 2 attempt(s)" in post.last_error and "500" in post.last_error
    assert len(webhook.log) == 2
    keys = {request.headers["Idempotency-Key"] for request, _ in webhook.log}
    assert keys == {f"publish:{post.id}"}


@pytest.mark.django_db
def test_local_backend_cancel_of_queued_post_stops_publication(
    auth_client, content, webhook, django_capture_on_commit_callbacks
):
    post = schedule_soon(auth_client, content, django_capture_on_commit_callbacks, seconds=2.0)

    response = auth_client.post(f"{LIST}{post.id}/cancel/")
    sleep_until(post.scheduled_at)
    outbox_sweep()

    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert OutboxMessage.objects.get(scheduled_post=post, kind="publish").status == "cancelled"
    assert webhook.log == []
