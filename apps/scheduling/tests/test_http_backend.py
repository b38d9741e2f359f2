"""The http backend against a local fake of the Node.js scheduler: delivery, retries with backoff,
final failure, duplicates with the same Idempotency-Key, cancel before and after delivery."""

import time

import httpx
import pytest
from asgiref.sync import async_to_sync
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.utils import timezone

from apps.scheduling.client import SchedulerClient
from apps.scheduling.exceptions import AlreadyPublished, SchedulerError, SchedulerUnavailable
from apps.scheduling.models import OutboxMessage, ScheduledPost
from apps.scheduling.outbox import outbox_claim, outbox_sweep
from tests.support.scheduling import TOKEN, schedule

LIST = "/api/v1/scheduling/"


def wait_until_due(post: ScheduledPost) -> None:
    message = OutboxMessage.objects.get(scheduled_post=post, kind="schedule")
    delay = (message.next_attempt_at - timezone.now()).total_seconds()
    if delay > 0:
        time.sleep(delay + 0.05)


@pytest.mark.django_db
def test_outbox_delivers_schedule_to_scheduler_with_contract_headers(
    auth_client, content, fake_scheduler, django_capture_on_commit_callbacks
):
    post = schedule(auth_client, content, django_capture_on_commit_callbacks)

    post.refresh_from_db()
    assert post.status == "queued"
    [request] = fake_scheduler.requests
    assert (request["method"], request["path"]) == ("POST", "/jobs")
    assert request["auth"] == f"Bearer {TOKEN}"
    assert request["key"] == f"schedule:{post.id}"
    assert request["content_type"] == "application/json"
    assert request["body"] == {
        "scheduled_post_id": str(post.id),
        "content_id": str(content.id),
        "organization_id": str(content.organization_id),
        "user_id": str(post.created_by_id),
        "platform": "twitter",
        "scheduled_at": post.scheduled_at.isoformat(),
        "text": "Second version.",
        "callback_url": "http://api.test/api/v1/scheduling/callback/",
        "media": [],
        "media_url": f"http://api.test/api/v1/scheduling/{post.id}/media/",
    }
    assert post.job_id == fake_scheduler.job_by_key[request["key"]]
    assert post.attempts == 1
    assert OutboxMessage.objects.get(scheduled_post=post).status == "delivered"


@pytest.mark.django_db
def test_outbox_retries_with_backoff_then_fails_the_post_with_reason(
    auth_client, content, fake_scheduler, django_capture_on_commit_callbacks
):
    fake_scheduler.fail_with = 503
    post = schedule(auth_client, content, django_capture_on_commit_callbacks)
    message = OutboxMessage.objects.get(scheduled_post=post)
    gaps = [(message.next_attempt_at - message.updated_at).total_seconds()]

    assert outbox_sweep() == {}  # not due yet: nothing is sent early
    for _ in range(2):
        wait_until_due(post)
        with django_capture_on_commit_callbacks(execute=True):
            outbox_sweep()
        message.refresh_from_db()
        gaps.append((message.next_attempt_at - message.updated_at).total_seconds())

    post.refresh_from_db()
    assert [round(g) for g in gaps[:2]] == [1, 2]  # base 1 s, doubled
    assert (message.status, message.attempts) == ("failed", 3)
    assert post.status == "failed"
    assert "after 3 attempt(s)" in post.last_error and "503" in post.last_error
    assert fake_scheduler.keys() == {f"schedule:{post.id}": 3}
    assert post.job_id is None


@pytest.mark.django_db
def test_outbox_does_not_retry_a_permanent_refusal(
    auth_client, content, fake_scheduler, django_capture_on_commit_callbacks
):
    fake_scheduler.fail_with = 422

    post = schedule(auth_client, content, django_capture_on_commit_callbacks)

    post.refresh_from_db()
    assert post.status == "failed" and "422" in post.last_error
    assert OutboxMessage.objects.get(scheduled_post=post).attempts == 1


@pytest.mark.django_db
def test_outbox_retry_after_timeout_reuses_key_and_creates_one_job(
    auth_client, content, fake_scheduler, scheduler_settings, django_capture_on_commit_callbacks
):
    scheduler_settings.SCHEDULER_TIMEOUT_SECONDS = 0.3
    fake_scheduler.delay_seconds = 0.8  # the job is created, the reply comes too late

    post = schedule(auth_client, content, django_capture_on_commit_callbacks)
    post.refresh_from_db()
    assert post.status == "pending" and "did not answer" in post.last_error
    fake_scheduler.delay_seconds = 0
    wait_until_due(post)
    outbox_sweep()

    post.refresh_from_db()
    assert post.status == "queued"
    assert fake_scheduler.keys() == {f"schedule:{post.id}": 2}
    assert fake_scheduler.jobs_created() == 1
    assert post.job_id == fake_scheduler.job_by_key[f"schedule:{post.id}"]


@pytest.mark.django_db
def test_outbox_concurrent_claim_is_refused(auth_client, content, fake_scheduler, django_capture_on_commit_callbacks):
    fake_scheduler.fail_with = 503
    post = schedule(auth_client, content, django_capture_on_commit_callbacks)
    message = OutboxMessage.objects.get(scheduled_post=post)
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())

    first = outbox_claim(message_id=message.pk)
    second = outbox_claim(message_id=message.pk)

    assert (first, second) == (2, None)


@pytest.mark.django_db
def test_cancel_before_delivery_stops_it(auth_client, content, fake_scheduler, django_capture_on_commit_callbacks):
    fake_scheduler.fail_with = 503
    post = schedule(auth_client, content, django_capture_on_commit_callbacks)
    fake_scheduler.fail_with = None

    response = auth_client.post(f"{LIST}{post.id}/cancel/")
    wait_until_due(post)
    outbox_sweep()

    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert OutboxMessage.objects.get(scheduled_post=post).status == "cancelled"
    assert fake_scheduler.jobs_created() == 0
    assert [r["method"] for r in fake_scheduler.requests] == ["POST"]  # only the failed first attempt


@pytest.mark.django_db
def test_cancel_while_delivery_in_flight_is_409(
    auth_client, content, fake_scheduler, django_capture_on_commit_callbacks
):
    fake_scheduler.fail_with = 503
    post = schedule(auth_client, content, django_capture_on_commit_callbacks)
    message = OutboxMessage.objects.get(scheduled_post=post)
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    outbox_claim(message_id=message.pk)  # a worker holds it right now

    response = auth_client.post(f"{LIST}{post.id}/cancel/")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "delivery_in_progress"
    assert ScheduledPost.objects.get(pk=post.pk).status == "pending"


@pytest.mark.django_db
def test_cancel_after_delivery_asks_scheduler_and_waits_for_confirmation(
    auth_client, content, fake_scheduler, django_capture_on_commit_callbacks
):
    post = schedule(auth_client, content, django_capture_on_commit_callbacks)
    post.refresh_from_db()

    response = auth_client.post(f"{LIST}{post.id}/cancel/")

    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    delete = fake_scheduler.requests[-1]
    assert (delete["method"], delete["path"], delete["key"]) == ("DELETE", f"/jobs/{post.job_id}", f"cancel:{post.id}")
    assert fake_scheduler.jobs[post.job_id]["state"] == "cancelled"
    assert OutboxMessage.objects.get(scheduled_post=post, kind="cancel").status == "delivered"


@pytest.mark.django_db
def test_cancel_after_delivery_answers_409_when_scheduler_says_already_out(
    auth_client, content, fake_scheduler, django_capture_on_commit_callbacks
):
    post = schedule(auth_client, content, django_capture_on_commit_callbacks)
    fake_scheduler.cancel_status = 409

    response = auth_client.post(f"{LIST}{post.id}/cancel/")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "already_published"
    assert ScheduledPost.objects.get(pk=post.pk).status == "queued"


@pytest.mark.django_db
def test_cancel_after_delivery_with_scheduler_down_is_502_and_changes_nothing_then_succeeds(
    auth_client, content, fake_scheduler, django_capture_on_commit_callbacks
):
    post = schedule(auth_client, content, django_capture_on_commit_callbacks)
    fake_scheduler.fail_with = 503

    down = auth_client.post(f"{LIST}{post.id}/cancel/")
    status_while_down = ScheduledPost.objects.get(pk=post.pk).status
    fake_scheduler.fail_with = None
    back = auth_client.post(f"{LIST}{post.id}/cancel/")

    assert (down.status_code, down.json()["error"]["code"]) == (502, "scheduler_unavailable")
    assert status_while_down == "queued"
    assert back.status_code == 200 and back.json()["status"] == "cancelled"
    deletes = [r["key"] for r in fake_scheduler.requests if r["method"] == "DELETE"]
    assert deletes == [f"cancel:{post.id}", f"cancel:{post.id}"]


@pytest.mark.django_db
def test_admin_retry_action_restarts_a_failed_delivery(
    auth_client, content, fake_scheduler, django_capture_on_commit_callbacks, admin_client
):
    fake_scheduler.fail_with = 422
    post = schedule(auth_client, content, django_capture_on_commit_callbacks)
    assert ScheduledPost.objects.get(pk=post.pk).status == "failed"
    fake_scheduler.fail_with = None
    message = OutboxMessage.objects.get(scheduled_post=post)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/scheduling/outboxmessage/",
            {"action": "retry_failed_deliveries", ACTION_CHECKBOX_NAME: [str(message.pk)]},
        )

    assert response.status_code == 302
    post.refresh_from_db()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("delivered", 1)
    assert post.status == "queued" and post.job_id


@pytest.mark.django_db
def test_admin_lists_and_searches_scheduled_posts(
    admin_client, auth_client, content, fake_scheduler, django_capture_on_commit_callbacks
):
    post = schedule(auth_client, content, django_capture_on_commit_callbacks)
    post.refresh_from_db()

    posts = admin_client.get("/admin/scheduling/scheduledpost/", {"q": post.job_id, "status__exact": "queued"})
    messages = admin_client.get("/admin/scheduling/outboxmessage/", {"q": post.job_id, "status__exact": "delivered"})
    detail = admin_client.get(f"/admin/scheduling/scheduledpost/{post.pk}/change/")

    assert posts.status_code == 200 and post.job_id in posts.content.decode()
    message = OutboxMessage.objects.get(scheduled_post=post)
    assert messages.status_code == 200 and str(message.id) in messages.content.decode()
    assert detail.status_code == 200


# ---------------------------------------------------------------------------
# The client alone (respx at the HTTP boundary)
# ---------------------------------------------------------------------------
def test_scheduler_client_maps_answers(respx_mock):
    client = SchedulerClient(base_url="http://sched.test", token="t", timeout=1)
    respx_mock.post("http://sched.test/jobs").mock(return_value=httpx.Response(201, json={"nope": 1}))
    respx_mock.delete("http://sched.test/jobs/a%2Fb").mock(return_value=httpx.Response(404))
    respx_mock.delete("http://sched.test/jobs/gone").mock(return_value=httpx.Response(409))
    respx_mock.delete("http://sched.test/jobs/bad").mock(return_value=httpx.Response(400, text="bad"))
    respx_mock.delete("http://sched.test/jobs/busy").mock(return_value=httpx.Response(429))

    with pytest.raises(SchedulerUnavailable):  # 2xx without job_id: retry (same key) later
        async_to_sync(client.schedule_post)(
            content_id="c",
            platform="twitter",
            scheduled_at="2030-01-01T00:00:00Z",
            org_id="o",
            text="t",
            scheduled_post_id="p",
            idempotency_key="k",
            callback_url="http://cb",
        )
    async_to_sync(client.cancel)(job_id="a/b", idempotency_key="k")  # 404: the job is gone, nothing will be published
    with pytest.raises(AlreadyPublished):
        async_to_sync(client.cancel)(job_id="gone", idempotency_key="k")
    with pytest.raises(SchedulerError) as permanent:
        async_to_sync(client.cancel)(job_id="bad", idempotency_key="k")
    with pytest.raises(SchedulerError) as busy:
        async_to_sync(client.cancel)(job_id="busy", idempotency_key="k")

    assert permanent.value.retryable is False
    assert busy.value.retryable is True
