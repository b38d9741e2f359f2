"""Scheduling emits ``post.scheduled`` with the post and its outbox message, and ``post.published``,
``post.failed``, ``post.cancelled`` from the state machine (one event per real transition)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.scheduling.models import PostStatus
from apps.scheduling.services import scheduled_post_cancel, scheduled_post_create
from apps.scheduling.state import scheduled_post_apply_result
from apps.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.support.scheduling import make_queued

pytestmark = pytest.mark.django_db


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("occurred_at").values_list("action", flat=True))


@pytest.fixture
def endpoint(org):
    return WebhookEndpoint.objects.create(
        organization=org,
        url="https://hooks.example.com/in",
        event_types=["post.scheduled", "post.cancelled", "post.published", "post.failed"],
        secret="whsec_x",
    )


def test_scheduling_and_cancelling_are_audited_and_sent_to_webhooks(user, content, endpoint, scheduler_settings):
    post = scheduled_post_create(user=user, content_id=content.pk, scheduled_at=timezone.now() + timedelta(hours=2))
    scheduled_post_cancel(user=user, post_id=post.pk)
    scheduled_post_cancel(user=user, post_id=post.pk)  # idempotent repeat: no second event

    assert actions() == ["post.scheduled", "post.cancelled"]
    assert set(AuditEntry.objects.values_list("actor_user_id", flat=True)) == {user.pk}
    deliveries = list(WebhookDelivery.objects.order_by("sequence").values_list("event_type", "payload"))
    assert [t for t, _ in deliveries] == ["post.scheduled", "post.cancelled"]
    assert deliveries[1][1]["data"]["scheduled_post_id"] == str(post.pk)
    assert deliveries[1][1]["data"]["status"] == PostStatus.CANCELLED


def test_publication_and_failure_results_are_events_of_the_system(user, content, endpoint, make_user):
    published = make_queued(user=user, content=content, job_id="job-ok")
    failed = make_queued(user=user, content=content, job_id="job-ko")

    scheduled_post_apply_result(job_id="job-ok", content_id=content.pk, status="published", platform_post_id="tw-1")
    scheduled_post_apply_result(job_id="job-ko", content_id=content.pk, status="failed", error="token expired")
    scheduled_post_apply_result(job_id="job-ok", content_id=content.pk, status="published", platform_post_id="tw-1")

    assert actions() == ["post.published", "post.failed"]
    failure = AuditEntry.objects.get(action="post.failed")
    assert (failure.target_id, failure.actor_type, failure.data["error"]) == (str(failed.pk), "system", "token expired")
    assert AuditEntry.objects.get(action="post.published").data["platform_post_id"] == "tw-1"
    assert WebhookDelivery.objects.filter(
        event_type="post.published", payload__data__scheduled_post_id=str(published.pk)
    ).exists()
