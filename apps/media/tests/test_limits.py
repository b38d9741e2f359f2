"""The plan's storage limit (one-request overshoot, SPEC §5) and what deleting an organization or a
workspace leaves in the bucket: nothing."""

import io

import pytest

from apps.media.models import Media, MediaSource
from apps.media.selectors import organization_storage_used
from apps.media.services import media_create
from apps.organizations.models import Workspace
from apps.organizations.services import organization_create, organization_delete, workspace_create, workspace_delete
from apps.subscriptions.models import Plan
from tests.support.clients import client_for
from tests.support.concurrency import run_concurrently
from tests.support.media import image_bytes, mp4_bytes
from tests.support.organizations import organization_of


def _workspace(organization):
    return Workspace.objects.filter(organization=organization).order_by("created_at").first()


def _limit_free_plan(limit: int) -> None:
    Plan.objects.filter(slug="free").update(storage_limit_bytes=limit)


@pytest.mark.django_db
def test_upload_is_admitted_while_used_is_below_the_limit_then_refused_with_402(user, media_s3):
    data = mp4_bytes(padding=1000)
    _limit_free_plan(len(data) + 1)
    organization = organization_of(user)
    media_create(workspace=_workspace(organization), created_by=user, data=data)
    crossing = media_create(workspace=_workspace(organization), created_by=user, data=data)  # used < limit: admitted
    assert organization_storage_used(organization_id=organization.pk) == 2 * len(data)

    response = client_for(user).post("/api/v1/media/", {"file": _named(data)}, format="multipart")

    assert response.status_code == 402
    assert response.json()["error"]["code"] == "storage_limit_reached"
    assert response.json()["error"]["details"] == {"limit": len(data) + 1, "used": 2 * len(data)}
    assert len(media_s3.keys()) == 2 and crossing.size_bytes == len(data)


def _named(data: bytes):
    upload = io.BytesIO(data)
    upload.name = "clip.mp4"
    return upload


@pytest.mark.django_db
def test_derivatives_count_toward_the_storage_used(user):
    organization = organization_of(user)
    original = media_create(workspace=_workspace(organization), created_by=user, data=image_bytes())
    thumb = media_create(
        workspace=_workspace(organization),
        created_by=None,
        data=image_bytes(size=(8, 6)),
        parent=original,
        source=MediaSource.DERIVATIVE,
        derivative_kind="thumbnail",
    )
    assert organization_storage_used(organization_id=organization.pk) == original.size_bytes + thumb.size_bytes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_uploads_near_the_limit_cross_it_by_at_most_one_file(user, media_s3):
    data = mp4_bytes(padding=10_000)
    limit = 3 * len(data) + 1
    _limit_free_plan(limit)
    organization = organization_of(user)
    workspace = _workspace(organization)

    results = run_concurrently(lambda i: media_create(workspace=workspace, created_by=user, data=data), n=8)

    admitted = [r for r in results if isinstance(r, Media)]
    refused = [r for r in results if not isinstance(r, Media)]
    assert {getattr(r, "code", repr(r)) for r in refused} == {"storage_limit_reached"}
    used = organization_storage_used(organization_id=organization.pk)
    assert len(admitted) == 4 and used == 4 * len(data) <= limit + len(data)
    assert len(media_s3.keys()) == 4  # a refused upload's object was removed again


@pytest.mark.django_db
def test_deleting_an_organization_leaves_nothing_of_it_in_the_bucket(
    user, media_s3, django_capture_on_commit_callbacks
):
    other = organization_of(user)
    organization = organization_create(owner=user, name="Doomed")
    kept = media_create(workspace=_workspace(other), created_by=user, data=image_bytes())
    for _ in range(3):
        media_create(workspace=_workspace(organization), created_by=user, data=image_bytes())
    media_s3.put(f"org/{organization.pk}/orphan-without-a-row", b"late presigned PUT")
    assert len(media_s3.keys(f"org/{organization.pk}/")) == 4

    with django_capture_on_commit_callbacks(execute=True):
        organization_delete(user=user, organization_id=organization.pk)

    assert media_s3.keys(f"org/{organization.pk}/") == []
    assert media_s3.keys() == [kept.storage_key]
    assert not Media.objects.filter(organization_id=organization.pk).exists()


@pytest.mark.django_db
def test_deleting_a_workspace_removes_its_media_and_objects_only(user, media_s3, django_capture_on_commit_callbacks):
    organization = organization_of(user)
    Plan.objects.filter(slug="free").update(workspace_limit=2)
    doomed = workspace_create(user=user, organization_id=organization.pk, name="Doomed")
    kept = media_create(workspace=_workspace(organization), created_by=user, data=image_bytes())
    gone = media_create(workspace=doomed, created_by=user, data=image_bytes())

    with django_capture_on_commit_callbacks(execute=True):
        workspace_delete(user=user, workspace=doomed)

    assert media_s3.keys() == [kept.storage_key]
    assert not Media.objects.filter(pk=gone.pk).exists()


@pytest.mark.django_db
def test_subscription_usage_shows_the_storage_used_against_the_plan_limit(user):
    organization = organization_of(user)
    media = media_create(workspace=_workspace(organization), created_by=user, data=image_bytes())

    response = client_for(user).get(f"/api/v1/subscriptions/?organization_id={organization.pk}")

    limit = Plan.objects.get(slug="free").storage_limit_bytes
    assert response.json()["usage"]["storage"] == {
        "limit": limit,
        "used": media.size_bytes,
        "remaining": limit - media.size_bytes,
    }
