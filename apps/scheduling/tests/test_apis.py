"""Endpoints: schedule, list, detail, cancel, callback — happy paths, bad input, nothing changed."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.organizations.models import OrganizationMember
from apps.scheduling.models import OutboxMessage, ScheduledPost
from apps.scheduling.outbox import outbox_sweep
from tests.factories import ContentFactory
from tests.support.clients import client_for
from tests.support.organizations import organization_of
from tests.support.scheduling import TOKEN, make_queued

SCHEDULE = "/api/v1/scheduling/schedule/"
LIST = "/api/v1/scheduling/"
CALLBACK = "/api/v1/scheduling/callback/"


def in_(**kwargs) -> str:
    return (timezone.now() + timedelta(**kwargs)).isoformat()


def snapshot() -> list:
    posts = list(ScheduledPost.objects.order_by("id").values())
    messages = list(OutboxMessage.objects.order_by("id").values())
    return posts + messages


# ---------------------------------------------------------------------------
# schedule
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_scheduled_post_schedule_creates_pending_post_and_outbox_message(auth_client, content, user):
    when = in_(hours=2)
    response = auth_client.post(SCHEDULE, {"content_id": str(content.id), "scheduled_at": when}, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "pending"
    assert body["version"] == 2
    assert body["text"] == "Second version."
    assert body["platform"] == "twitter"
    assert body["backend"] == "local"
    assert body["job_id"] is None
    post = ScheduledPost.objects.get(pk=body["id"])
    assert post.created_by == user
    message = OutboxMessage.objects.get(scheduled_post=post)
    assert (message.kind, message.status, message.idempotency_key) == ("schedule", "pending", f"schedule:{post.id}")


@pytest.mark.django_db
def test_scheduled_post_schedule_takes_an_older_version_and_another_platform(auth_client, content):
    response = auth_client.post(
        SCHEDULE,
        {"content_id": str(content.id), "scheduled_at": in_(days=3), "version": 1, "platform": "linkedin"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert (response.json()["version"], response.json()["text"], response.json()["platform"]) == (
        1,
        "First version.",
        "linkedin",
    )


@pytest.mark.parametrize(
    ("scheduled_at", "field"),
    [
        ("2030-01-01T10:00:00", "scheduled_at"),  # naive
        ((datetime.now(UTC) - timedelta(minutes=1)).isoformat(), "scheduled_at"),  # past
        ((datetime.now(UTC) + timedelta(days=366)).isoformat(), "scheduled_at"),  # too far
        ("tomorrow", "scheduled_at"),
    ],
)
@pytest.mark.django_db
def test_scheduled_post_schedule_rejects_bad_datetimes(auth_client, content, scheduled_at, field):
    before = snapshot()

    response = auth_client.post(SCHEDULE, {"content_id": str(content.id), "scheduled_at": scheduled_at}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"
    assert field in response.json()["error"]["details"]
    assert snapshot() == before


@pytest.mark.django_db
def test_scheduled_post_schedule_rejects_unknown_version(auth_client, content):
    before = snapshot()

    response = auth_client.post(
        SCHEDULE, {"content_id": str(content.id), "scheduled_at": in_(hours=1), "version": 9}, format="json"
    )

    assert response.status_code == 400
    assert "version" in response.json()["error"]["details"]
    assert snapshot() == before


@pytest.mark.django_db
def test_scheduled_post_schedule_rejects_text_too_long_for_platform(auth_client, org, user):
    content = ContentFactory(organization=org, created_by=user, versions=("x" * 600,), platform="linkedin")

    response = auth_client.post(
        SCHEDULE, {"content_id": str(content.id), "scheduled_at": in_(hours=1), "platform": "twitter"}, format="json"
    )

    assert response.status_code == 400
    assert "platform" in response.json()["error"]["details"]
    assert not ScheduledPost.objects.exists()


@pytest.mark.django_db
def test_scheduled_post_schedule_hides_content_of_another_organization(auth_client, make_user, content):
    other = make_user(email="mallory@example.com")
    foreign = ContentFactory(organization=organization_of(other), created_by=other)
    before = snapshot()

    by_content = auth_client.post(
        SCHEDULE, {"content_id": str(foreign.id), "scheduled_at": in_(hours=1)}, format="json"
    )
    smuggled_org = auth_client.post(
        SCHEDULE,
        {"content_id": str(content.id), "scheduled_at": in_(hours=1), "organization_id": str(foreign.organization_id)},
        format="json",
    )
    unknown = auth_client.post(
        SCHEDULE,
        {"content_id": "00000000-0000-0000-0000-000000000000", "scheduled_at": in_(hours=1)},
        format="json",
    )

    assert [r.status_code for r in (by_content, smuggled_org, unknown)] == [404, 404, 404]
    assert by_content.json()["error"]["code"] == "not_found"
    assert snapshot() == before


@pytest.mark.django_db
def test_scheduled_post_schedule_refuses_viewer(make_user, content, org):
    viewer = make_user(email="viewer@example.com")
    OrganizationMember.objects.create(organization=org, user=viewer, role="viewer")

    response = client_for(viewer).post(
        SCHEDULE,
        {"content_id": str(content.id), "scheduled_at": in_(hours=1), "organization_id": str(org.id)},
        format="json",
    )

    assert response.status_code == 403
    assert not ScheduledPost.objects.exists()


@pytest.mark.django_db
def test_scheduled_post_schedule_refuses_the_same_slot_twice(auth_client, content):
    body = {"content_id": str(content.id), "scheduled_at": in_(hours=5)}
    assert auth_client.post(SCHEDULE, body, format="json").status_code == 201

    again = auth_client.post(SCHEDULE, body, format="json")

    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_scheduled"
    assert ScheduledPost.objects.count() == 1 and OutboxMessage.objects.count() == 1


@pytest.mark.django_db
def test_scheduled_post_schedule_answers_503_when_http_backend_not_configured(auth_client, content, settings):
    settings.SCHEDULER_BACKEND = "http"
    settings.SCHEDULER_SERVICE_TOKEN = ""

    response = auth_client.post(SCHEDULE, {"content_id": str(content.id), "scheduled_at": in_(hours=1)}, format="json")

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "scheduler_not_configured"
    assert not ScheduledPost.objects.exists()


@pytest.mark.parametrize("url", ["ftp://hooks.example.com/x", "file:///etc/passwd", "http://user:pw@h/x", "nohost"])
@pytest.mark.django_db
def test_scheduled_post_schedule_refuses_webhook_publisher_with_unsafe_url(auth_client, content, settings, url):
    settings.SCHEDULER_PUBLISHER = "webhook"
    settings.SCHEDULER_PUBLISHER_WEBHOOK_URL = url
    settings.SCHEDULER_PUBLISHER_WEBHOOK_SECRET = "s3cret"

    response = auth_client.post(SCHEDULE, {"content_id": str(content.id), "scheduled_at": in_(hours=1)}, format="json")

    assert response.status_code == 503
    assert not ScheduledPost.objects.exists()


# ---------------------------------------------------------------------------
# list and detail
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_scheduled_post_list_filters_and_paginates(auth_client, content, org, user, django_assert_num_queries):
    for hours in (1, 2, 3):
        auth_client.post(
            SCHEDULE,
            {"content_id": str(content.id), "scheduled_at": in_(hours=hours), "allow_duplicate": True},
            format="json",
        )
    linkedin = auth_client.post(
        SCHEDULE,
        {"content_id": str(content.id), "scheduled_at": in_(hours=4), "platform": "linkedin"},
        format="json",
    ).json()

    everything = auth_client.get(LIST, {"organization_id": str(org.id)}).json()
    by_platform = auth_client.get(LIST, {"platform": "linkedin"}).json()
    window = auth_client.get(LIST, {"scheduled_after": in_(minutes=90), "scheduled_before": in_(minutes=210)}).json()
    page = auth_client.get(LIST, {"page_size": 2, "page": 2}).json()

    assert everything["count"] == 4
    assert [p["id"] for p in by_platform["results"]] == [linkedin["id"]]
    assert window["count"] == 2
    assert len(page["results"]) == 2 and page["previous"]


@pytest.mark.django_db
def test_scheduled_post_list_query_count_is_constant(auth_client, content, org):
    for hours in range(1, 4):
        auth_client.post(
            SCHEDULE,
            {"content_id": str(content.id), "scheduled_at": in_(hours=hours), "allow_duplicate": True},
            format="json",
        )
    with CaptureQueriesContext(connection) as few:
        auth_client.get(LIST)
    for hours in range(4, 20):
        auth_client.post(
            SCHEDULE,
            {"content_id": str(content.id), "scheduled_at": in_(hours=hours), "allow_duplicate": True},
            format="json",
        )
    with CaptureQueriesContext(connection) as many:
        response = auth_client.get(LIST)

    assert response.json()["count"] == 19
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize(
    "params",
    [{"status": "nope"}, {"platform": "myspace"}, {"scheduled_after": "2030-01-01T00:00:00"}, {"organization_id": "x"}],
)
@pytest.mark.django_db
def test_scheduled_post_list_rejects_bad_filters(auth_client, params):
    response = auth_client.get(LIST, params)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"


@pytest.mark.django_db
def test_scheduled_post_list_hides_other_organizations(auth_client, make_user):
    other = make_user(email="mallory@example.com")
    foreign = ContentFactory(organization=organization_of(other), created_by=other)
    client_for(other).post(SCHEDULE, {"content_id": str(foreign.id), "scheduled_at": in_(hours=1)}, format="json")

    assert auth_client.get(LIST, {"organization_id": str(foreign.organization_id)}).status_code == 404
    assert auth_client.get(LIST).json()["count"] == 0


@pytest.mark.django_db
def test_scheduled_post_detail_shows_job_and_attempts(auth_client, content, user, make_user):
    post = make_queued(user=user, content=content, job_id="bull_job_9")

    body = auth_client.get(f"{LIST}{post.id}/").json()
    stranger = client_for(make_user(email="eve@example.com")).get(f"{LIST}{post.id}/")

    assert (body["status"], body["job_id"], body["platform_post_id"], body["last_error"]) == (
        "queued",
        "bull_job_9",
        "",
        "",
    )
    assert body["attempts"] == 0
    assert stranger.status_code == 404


# ---------------------------------------------------------------------------
# cancel (local backend; the http backend is in test_http_backend.py)
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_scheduled_post_cancel_before_delivery_stops_it(auth_client, content, django_capture_on_commit_callbacks):
    post_id = auth_client.post(
        SCHEDULE, {"content_id": str(content.id), "scheduled_at": in_(seconds=30)}, format="json"
    ).json()["id"]

    response = auth_client.post(f"{LIST}{post_id}/cancel/")
    again = auth_client.post(f"{LIST}{post_id}/cancel/")
    outbox_sweep()

    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert again.status_code == 200 and again.json()["status"] == "cancelled"
    assert OutboxMessage.objects.get(scheduled_post_id=post_id).status == "cancelled"
    assert ScheduledPost.objects.get(pk=post_id).status == "cancelled"


@pytest.mark.django_db
def test_scheduled_post_cancel_refuses_published_post(auth_client, api_client, token, content, user):
    post = make_queued(user=user, content=content)
    callback = {"job_id": post.job_id, "content_id": str(content.id), "status": "published", "platform_post_id": "1"}
    api_client.post(CALLBACK, callback, format="json", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    post.refresh_from_db()
    before = snapshot()

    response = auth_client.post(f"{LIST}{post.id}/cancel/")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invalid_transition"
    assert snapshot() == before


@pytest.mark.django_db
def test_scheduled_post_cancel_refuses_viewer_and_stranger(auth_client, content, org, make_user):
    post_id = auth_client.post(
        SCHEDULE, {"content_id": str(content.id), "scheduled_at": in_(hours=1)}, format="json"
    ).json()["id"]
    viewer = make_user(email="viewer@example.com")
    OrganizationMember.objects.create(organization=org, user=viewer, role="viewer")
    before = snapshot()

    assert client_for(viewer).post(f"{LIST}{post_id}/cancel/").status_code == 403
    assert client_for(make_user(email="eve@example.com")).post(f"{LIST}{post_id}/cancel/").status_code == 404
    assert snapshot() == before


# ---------------------------------------------------------------------------
# callback
# ---------------------------------------------------------------------------
@pytest.fixture
def token(settings):
    settings.SCHEDULER_SERVICE_TOKEN = TOKEN
    return TOKEN


def callback(client, body, token=TOKEN):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token is not None else {}
    return client.post(CALLBACK, body, format="json", **headers)


@pytest.mark.django_db
def test_scheduler_callback_publishes_once_and_repeats_idempotently(api_client, token, content, user):
    post = make_queued(user=user, content=content)
    body = {"job_id": post.job_id, "content_id": str(content.id), "status": "published", "platform_post_id": "12345"}

    first = callback(api_client, body)
    post.refresh_from_db()
    published_at = post.published_at
    second = callback(api_client, body)
    post.refresh_from_db()

    assert first.status_code == 200 and first.json() == {"id": str(post.id), "status": "published", "changed": True}
    assert second.status_code == 200 and second.json()["changed"] is False
    assert (post.status, post.platform_post_id, post.published_at) == ("published", "12345", published_at)


@pytest.mark.django_db
def test_scheduler_callback_records_failure_with_reason(api_client, token, content, user):
    post = make_queued(user=user, content=content)

    response = callback(
        api_client, {"job_id": post.job_id, "content_id": str(content.id), "status": "failed", "error": "rate limit"}
    )
    post.refresh_from_db()

    assert response.status_code == 200
    assert (post.status, post.last_error) == ("failed", "rate limit")


@pytest.mark.parametrize(
    ("token_setting", "sent"),
    [(TOKEN, None), (TOKEN, "wrong-token"), (TOKEN, ""), ("", ""), ("", "anything")],
)
@pytest.mark.django_db
def test_scheduler_callback_refuses_missing_or_wrong_token(api_client, settings, content, user, token_setting, sent):
    settings.SCHEDULER_SERVICE_TOKEN = token_setting
    post = make_queued(user=user, content=content)
    before = snapshot()
    body = {"job_id": post.job_id, "content_id": str(content.id), "status": "published", "platform_post_id": "1"}

    response = callback(api_client, body, token=sent)

    assert response.status_code == 401
    assert response.json()["error"]["code"] in {"authentication_failed", "not_authenticated"}
    assert snapshot() == before


@pytest.mark.django_db
def test_scheduler_callback_refuses_user_jwt(auth_client, token, content, user):
    post = make_queued(user=user, content=content)
    before = snapshot()

    response = auth_client.post(
        CALLBACK, {"job_id": post.job_id, "content_id": str(content.id), "status": "published"}, format="json"
    )

    assert response.status_code == 401
    assert snapshot() == before


@pytest.mark.django_db
def test_scheduler_callback_rejects_bad_input(api_client, token, content, user, make_user):
    post = make_queued(user=user, content=content)
    other = ContentFactory(organization=content.organization, created_by=user)
    before = snapshot()

    unknown_status = callback(api_client, {"job_id": post.job_id, "content_id": str(content.id), "status": "done"})
    mismatch = callback(api_client, {"job_id": post.job_id, "content_id": str(other.id), "status": "published"})
    unknown_job = callback(api_client, {"job_id": "nope", "content_id": str(content.id), "status": "published"})
    malformed = callback(api_client, {"job_id": post.job_id})

    assert (unknown_status.status_code, unknown_status.json()["error"]["code"]) == (400, "validation_error")
    assert "status" in unknown_status.json()["error"]["details"]
    assert (mismatch.status_code, mismatch.json()["error"]["code"]) == (400, "content_mismatch")
    assert (unknown_job.status_code, unknown_job.json()["error"]["code"]) == (404, "not_found")
    assert malformed.status_code == 400
    assert snapshot() == before


@pytest.mark.django_db
def test_scheduler_callback_answers_409_for_impossible_transition(api_client, token, content, user):
    post = make_queued(user=user, content=content)
    callback(api_client, {"job_id": post.job_id, "content_id": str(content.id), "status": "failed", "error": "x"})
    before = snapshot()

    published_after_failed = callback(
        api_client, {"job_id": post.job_id, "content_id": str(content.id), "status": "published"}
    )
    unchanged = snapshot() == before
    second = make_queued(user=user, content=content, job_id="job-2")
    callback(
        api_client, {"job_id": "job-2", "content_id": str(content.id), "status": "published", "platform_post_id": "a"}
    )
    conflicting = callback(
        api_client, {"job_id": "job-2", "content_id": str(content.id), "status": "published", "platform_post_id": "b"}
    )

    assert published_after_failed.status_code == 409
    assert published_after_failed.json()["error"]["code"] == "invalid_transition"
    assert published_after_failed.json()["error"]["details"] == {"from": "failed", "to": "published"}
    assert unchanged
    assert conflicting.status_code == 409
    second.refresh_from_db()
    assert (second.status, second.platform_post_id) == ("published", "a")


@pytest.mark.django_db
def test_scheduler_callback_on_cancelled_post_is_409(api_client, token, auth_client, content):
    post_id = auth_client.post(
        SCHEDULE, {"content_id": str(content.id), "scheduled_at": in_(hours=1)}, format="json"
    ).json()["id"]
    ScheduledPost.objects.filter(pk=post_id).update(job_id="job-c")  # as if the scheduler had it
    auth_client.post(f"{LIST}{post_id}/cancel/")
    before = snapshot()

    response = callback(api_client, {"job_id": "job-c", "content_id": str(content.id), "status": "published"})

    assert response.status_code == 409
    assert snapshot() == before
