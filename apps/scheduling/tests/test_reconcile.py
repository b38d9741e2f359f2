"""Reconciliation of queued posts whose callback never came, against the fake Node.js scheduler
answering ``GET /jobs/{job_id}``: published, failed, unknown (404), still waiting, and down."""

from datetime import timedelta

import httpx
import pytest
from asgiref.sync import async_to_sync
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.utils import timezone

from apps.scheduling.client import SchedulerClient
from apps.scheduling.exceptions import SchedulerUnavailable
from apps.scheduling.models import OutboxKind, OutboxMessage, OutboxStatus, ScheduledPost
from apps.scheduling.outbox import scheduling_sweep
from apps.scheduling.reconcile import scheduled_post_reconcile, scheduled_posts_reconcile
from tests.support.scheduling import TOKEN, schedule

CALLBACK = "/api/v1/scheduling/callback/"
GRACE = 60
ATTEMPTS = 3


@pytest.fixture
def reconcile_settings(scheduler_settings):
    scheduler_settings.SCHEDULER_RECONCILE_GRACE_SECONDS = GRACE
    scheduler_settings.SCHEDULER_RECONCILE_ATTEMPTS = ATTEMPTS
    return scheduler_settings


@pytest.fixture
def queued(auth_client, content, fake_scheduler, reconcile_settings, django_capture_on_commit_callbacks):
    """A post the fake scheduler accepted; ``overdue(post, seconds)`` moves its scheduled_at into the past."""
    post = schedule(auth_client, content, django_capture_on_commit_callbacks)
    post.refresh_from_db()
    assert post.status == "queued" and post.job_id in fake_scheduler.jobs
    return post


def overdue(post: ScheduledPost, seconds: float) -> ScheduledPost:
    ScheduledPost.objects.filter(pk=post.pk).update(scheduled_at=timezone.now() - timedelta(seconds=seconds))
    post.refresh_from_db()
    return post


def gets(fake) -> list[str]:
    return [r["path"] for r in fake.requests if r["method"] == "GET"]


@pytest.mark.django_db
def test_reconcile_applies_published_reported_by_scheduler_like_the_callback(queued, fake_scheduler, api_client):
    fake_scheduler.set_state(queued.job_id, "published", platform_post_id="tw_42")
    overdue(queued, GRACE + 5)

    assert scheduled_posts_reconcile() == {"published": 1}

    queued.refresh_from_db()
    assert (queued.status, queued.platform_post_id, queued.last_error) == ("published", "tw_42", "")
    [request] = [r for r in fake_scheduler.requests if r["method"] == "GET"]
    assert request["path"] == f"/jobs/{queued.job_id}"
    assert request["auth"] == f"Bearer {TOKEN}"
    # The callback arriving late is the same transition: an idempotent success, nothing changes.
    late = api_client.post(
        CALLBACK,
        {
            "job_id": queued.job_id,
            "content_id": str(queued.content_id),
            "status": "published",
            "platform_post_id": "tw_42",
        },
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
    )
    assert late.status_code == 200 and late.json()["changed"] is False


@pytest.mark.django_db
def test_reconcile_applies_failed_reported_by_scheduler_with_its_error(queued, fake_scheduler, auth_client):
    fake_scheduler.set_state(queued.job_id, "failed", error="Twitter API: 403 duplicate")
    overdue(queued, GRACE + 5)

    assert scheduled_posts_reconcile() == {"failed": 1}

    detail = auth_client.get(f"/api/v1/scheduling/{queued.id}/").json()
    assert detail["status"] == "failed"
    assert detail["last_error"] == "Twitter API: 403 duplicate"
    assert detail["failed_at"] is not None


@pytest.mark.django_db
def test_reconcile_fails_post_whose_job_the_scheduler_does_not_know(queued, fake_scheduler, auth_client):
    fake_scheduler.forget(queued.job_id)
    overdue(queued, GRACE + 5)

    assert scheduled_posts_reconcile() == {"failed": 1}

    detail = auth_client.get(f"/api/v1/scheduling/{queued.id}/").json()
    assert detail["status"] == "failed"
    assert "No callback from the scheduler" in detail["last_error"]
    assert "404" in detail["last_error"]


@pytest.mark.django_db
def test_reconcile_scheduler_down_keeps_post_queued_until_grace_times_attempts_then_fails(
    queued, fake_scheduler, auth_client
):
    fake_scheduler.fail_with = 503
    overdue(queued, GRACE + 5)

    assert scheduled_posts_reconcile() == {"waiting": 1}
    queued.refresh_from_db()
    assert queued.status == "queued"
    assert "checking its job failed" in queued.last_error
    assert scheduled_posts_reconcile() == {}  # checked within the grace: not asked again yet

    overdue(queued, GRACE * ATTEMPTS + 1)
    ScheduledPost.objects.filter(pk=queued.pk).update(
        reconcile_checked_at=timezone.now() - timedelta(seconds=GRACE + 1)
    )
    assert scheduled_posts_reconcile() == {"failed": 1}

    detail = auth_client.get(f"/api/v1/scheduling/{queued.id}/").json()
    assert detail["status"] == "failed"
    assert f"No callback from the scheduler within {GRACE * ATTEMPTS}s after scheduled_at" in detail["last_error"]
    assert len(gets(fake_scheduler)) == 2


@pytest.mark.django_db
def test_reconcile_scheduler_unreachable_past_deadline_fails_post(queued, fake_scheduler):
    fake_scheduler.stop()  # connection refused
    overdue(queued, GRACE * ATTEMPTS + 1)

    assert scheduled_posts_reconcile() == {"failed": 1}

    queued.refresh_from_db()
    assert queued.status == "failed"
    assert "did not answer about the job" in queued.last_error


@pytest.mark.django_db
def test_reconcile_job_still_waiting_past_deadline_is_cancelled_at_scheduler_then_failed(queued, fake_scheduler):
    overdue(queued, GRACE + 5)
    assert scheduled_posts_reconcile() == {"waiting": 1}
    queued.refresh_from_db()
    assert (queued.status, queued.last_error) == (
        "queued",
        "No callback from the scheduler yet; it reports the job waiting.",
    )

    overdue(queued, GRACE * ATTEMPTS + 1)
    ScheduledPost.objects.filter(pk=queued.pk).update(reconcile_checked_at=None)
    assert scheduled_posts_reconcile() == {"failed": 1}

    queued.refresh_from_db()
    assert queued.status == "failed"
    assert fake_scheduler.jobs[queued.job_id]["state"] == "cancelled"  # it cannot go out behind our back
    assert fake_scheduler.keys("DELETE") == {f"reconcile-cancel:{queued.id}": 1}


@pytest.mark.django_db
def test_reconcile_job_publishing_at_deadline_stays_queued_when_cancel_is_too_late(queued, fake_scheduler):
    fake_scheduler.cancel_status = 409
    overdue(queued, GRACE * ATTEMPTS + 1)

    assert scheduled_posts_reconcile() == {"waiting": 1}

    queued.refresh_from_db()
    assert queued.status == "queued"
    assert "publishing" in queued.last_error


@pytest.mark.django_db
def test_reconcile_leaves_posts_within_the_grace_alone(queued, fake_scheduler):
    overdue(queued, GRACE - 10)

    assert scheduled_posts_reconcile() == {}

    assert gets(fake_scheduler) == []
    queued.refresh_from_db()
    assert queued.status == "queued" and queued.reconcile_checked_at is None


@pytest.mark.django_db
def test_reconcile_checks_at_most_one_batch_per_run(
    auth_client, content, fake_scheduler, reconcile_settings, django_capture_on_commit_callbacks
):
    posts = []
    for i in range(3):
        post = schedule(
            auth_client, content, django_capture_on_commit_callbacks, platform=["twitter", "linkedin", "threads"][i]
        )
        posts.append(overdue(post, GRACE + 5 + i))
    reconcile_settings.SCHEDULER_RECONCILE_BATCH_SIZE = 2

    assert scheduled_posts_reconcile() == {"waiting": 2}
    assert scheduled_posts_reconcile() == {"waiting": 1}
    assert scheduled_posts_reconcile() == {}
    assert len(gets(fake_scheduler)) == 3


@pytest.mark.django_db
def test_reconcile_runs_in_the_scheduling_sweep(queued, fake_scheduler):
    fake_scheduler.set_state(queued.job_id, "published", platform_post_id="p1")
    overdue(queued, GRACE + 5)

    outcomes = scheduling_sweep.call()

    assert outcomes == {"reconciled_published": 1}
    queued.refresh_from_db()
    assert queued.status == "published"


@pytest.mark.django_db
def test_reconcile_after_callback_changes_nothing(queued, fake_scheduler, api_client):
    overdue(queued, GRACE + 5)
    api_client.post(
        CALLBACK,
        {"job_id": queued.job_id, "content_id": str(queued.content_id), "status": "failed", "error": "boom"},
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
    )

    assert scheduled_posts_reconcile() == {}
    assert scheduled_post_reconcile(post_id=queued.id, force=True) == "skipped"
    assert gets(fake_scheduler) == []


@pytest.mark.django_db
def test_reconcile_local_backend_leaves_live_publication_to_the_outbox(
    auth_client, content, reconcile_settings, django_capture_on_commit_callbacks
):
    reconcile_settings.SCHEDULER_BACKEND = "local"
    post = schedule(auth_client, content, django_capture_on_commit_callbacks)
    post.refresh_from_db()
    assert post.status == "queued"
    overdue(post, GRACE * ATTEMPTS + 1)  # its publish message is still pending (the worker was away)

    assert scheduled_posts_reconcile() == {"waiting": 1}
    post.refresh_from_db()
    assert post.status == "queued"

    # No live message left (nothing can publish it any more): the same rule fails it.
    OutboxMessage.objects.filter(scheduled_post=post, kind=OutboxKind.PUBLISH).update(status=OutboxStatus.CANCELLED)
    ScheduledPost.objects.filter(pk=post.pk).update(reconcile_checked_at=None)
    assert scheduled_posts_reconcile() == {"failed": 1}
    post.refresh_from_db()
    assert post.status == "failed" and "No publication recorded" in post.last_error


@pytest.mark.django_db
def test_admin_overdue_filter_and_reconcile_now_action(queued, fake_scheduler, admin_client):
    overdue(queued, GRACE + 5)
    fake_scheduler.set_state(queued.job_id, "published", platform_post_id="p9")

    listing = admin_client.get("/admin/scheduling/scheduledpost/", {"overdue": "yes"})
    response = admin_client.post(
        "/admin/scheduling/scheduledpost/",
        {"action": "reconcile_now", ACTION_CHECKBOX_NAME: [str(queued.pk)]},
        follow=True,
    )

    assert listing.status_code == 200 and str(queued.pk) in listing.content.decode()
    assert "Reconciled: 1 published." in response.content.decode()
    queued.refresh_from_db()
    assert queued.status == "published"


@pytest.mark.django_db
def test_admin_reconcile_now_before_the_grace_asks_the_scheduler(queued, fake_scheduler, admin_client):
    fake_scheduler.forget(queued.job_id)  # lost by the scheduler an hour before publication

    admin_client.post(
        "/admin/scheduling/scheduledpost/",
        {"action": "reconcile_now", ACTION_CHECKBOX_NAME: [str(queued.pk)]},
    )

    queued.refresh_from_db()
    assert queued.status == "failed" and "404" in queued.last_error


def test_scheduler_client_job_state_refuses_an_unknown_status():
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"status": "sleeping"}))
    client = SchedulerClient(base_url="http://s", token="t", transport=transport)

    with pytest.raises(SchedulerUnavailable):
        async_to_sync(client.job_state)(job_id="j1")


def test_scheduler_client_job_state_sends_no_idempotency_key_and_encodes_the_id():
    seen = []

    def handler(request):
        seen.append(request)
        return httpx.Response(200, json={"job_id": "a/b", "status": "published", "platform_post_id": 7})

    client = SchedulerClient(base_url="http://s", token="t", transport=httpx.MockTransport(handler))
    state = async_to_sync(client.job_state)(job_id="a/b")

    assert (state.status, state.platform_post_id) == ("published", "7")
    assert seen[0].url.raw_path == b"/jobs/a%2Fb"
    assert "Idempotency-Key" not in seen[0].headers
