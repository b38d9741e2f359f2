"""Content lifecycle: trash (soft delete), restore, purge after the retention window, archive,
move between workspaces, and what a workspace deletion does with trashed content."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.common.housekeeping import housekeeping_run, registered_jobs
from apps.content.models import Content, ContentReview, ContentVersion
from apps.content.services import content_trash_purge
from apps.organizations.models import OrganizationMember, Role, Workspace
from tests.factories import ContentFactory, ContentReviewFactory, WorkspaceFactory, put_on_plan
from tests.support.clients import client_for

CONTENT = "/api/v1/content/"


@pytest.fixture
def org(user):
    organization = OrganizationMember.objects.get(user=user).organization
    put_on_plan(organization, "team")  # room for a second workspace
    return organization


@pytest.fixture
def content(org, user):
    return ContentFactory(organization=org, created_by=user, versions=("one", "two"))


def detail(content) -> str:
    return f"{CONTENT}{content.pk}/"


def _ids(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


# ---------------------------------------------------------------------------
# Trash and restore
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_content_delete_moves_it_to_the_trash_and_it_disappears_everywhere_else(auth_client, content, user):
    response = auth_client.delete(detail(content))

    assert response.status_code == 204
    content.refresh_from_db()
    assert content.deleted_by == user and content.deleted_at is not None
    assert auth_client.get(detail(content)).status_code == 404
    assert auth_client.get(f"{detail(content)}versions/").status_code == 404
    assert auth_client.patch(detail(content), {"text": "edited"}, format="json").status_code == 404
    assert auth_client.post(f"{detail(content)}regenerate/", {}, format="json").status_code == 404
    assert str(content.pk) not in _ids(auth_client.get(CONTENT, {"archived": "include"}))
    trash = auth_client.get(f"{CONTENT}trash/").json()
    assert [row["id"] for row in trash["results"]] == [str(content.pk)]
    assert trash["results"][0]["deleted_at"] is not None


@pytest.mark.django_db
def test_content_delete_twice_the_second_is_404(auth_client, content):
    auth_client.delete(detail(content))

    assert auth_client.delete(detail(content)).status_code == 404


@pytest.mark.django_db
def test_content_delete_by_a_viewer_is_403_and_changes_nothing(content, org, make_user):
    viewer = make_user(email="viewer@example.com")
    OrganizationMember.objects.create(organization=org, user=viewer, role=Role.VIEWER)

    response = client_for(viewer).delete(detail(content))

    assert response.status_code == 403
    content.refresh_from_db()
    assert content.deleted_at is None


@pytest.mark.django_db
def test_content_restore_brings_it_back_with_its_versions(auth_client, content):
    auth_client.delete(detail(content))

    response = auth_client.post(f"{detail(content)}restore/")

    assert response.status_code == 200, response.json()
    assert response.json()["deleted_at"] is None
    assert auth_client.get(detail(content)).json()["version"] == 2
    assert str(content.pk) in _ids(auth_client.get(CONTENT))
    assert auth_client.get(f"{CONTENT}trash/").json()["count"] == 0


@pytest.mark.django_db
def test_content_restore_of_live_content_is_409(auth_client, content):
    response = auth_client.post(f"{detail(content)}restore/")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "content_not_deleted"


@pytest.mark.django_db
def test_content_restore_after_the_retention_window_is_404(auth_client, content, settings):
    settings.CONTENT_TRASH_RETENTION_DAYS = 30
    Content.objects.filter(pk=content.pk).update(deleted_at=timezone.now() - timedelta(days=31))

    response = auth_client.post(f"{detail(content)}restore/")

    assert response.status_code == 404
    assert auth_client.get(f"{CONTENT}trash/").json()["count"] == 0


@pytest.mark.django_db
def test_content_trash_purge_deletes_only_content_past_the_retention_window(content, org, user, settings):
    settings.CONTENT_TRASH_RETENTION_DAYS = 30
    recent = ContentFactory(organization=org, created_by=user)
    live = ContentFactory(organization=org, created_by=user)
    Content.objects.filter(pk=content.pk).update(deleted_at=timezone.now() - timedelta(days=30, minutes=1))
    Content.objects.filter(pk=recent.pk).update(deleted_at=timezone.now() - timedelta(days=29))

    purged = content_trash_purge(batch_size=10, max_batches=5)

    assert purged == 1
    assert set(Content.objects.values_list("pk", flat=True)) == {recent.pk, live.pk}
    assert not ContentVersion.objects.filter(content_id=content.pk).exists()


@pytest.mark.django_db
def test_content_trash_purge_is_a_registered_housekeeping_job(content, settings):
    settings.CONTENT_TRASH_RETENTION_DAYS = 1
    Content.objects.filter(pk=content.pk).update(deleted_at=timezone.now() - timedelta(days=2))

    results = housekeeping_run()

    assert "content_trash_purged" in registered_jobs()
    assert results["content_trash_purged"] == 1
    assert not Content.objects.filter(pk=content.pk).exists()


@pytest.mark.django_db
def test_content_trash_of_another_organization_is_404(auth_client, make_user):
    stranger = make_user(email="stranger@example.com")
    other_org = OrganizationMember.objects.get(user=stranger).organization

    response = auth_client.get(f"{CONTENT}trash/", {"organization_id": str(other_org.pk)})

    assert response.status_code == 404


# ---------------------------------------------------------------------------
# Archive
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_content_archive_leaves_the_default_list_and_the_filter_brings_it_back(auth_client, content, org, user):
    other = ContentFactory(organization=org, created_by=user)

    archived = auth_client.post(f"{detail(content)}archive/")

    assert archived.status_code == 200 and archived.json()["archived_at"] is not None
    assert _ids(auth_client.get(CONTENT)) == [str(other.pk)]
    assert set(_ids(auth_client.get(CONTENT, {"archived": "include"}))) == {str(other.pk), str(content.pk)}
    assert _ids(auth_client.get(CONTENT, {"archived": "only"})) == [str(content.pk)]
    assert auth_client.get(detail(content)).status_code == 200  # still readable by id


@pytest.mark.django_db
def test_content_archive_twice_keeps_the_first_time_and_unarchive_brings_it_back(auth_client, content):
    first = auth_client.post(f"{detail(content)}archive/").json()["archived_at"]
    second = auth_client.post(f"{detail(content)}archive/").json()["archived_at"]

    unarchived = auth_client.post(f"{detail(content)}unarchive/")

    assert first == second
    assert unarchived.status_code == 200 and unarchived.json()["archived_at"] is None
    assert str(content.pk) in _ids(auth_client.get(CONTENT))


@pytest.mark.django_db
def test_content_list_rejects_an_unknown_archived_filter(auth_client):
    response = auth_client.get(CONTENT, {"archived": "sometimes"})

    assert response.status_code == 400
    assert "archived" in response.json()["error"]["details"]


# ---------------------------------------------------------------------------
# Move
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_content_move_to_another_workspace_of_the_organization(auth_client, content, org):
    target = WorkspaceFactory(organization=org, name="Launch")

    response = auth_client.post(f"{detail(content)}move/", {"workspace_id": str(target.pk)}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["workspace_id"] == str(target.pk)
    content.refresh_from_db()
    assert content.workspace == target
    assert _ids(auth_client.get(CONTENT, {"workspace_id": str(target.pk)})) == [str(content.pk)]
    # The versions' copy of the workspace (the analytics read it) moved with the content.
    assert set(content.versions.values_list("workspace_id", flat=True)) == {target.pk}
    report = auth_client.get("/api/v1/analytics/generation/", {"organization_id": str(org.pk)}).json()
    assert [row["workspace_id"] for row in report["by_workspace"]] == [str(target.pk)]


@pytest.mark.django_db
def test_content_move_to_a_workspace_of_another_organization_is_404_and_changes_nothing(
    auth_client, content, make_user
):
    stranger = make_user(email="stranger@example.com")
    foreign = Workspace.objects.get(organization__members__user=stranger)
    before = content.workspace_id

    response = auth_client.post(f"{detail(content)}move/", {"workspace_id": str(foreign.pk)}, format="json")

    assert response.status_code == 404
    content.refresh_from_db()
    assert content.workspace_id == before


@pytest.mark.django_db
def test_content_move_without_workspace_id_is_400(auth_client, content):
    response = auth_client.post(f"{detail(content)}move/", {}, format="json")

    assert response.status_code == 400
    assert "workspace_id" in response.json()["error"]["details"]


# ---------------------------------------------------------------------------
# Workspace deletion
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_workspace_with_live_content_cannot_be_deleted_until_it_is_moved(auth_client, content, org):
    target = WorkspaceFactory(organization=org, name="Archive room")
    source = content.workspace
    path = f"/api/v1/organizations/workspaces/{source.pk}/"

    blocked = auth_client.delete(path)
    auth_client.post(f"{detail(content)}move/", {"workspace_id": str(target.pk)}, format="json")
    deleted = auth_client.delete(path)

    assert blocked.status_code == 409
    assert blocked.json()["error"]["code"] == "workspace_not_empty"
    assert deleted.status_code == 204
    assert Content.objects.filter(pk=content.pk, workspace=target).exists()


@pytest.mark.django_db
def test_workspace_with_only_trashed_content_is_deleted_with_its_trash(auth_client, content, org):
    WorkspaceFactory(organization=org, name="Other")
    archived = ContentFactory(organization=org, workspace=content.workspace)
    auth_client.post(f"{detail(archived)}archive/")
    auth_client.delete(detail(content))
    path = f"/api/v1/organizations/workspaces/{content.workspace_id}/"

    blocked_by_archived = auth_client.delete(path)
    auth_client.delete(detail(archived))
    deleted = auth_client.delete(path)

    assert blocked_by_archived.status_code == 409
    assert deleted.status_code == 204, deleted.json()
    assert not Content.objects.filter(pk__in=[content.pk, archived.pk]).exists()


@pytest.mark.django_db
def test_content_trash_and_review_lists_query_count_is_constant(auth_client, org, user):
    def trash_some(n: int) -> Content:
        last = None
        for _ in range(n):
            last = ContentFactory(organization=org, created_by=user)
            Content.objects.filter(pk=last.pk).update(deleted_at=timezone.now())
        return last

    trash_some(2)
    with_reviews = ContentFactory(organization=org, created_by=user)
    ContentReviewFactory(content=with_reviews, actor=user)
    auth_client.get(f"{CONTENT}trash/")  # warm-up: the first request of a user also loads its auth cache
    with CaptureQueriesContext(connection) as few_trash:
        auth_client.get(f"{CONTENT}trash/")
    with CaptureQueriesContext(connection) as few_reviews:
        auth_client.get(f"{detail(with_reviews)}reviews/")
    trash_some(10)
    for _ in range(10):
        ContentReviewFactory(content=with_reviews, actor=user)
    with CaptureQueriesContext(connection) as many_trash:
        trash = auth_client.get(f"{CONTENT}trash/").json()
    with CaptureQueriesContext(connection) as many_reviews:
        reviews = auth_client.get(f"{detail(with_reviews)}reviews/").json()

    assert (trash["count"], reviews["count"]) == (12, ContentReview.objects.filter(content=with_reviews).count())
    assert len(many_trash.captured_queries) == len(few_trash.captured_queries)
    assert len(many_reviews.captured_queries) == len(few_reviews.captured_queries)
