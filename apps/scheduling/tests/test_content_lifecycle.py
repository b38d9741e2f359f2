"""Scheduling meets the content lifecycle and duplicate detection: deleting content cancels its
posts through the cancel path (the scheduler told through the outbox), trashed content is purged
only once its posts are finished, archived or trashed content is not scheduled, and the same text
on the same platform within the window is 409 duplicate_post unless allow_duplicate."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.content.models import Content
from apps.content.services import content_trash_purge
from apps.organizations.models import OrganizationMember
from apps.scheduling.duplicates import text_hash, text_normalize
from apps.scheduling.models import OutboxMessage, ScheduledPost
from apps.scheduling.outbox import outbox_claim, outbox_message_deliver
from tests.factories import ContentFactory
from tests.support.clients import client_for
from tests.support.scheduling import schedule

SCHEDULE = "/api/v1/scheduling/schedule/"


def at(**kwargs) -> str:
    return (timezone.now() + timedelta(**kwargs)).isoformat()


def post_body(content, **extra) -> dict:
    return {"content_id": str(content.id), "scheduled_at": at(hours=2), **extra}


# ---------------------------------------------------------------------------
# Deleting content cancels its posts
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_content_delete_cancels_a_post_not_yet_handed_over(auth_client, content):
    post_id = auth_client.post(SCHEDULE, post_body(content), format="json").json()["id"]

    response = auth_client.delete(f"/api/v1/content/{content.id}/")

    assert response.status_code == 204
    post = ScheduledPost.objects.get(pk=post_id)
    assert post.status == "cancelled" and post.cancelled_at is not None
    assert OutboxMessage.objects.get(scheduled_post=post, kind="schedule").status == "cancelled"


@pytest.mark.django_db
def test_content_delete_tells_the_scheduler_through_the_outbox_then_the_post_is_cancelled(
    auth_client, content, fake_scheduler, django_capture_on_commit_callbacks
):
    post = schedule(auth_client, content, django_capture_on_commit_callbacks)
    post.refresh_from_db()
    assert post.status == "queued"

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = auth_client.delete(f"/api/v1/content/{content.id}/")

    assert response.status_code == 204
    cancel = OutboxMessage.objects.get(scheduled_post=post, kind="cancel")
    assert (cancel.status, cancel.idempotency_key) == ("pending", f"cancel:{post.id}")
    assert ScheduledPost.objects.get(pk=post.pk).status == "queued"  # until the scheduler confirms
    assert len(callbacks) == 1  # the delivery is enqueued after the commit

    assert outbox_message_deliver(message_id=cancel.id) == "delivered"
    assert ScheduledPost.objects.get(pk=post.pk).status == "cancelled"
    assert fake_scheduler.jobs[post.job_id]["state"] == "cancelled"


@pytest.mark.django_db
def test_content_delete_while_a_post_is_being_handed_over_is_409_and_deletes_nothing(
    auth_client, content, fake_scheduler, django_capture_on_commit_callbacks
):
    fake_scheduler.fail_with = 503
    post = schedule(auth_client, content, django_capture_on_commit_callbacks)
    message = OutboxMessage.objects.get(scheduled_post=post)
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    outbox_claim(message_id=message.pk)  # a worker holds it right now

    response = auth_client.delete(f"/api/v1/content/{content.id}/")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "delivery_in_progress"
    assert Content.objects.get(pk=content.pk).deleted_at is None
    assert ScheduledPost.objects.get(pk=post.pk).status == "pending"


@pytest.mark.django_db
def test_content_trash_purge_waits_for_the_scheduler_to_confirm_the_cancellation(
    auth_client, content, fake_scheduler, django_capture_on_commit_callbacks, settings
):
    post = schedule(auth_client, content, django_capture_on_commit_callbacks)
    auth_client.delete(f"/api/v1/content/{content.id}/")
    Content.objects.filter(pk=content.pk).update(deleted_at=timezone.now() - timedelta(days=60))

    kept = content_trash_purge(batch_size=10, max_batches=1)
    outbox_message_deliver(message_id=OutboxMessage.objects.get(scheduled_post=post, kind="cancel").id)
    purged = content_trash_purge(batch_size=10, max_batches=1)

    assert (kept, purged) == (0, 1)
    assert not Content.objects.filter(pk=content.pk).exists()
    assert not ScheduledPost.objects.filter(pk=post.pk).exists()


@pytest.mark.django_db
def test_content_restore_leaves_the_cancelled_posts_cancelled(auth_client, content):
    post_id = auth_client.post(SCHEDULE, post_body(content), format="json").json()["id"]
    auth_client.delete(f"/api/v1/content/{content.id}/")

    auth_client.post(f"/api/v1/content/{content.id}/restore/")

    assert ScheduledPost.objects.get(pk=post_id).status == "cancelled"


@pytest.mark.django_db
def test_scheduling_trashed_content_is_404(auth_client, content):
    Content.objects.filter(pk=content.pk).update(deleted_at=timezone.now())

    response = auth_client.post(SCHEDULE, post_body(content), format="json")

    assert response.status_code == 404
    assert not ScheduledPost.objects.exists()


@pytest.mark.django_db
def test_scheduling_archived_content_is_409(auth_client, content):
    auth_client.post(f"/api/v1/content/{content.id}/archive/")

    response = auth_client.post(SCHEDULE, post_body(content), format="json")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "content_archived"
    assert not ScheduledPost.objects.exists()


# ---------------------------------------------------------------------------
# Duplicate posts
# ---------------------------------------------------------------------------
def test_text_normalize_ignores_case_spacing_and_url_query_strings():
    assert text_normalize("  Big NEWS:\n\n our   launch https://ex.io/a/?utm_source=x#top ") == (
        "big news: our launch https://ex.io/a"
    )
    assert text_hash("Hello   World") == text_hash("hello world")
    assert text_hash("Hello World!") != text_hash("Hello World")


@pytest.mark.django_db
def test_scheduling_the_same_text_on_the_same_platform_within_the_window_is_409_with_the_other_post(
    auth_client, content, org, user
):
    first = auth_client.post(SCHEDULE, post_body(content), format="json").json()
    twin = ContentFactory(organization=org, created_by=user, versions=("  SECOND   version. ",))

    response = auth_client.post(SCHEDULE, post_body(twin, scheduled_at=at(hours=20)), format="json")

    assert response.status_code == 409, response.json()
    error = response.json()["error"]
    assert error["code"] == "duplicate_post"
    assert error["details"]["duplicate_of"] == first["id"]
    assert ScheduledPost.objects.count() == 1


@pytest.mark.django_db
def test_scheduling_a_duplicate_with_allow_duplicate_is_accepted(auth_client, content):
    auth_client.post(SCHEDULE, post_body(content), format="json")

    response = auth_client.post(
        SCHEDULE, post_body(content, scheduled_at=at(hours=3), allow_duplicate=True), format="json"
    )

    assert response.status_code == 201, response.json()
    assert ScheduledPost.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "second",
    [
        {"scheduled_at_hours": 2 + 25},  # outside the window
        {"platform": "linkedin"},  # another platform
        {"version": 1},  # another text
    ],
)
def test_scheduling_is_not_a_duplicate_outside_the_window_or_on_another_platform_or_text(
    auth_client, content, second, settings
):
    settings.SCHEDULING_DUPLICATE_WINDOW_HOURS = 24
    auth_client.post(SCHEDULE, post_body(content), format="json")
    hours = second.pop("scheduled_at_hours", 5)

    response = auth_client.post(SCHEDULE, post_body(content, scheduled_at=at(hours=hours), **second), format="json")

    assert response.status_code == 201, response.json()


@pytest.mark.django_db
def test_scheduling_a_duplicate_of_a_cancelled_post_is_accepted(auth_client, content):
    first = auth_client.post(SCHEDULE, post_body(content), format="json").json()
    auth_client.post(f"/api/v1/scheduling/{first['id']}/cancel/")

    response = auth_client.post(SCHEDULE, post_body(content, scheduled_at=at(hours=3)), format="json")

    assert response.status_code == 201, response.json()


@pytest.mark.django_db
def test_scheduling_a_duplicate_of_a_published_post_is_409(auth_client, content):
    first = auth_client.post(SCHEDULE, post_body(content), format="json").json()
    ScheduledPost.objects.filter(pk=first["id"]).update(status="published", published_at=timezone.now())

    response = auth_client.post(SCHEDULE, post_body(content, scheduled_at=at(hours=5)), format="json")

    assert response.status_code == 409
    assert response.json()["error"]["details"]["duplicate_status"] == "published"


@pytest.mark.django_db
def test_duplicates_are_per_organization(auth_client, content, make_user):

    other = make_user(email="other@example.com")
    other_org = OrganizationMember.objects.get(user=other).organization
    same_text = ContentFactory(organization=other_org, created_by=other, versions=("Second version.",))
    auth_client.post(SCHEDULE, post_body(content), format="json")

    response = client_for(other).post(SCHEDULE, post_body(same_text), format="json")

    assert response.status_code == 201, response.json()


@pytest.mark.django_db
def test_scheduling_the_same_slot_twice_is_still_already_scheduled(auth_client, content):
    body = post_body(content)
    auth_client.post(SCHEDULE, body, format="json")

    response = auth_client.post(SCHEDULE, {**body, "allow_duplicate": True}, format="json")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "already_scheduled"


# ---------------------------------------------------------------------------
# Duplicates and an API key limited to one workspace (issue 25 item 3): the refusal stays
# (the rule is organization-wide) but names only a post the caller may read.
# ---------------------------------------------------------------------------
def _workspace_key_client(org, user, workspace):
    from rest_framework.test import APIClient

    from apps.organizations.models import Role
    from apps.organizations.services import api_key_create

    OrganizationMember.objects.filter(user=user, organization=org).update(role=Role.OWNER)
    _, secret = api_key_create(
        user=user, organization_id=org.pk, name="bot", role=Role.EDITOR, workspace_id=workspace.pk
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.fixture
def two_workspaces(org, user):
    from tests.factories import WorkspaceFactory, put_on_plan

    put_on_plan(org, "team")
    return org.workspaces.get(), WorkspaceFactory(organization=org, name="Other", created_by=user)


@pytest.mark.django_db
def test_scheduling_with_a_workspace_key_a_duplicate_of_another_workspaces_post_is_409_naming_nothing(
    auth_client, org, user, two_workspaces
):
    mine, other = two_workspaces
    theirs = ContentFactory(organization=org, workspace=other, created_by=user, versions=("Launch day!",))
    their_post = auth_client.post(SCHEDULE, post_body(theirs), format="json").json()
    twin = ContentFactory(organization=org, workspace=mine, created_by=user, versions=("  launch   DAY! ",))
    key_client = _workspace_key_client(org, user, mine)

    response = key_client.post(SCHEDULE, post_body(twin, scheduled_at=at(hours=3)), format="json")

    assert response.status_code == 409, response.json()
    error = response.json()["error"]
    assert error["code"] == "duplicate_post"
    assert error["details"] == {"window_hours": 24}
    text = response.content.decode()
    assert their_post["id"] not in text and their_post["scheduled_at"][:16] not in text
    assert ScheduledPost.objects.count() == 1
    # The rule still holds, and allow_duplicate still overrides it.
    allowed = key_client.post(SCHEDULE, post_body(twin, scheduled_at=at(hours=3), allow_duplicate=True), format="json")
    assert allowed.status_code == 201, allowed.json()


@pytest.mark.django_db
def test_scheduling_with_a_workspace_key_a_duplicate_of_its_own_workspaces_post_names_it(org, user, two_workspaces):
    mine, _ = two_workspaces
    key_client = _workspace_key_client(org, user, mine)
    first = ContentFactory(organization=org, workspace=mine, created_by=user, versions=("Launch day!",))
    first_post = key_client.post(SCHEDULE, post_body(first), format="json").json()
    twin = ContentFactory(organization=org, workspace=mine, created_by=user, versions=("Launch day!",))

    response = key_client.post(SCHEDULE, post_body(twin, scheduled_at=at(hours=3)), format="json")

    assert response.status_code == 409
    details = response.json()["error"]["details"]
    assert (details["duplicate_of"], details["duplicate_status"]) == (first_post["id"], "pending")


@pytest.mark.django_db
def test_scheduling_as_a_member_a_duplicate_in_another_workspace_names_it(auth_client, org, user, two_workspaces):
    mine, other = two_workspaces
    theirs = ContentFactory(organization=org, workspace=other, created_by=user, versions=("Launch day!",))
    their_post = auth_client.post(SCHEDULE, post_body(theirs), format="json").json()
    twin = ContentFactory(organization=org, workspace=mine, created_by=user, versions=("Launch day!",))

    response = auth_client.post(SCHEDULE, post_body(twin, scheduled_at=at(hours=3)), format="json")

    assert response.status_code == 409
    assert response.json()["error"]["details"]["duplicate_of"] == their_post["id"]


@pytest.mark.django_db
def test_csv_import_with_a_workspace_key_reports_another_workspaces_duplicate_without_naming_it(
    auth_client, org, user, two_workspaces
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    mine, other = two_workspaces
    theirs = ContentFactory(organization=org, workspace=other, created_by=user, versions=("Launch day!",))
    their_post = auth_client.post(SCHEDULE, post_body(theirs), format="json").json()
    key_client = _workspace_key_client(org, user, mine)
    csv_text = f"platform,scheduled_at,text\ntwitter,{at(hours=3)},Launch day!\n"

    response = key_client.post(
        "/api/v1/csv/scheduled-posts/import/",
        {"file": SimpleUploadedFile("posts.csv", csv_text.encode(), content_type="text/csv")},
        format="multipart",
    )

    assert response.status_code == 400, response.json()
    assert [(e["row"], e["code"]) for e in response.json()["error"]["details"]["errors"]] == [(2, "duplicate_post")]
    assert their_post["id"] not in response.content.decode()
    assert ScheduledPost.objects.count() == 1
