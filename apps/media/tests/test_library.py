"""The library: list with filters, read, alt text edit, delete (refused while in use), roles."""

import pytest
import requests

from apps.media import usage
from apps.media.deletion import media_objects_sweep
from apps.media.models import Media, MediaObjectDeletion, MediaSource
from apps.media.services import media_create
from apps.organizations.models import Workspace
from tests.support.clients import client_for
from tests.support.media import image_bytes, mp4_bytes

pytestmark = pytest.mark.django_db


def _media(organization, *, data=None, user=None, **extra):
    workspace = Workspace.objects.filter(organization=organization).order_by("created_at").first()
    return media_create(workspace=workspace, created_by=user, data=data or image_bytes(), **extra)


def test_list_filters_by_kind_and_source_and_hides_derivatives(team):
    image = _media(team.organization)
    video = _media(team.organization, data=mp4_bytes())
    ai = _media(team.organization, source=MediaSource.AI, provenance={"provider": "offline"})
    thumbnail = _media(team.organization, parent=image, source=MediaSource.DERIVATIVE, derivative_kind="thumbnail")
    client = client_for(team.user("viewer"))
    base = f"/api/v1/media/?organization_id={team.organization.pk}"

    def ids(query=""):
        response = client.get(base + query)
        assert response.status_code == 200, response.content
        return {item["id"] for item in response.json()["results"]}

    assert ids() == {str(image.pk), str(video.pk), str(ai.pk)}
    assert ids("&kind=video") == {str(video.pk)}
    assert ids("&source=ai") == {str(ai.pk)}
    assert ids("&source=derivative") == {str(thumbnail.pk)}
    assert ids("&state=pending") == set()


def test_list_reads_a_fixed_number_of_queries(team, django_assert_max_num_queries):
    for _ in range(5):
        _media(team.organization)
    client = client_for(team.user("viewer"))
    with django_assert_max_num_queries(8):
        response = client.get(f"/api/v1/media/?organization_id={team.organization.pk}")
    assert response.json()["count"] == 5


def test_read_gives_a_download_link_of_the_right_bytes(team):
    data = image_bytes(color="blue")
    media = _media(team.organization, data=data)
    response = client_for(team.user("viewer")).get(f"/api/v1/media/{media.pk}/")
    assert response.status_code == 200
    assert requests.get(response.json()["url"], timeout=5).content == data


def test_alt_text_is_edited_by_an_editor_not_a_viewer(team):
    media = _media(team.organization)
    url = f"/api/v1/media/{media.pk}/"
    assert client_for(team.user("viewer")).patch(url, {"alt_text": "x"}, format="json").status_code == 403
    response = client_for(team.user("editor")).patch(url, {"alt_text": "A red square"}, format="json")
    assert response.status_code == 200 and response.json()["alt_text"] == "A red square"
    too_long = client_for(team.user("editor")).patch(url, {"alt_text": "x" * 1501}, format="json")
    assert too_long.status_code == 400


def test_delete_removes_the_media_its_derivatives_and_their_objects(team, media_s3, django_capture_on_commit_callbacks):
    media = _media(team.organization)
    _media(team.organization, parent=media, source=MediaSource.DERIVATIVE, derivative_kind="thumbnail")
    assert len(media_s3.keys()) == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(team.user("editor")).delete(f"/api/v1/media/{media.pk}/")
    assert response.status_code == 204
    assert not Media.objects.exists()
    assert media_s3.keys() == []
    assert not MediaObjectDeletion.objects.exists()


def test_delete_is_refused_while_a_registered_user_of_the_media_says_it_is_in_use(team, media_s3):
    media = _media(team.organization)
    usage.register_in_use("scheduled_posts", lambda ids: int(media.pk in ids))
    try:
        response = client_for(team.user("editor")).delete(f"/api/v1/media/{media.pk}/")
    finally:
        usage._checks.remove("scheduled_posts")
    assert response.status_code == 409
    assert response.json()["error"] == {
        "code": "media_in_use",
        "message": "The media is used by a post still to be published.",
        "details": {"used_by": ["scheduled_posts"]},
    }
    assert Media.objects.filter(pk=media.pk).exists() and len(media_s3.keys()) == 1


def test_delete_needs_the_editor_role(team):
    media = _media(team.organization)
    assert client_for(team.user("viewer")).delete(f"/api/v1/media/{media.pk}/").status_code == 403


def test_object_deletions_survive_a_failed_store_and_are_retried(team, media_s3, settings):
    media = _media(team.organization)
    key = media.storage_key
    MediaObjectDeletion.objects.create(key=key, keep_until=media.created_at)
    Media.objects.filter(pk=media.pk).delete()
    real = settings.STORAGES["media"]
    settings.STORAGES = {
        **settings.STORAGES,
        "media": {**real, "OPTIONS": {**real["OPTIONS"], "endpoint_url": "http://127.0.0.1:1"}},
    }
    assert media_objects_sweep() == 0
    assert MediaObjectDeletion.objects.get().attempts == 1 and media_s3.keys() == [key]
    settings.STORAGES = {**settings.STORAGES, "media": real}
    assert media_objects_sweep() == 1
    assert media_s3.keys() == [] and not MediaObjectDeletion.objects.exists()


def test_list_pages_by_cursor_without_skipping_or_repeating_while_media_are_added(team):
    first = [_media(team.organization) for _ in range(5)]
    client = client_for(team.user("viewer"))
    page = client.get(f"/api/v1/media/?organization_id={team.organization.pk}&page_size=2&cursor=").json()
    seen = [item["id"] for item in page["results"]]
    added = _media(team.organization)  # newer than every listed one: it must not shift the pages

    while page["next"]:
        assert "count" not in page  # the cursor's answer: docs/api.md#cursor-pagination
        page = client.get(page["next"]).json()
        seen += [item["id"] for item in page["results"]]

    assert seen == [str(m.pk) for m in reversed(first)]
    assert str(added.pk) not in seen


def test_list_refuses_a_cursor_it_did_not_make(team):
    response = client_for(team.user("viewer")).get(f"/api/v1/media/?organization_id={team.organization.pk}&cursor=xyz")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Invalid cursor"
