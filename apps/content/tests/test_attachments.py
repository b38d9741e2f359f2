"""Attachments of content versions (docs/content.md#attachments): generate, regenerate and edit with
media, versions kept immutable, reads that show them without N+1, the isolation of media ids, and
what a deleted media leaves behind."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.content.models import ContentVersion, ContentVersionMedia
from apps.media.models import Media, MediaState
from tests.factories import ContentFactory, OrganizationFactory, WorkspaceFactory
from tests.support.attachments import make_media, media_root  # noqa: F401
from tests.support.clients import client_for

GENERATE = "/api/v1/content/generate/"


def generate(client, org, **extra):
    body = {"platform": "instagram", "tone": "casual", "prompt": "Our spring collection", "ai_provider": "offline"}
    return client.post(GENERATE, {**body, "organization_id": str(org.id), **extra}, format="json")


@pytest.fixture
def workspace(org):
    return org.workspaces.get()


@pytest.fixture
def client(owner):
    return client_for(owner)


@pytest.mark.django_db
def test_generate_with_media_attaches_them_in_order_with_alt_text_and_links(client, org, owner, workspace):
    first = make_media(workspace, owner, alt_text="library alt")
    second = make_media(workspace, owner, width=100, height=120)

    response = generate(client, org, media=[{"id": str(second.id), "alt_text": "A red square"}, {"id": str(first.id)}])

    assert response.status_code == 201, response.json()
    media = response.json()["media"]
    assert [(m["id"], m["position"], m["alt_text"]) for m in media] == [
        (str(second.id), 1, "A red square"),
        (str(first.id), 2, "library alt"),  # no alt_text given: the library's
    ]
    assert media[0] | {"url": None} == {
        "id": str(second.id),
        "position": 1,
        "kind": "image",
        "mime_type": "image/png",
        "width": 100,
        "height": 120,
        "duration_seconds": None,
        "size": second.size_bytes,
        "alt_text": "A red square",
        "url": None,
        "deleted": False,
    }
    assert media[0]["url"].endswith(second.storage_key)
    detail = client.get(f"/api/v1/content/{response.json()['id']}/").json()
    assert [m["id"] for m in detail["media"]] == [str(second.id), str(first.id)]


@pytest.mark.django_db
def test_new_versions_keep_reorder_or_remove_attachments_and_old_versions_never_change(client, org, owner, workspace):
    a, b = make_media(workspace, owner), make_media(workspace, owner)
    content_id = generate(client, org, media=[{"id": str(a.id)}, {"id": str(b.id)}]).json()["id"]

    kept = client.post(f"/api/v1/content/{content_id}/regenerate/", {"ai_provider": "offline"}, format="json")
    new_order = [{"id": str(b.id)}, {"id": str(a.id), "alt_text": "A"}]
    same_text = kept.json()["generated_text"]  # resent as is: only the media change
    reordered = client.patch(f"/api/v1/content/{content_id}/", {"text": same_text, "media": new_order}, format="json")
    removed = client.patch(f"/api/v1/content/{content_id}/", {"text": "Text only now", "media": []}, format="json")
    text_only_edit = client.patch(f"/api/v1/content/{content_id}/", {"text": "Still no media"}, format="json")

    assert [m["id"] for m in kept.json()["media"]] == [str(a.id), str(b.id)]
    assert reordered.status_code == 201, reordered.json()
    assert [(m["id"], m["alt_text"]) for m in reordered.json()["media"]] == [(str(b.id), ""), (str(a.id), "A")]
    assert removed.json()["media"] == [] and text_only_edit.json()["media"] == []
    versions = client.get(f"/api/v1/content/{content_id}/versions/").json()["results"]
    assert [[m["id"] for m in v["media"]] for v in versions] == [
        [str(a.id), str(b.id)],
        [str(a.id), str(b.id)],
        [str(b.id), str(a.id)],
        [],
        [],
    ]


@pytest.mark.django_db
def test_media_of_another_organization_or_workspace_is_the_same_404_as_a_missing_one(client, org, owner, workspace):
    stranger = OrganizationFactory()
    foreign = make_media(stranger.workspaces.get(), None)
    other_workspace = make_media(WorkspaceFactory(organization=org, name="Other"), owner)
    missing = "00000000-0000-4000-8000-000000000000"

    answers = [
        generate(client, org, media=[{"id": media_id}])
        for media_id in (str(foreign.id), str(other_workspace.id), missing)
    ]

    assert {a.status_code for a in answers} == {404}
    assert {a.json()["error"]["message"] for a in answers} == {"Media not found."}
    assert not ContentVersion.objects.exists()


@pytest.mark.django_db
def test_a_media_still_uploading_or_attached_twice_is_refused(client, org, owner, workspace):
    pending = make_media(workspace, owner)
    Media.objects.filter(pk=pending.pk).update(state=MediaState.PENDING)
    ready = make_media(workspace, owner)

    not_ready = generate(client, org, media=[{"id": str(pending.id)}])
    twice = generate(client, org, media=[{"id": str(ready.id)}, {"id": str(ready.id)}])

    assert not_ready.status_code == 400 and "not complete" in not_ready.json()["error"]["details"]["media"][0]
    assert twice.status_code == 400 and "once" in twice.json()["error"]["details"]["media"][0]


@pytest.mark.django_db
def test_content_list_reads_attachments_in_a_fixed_number_of_queries(client, org, owner, workspace):
    def list_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/v1/content/?organization_id={org.id}").status_code == 200
        return len(queries)

    content = ContentFactory(organization=org, workspace=workspace)
    version = content.versions.get()
    ContentVersionMedia.objects.create(version=version, media=make_media(workspace, owner), position=1)
    list_queries()  # the caller's user, memberships and plan rates are cached from here on
    one = list_queries()
    for _ in range(4):
        other = ContentFactory(organization=org, workspace=workspace)
        for position in (1, 2):
            ContentVersionMedia.objects.create(
                version=other.versions.get(), media=make_media(workspace, owner), position=position
            )
    five = list_queries()

    assert five == one == 4  # count, contents, their current versions, their attachments with media
    page = client.get(f"/api/v1/content/?organization_id={org.id}").json()["results"]
    assert sorted(len(item["media"]) for item in page) == [1, 2, 2, 2, 2]


@pytest.mark.django_db
def test_a_deleted_media_leaves_an_empty_slot_in_history_and_new_versions_drop_it(client, org, owner, workspace):
    kept, gone = make_media(workspace, owner), make_media(workspace, owner)
    content_id = generate(client, org, media=[{"id": str(gone.id)}, {"id": str(kept.id)}]).json()["id"]

    gone.delete()  # what the media library does to a media no post still to go out uses
    history = client.get(f"/api/v1/content/{content_id}/versions/").json()["results"][0]["media"]
    edited = client.patch(f"/api/v1/content/{content_id}/", {"text": "New words"}, format="json").json()

    assert history[0] == {"id": None, "position": 1, "alt_text": "", "deleted": True}
    assert history[1]["id"] == str(kept.id)
    assert [(m["id"], m["position"]) for m in edited["media"]] == [(str(kept.id), 1)]


@pytest.mark.django_db
def test_the_etag_of_content_with_media_ignores_the_links_which_differ_at_each_read(
    client, org, owner, workspace, monkeypatch
):
    picture = make_media(workspace, owner)
    content_id = generate(client, org, media=[{"id": str(picture.id)}]).json()["id"]
    reads = iter(range(1000))
    monkeypatch.setattr(  # a presigned URL is signed anew at each read
        "apps.content.attachments.media_url",
        lambda *, media, expires_in: f"https://s3.test/{media.pk}?sig={next(reads)}",
    )

    first, second = (client.get(f"/api/v1/content/{content_id}/") for _ in range(2))
    edited = client.patch(
        f"/api/v1/content/{content_id}/", {"text": "New words"}, format="json", HTTP_IF_MATCH=first["ETag"]
    )

    assert first.json()["media"][0]["url"] != second.json()["media"][0]["url"]
    assert first["ETag"] == second["ETag"]
    assert edited.status_code == 201, edited.json()
