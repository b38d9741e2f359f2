"""Media in CSV files (docs/csv.md): ``media_ids`` on import (text rows), judged by each network's
media rules; exports name each content's and each post's media."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.content.models import ContentVersionMedia
from apps.scheduling.models import ScheduledPost
from tests.factories import ContentFactory, OrganizationFactory, WorkspaceFactory, put_on_plan
from tests.support.attachments import make_media, media_root  # noqa: F401
from tests.support.clients import client_for
from tests.support.organizations import organization_of

pytestmark = pytest.mark.django_db

URL = "/api/v1/csv/scheduled-posts/import/"


def _when(days: int = 1) -> str:
    return (timezone.now() + timedelta(days=days)).replace(microsecond=0).isoformat()


def _rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def _upload(client, text: str):
    return client.post(URL, {"file": SimpleUploadedFile("posts.csv", text.encode())}, format="multipart")


@pytest.fixture
def org(user):
    organization = organization_of(user)
    put_on_plan(organization, "team")
    return organization


def test_import_attaches_media_ids_in_order_with_the_library_alt_text(user, org):
    workspace = org.workspaces.get()
    first = make_media(workspace, user, alt_text="First picture", jpeg=True)
    second = make_media(workspace, user, jpeg=True)
    text = f'platform,scheduled_at,text,media_ids\ninstagram,{_when()},Our new shop,"{first.id}; {second.id}"\n'

    response = _upload(client_for(user), text)

    assert response.status_code == 201, response.json()
    post = ScheduledPost.objects.get()
    assert post.media_ids == [str(first.id), str(second.id)]
    rows = ContentVersionMedia.objects.filter(version=post.content_version).order_by("position")
    assert [(row.media_id, row.alt_text) for row in rows] == [(first.id, "First picture"), (second.id, "")]


def test_import_refuses_rows_that_break_the_media_rules_or_name_media_it_cannot_use(user, org):
    mine = make_media(org.workspaces.get(), user)
    foreign = make_media(OrganizationFactory().workspaces.get(), None)
    other_workspace = make_media(WorkspaceFactory(organization=org, name="Other"), user)
    existing = ContentFactory(organization=org, platform="twitter")
    text = (
        "platform,scheduled_at,text,content_id,media_ids\n"
        f"instagram,{_when(1)},No picture,,\n"
        f"twitter,{_when(2)},Foreign,,{foreign.id}\n"
        f"twitter,{_when(3)},Elsewhere,,{other_workspace.id}\n"
        f"twitter,{_when(4)},,{existing.id},{mine.id}\n"
    )

    response = _upload(client_for(user), text)

    assert response.status_code == 400
    errors = [(e["row"], e["field"], e["code"]) for e in response.json()["error"]["details"]["errors"]]
    assert errors == [
        (2, "media_ids", "media_required"),
        (3, "media_ids", "not_found"),
        (4, "media_ids", "not_found"),
        (5, "media_ids", "content_or_text"),
    ]
    assert not ScheduledPost.objects.exists()


def test_exports_name_the_media_of_each_content_and_post(user, org):
    workspace = org.workspaces.get()
    picture = make_media(workspace, user, jpeg=True)
    content = ContentFactory(organization=org, platform="instagram")
    ContentVersionMedia.objects.create(version=content.versions.get(), media=picture, position=1)
    text = f"scheduled_at,content_id\n{_when()},{content.id}\n"
    assert _upload(client_for(user), text).status_code == 201

    contents = _rows(client_for(user).get(reverse("csvio:content-export")))
    versions = _rows(client_for(user).get(reverse("csvio:content-export"), {"versions": "true"}))
    posts = _rows(client_for(user).get(reverse("csvio:scheduled-post-export")))

    assert [row["media_ids"] for row in contents] == [str(picture.id)]
    assert [row["media_ids"] for row in versions] == [str(picture.id)]
    assert [row["media_ids"] for row in posts] == [str(picture.id)]
