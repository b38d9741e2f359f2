"""CSV exports: streamed, filtered, scoped, formula-safe (docs/csv.md)."""

import csv
import io
from datetime import timedelta

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from apps.content.models import Content
from apps.organizations.models import OrganizationMember, Role
from apps.organizations.services import api_key_create
from tests.factories import ContentFactory, ScheduledPostFactory, WorkspaceFactory
from tests.support.clients import client_for
from tests.support.organizations import organization_of

pytestmark = pytest.mark.django_db


def _rows(response) -> list[dict[str, str]]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_content_export_streams_every_row_in_chunks(user, settings, django_assert_max_num_queries):
    settings.CSV_EXPORT_CHUNK_SIZE = 7
    org = organization_of(user)
    contents = [ContentFactory(organization=org, current_text=f"post {i}") for i in range(30)]
    response = client_for(user).get(reverse("csvio:content-export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="content.csv"' in response["Content-Disposition"]
    rows = _rows(response)
    assert len(rows) == 30
    assert {row["id"] for row in rows} == {str(c.pk) for c in contents}  # keyset paging: none lost, none twice
    assert rows[0]["text"] == "post 0"


def test_content_export_reads_one_chunk_per_query(user, settings, django_assert_num_queries):
    settings.CSV_EXPORT_CHUNK_SIZE = 10
    org = organization_of(user)
    for i in range(25):
        ContentFactory(organization=org, current_text=f"post {i}")
    response = client_for(user).get(reverse("csvio:content-export"))
    # 10 + 10 + 5 rows: three queries, the last one short, each followed by the query of its media ids
    with django_assert_num_queries(6):
        rows = _rows(response)
    assert len(rows) == 25


def test_content_export_filters_by_workspace_platform_and_dates(user):
    org = organization_of(user)
    main = org.workspaces.get()
    other = WorkspaceFactory(organization=org, name="Other")
    keep = ContentFactory(organization=org, workspace=main, platform="linkedin")
    ContentFactory(organization=org, workspace=other, platform="linkedin")
    ContentFactory(organization=org, workspace=main, platform="twitter")
    old = ContentFactory(organization=org, workspace=main, platform="linkedin")
    Content.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=10))
    response = client_for(user).get(
        reverse("csvio:content-export"),
        {
            "workspace_id": str(main.pk),
            "platform": "linkedin",
            "created_after": (timezone.now() - timedelta(days=1)).isoformat(),
        },
    )
    assert [row["id"] for row in _rows(response)] == [str(keep.pk)]


def test_content_export_with_versions_has_one_row_per_version(user):
    org = organization_of(user)
    content = ContentFactory(organization=org, versions=("first", "second", "third"))
    rows = _rows(client_for(user).get(reverse("csvio:content-export"), {"versions": "true"}))
    assert [(r["content_id"], r["version"], r["is_current"], r["text"]) for r in rows] == [
        (str(content.pk), "1", "False", "first"),
        (str(content.pk), "2", "False", "second"),
        (str(content.pk), "3", "True", "third"),
    ]


def test_content_export_escapes_formula_cells(user):
    org = organization_of(user)
    ContentFactory(organization=org, current_text='=HYPERLINK("http://evil")', prompt="@SUM(A1)")
    ContentFactory(organization=org, current_text="-1+2", prompt="+cmd")
    rows = _rows(client_for(user).get(reverse("csvio:content-export")))
    assert [row["text"] for row in rows] == ['\'=HYPERLINK("http://evil")', "'-1+2"]
    assert [row["prompt"] for row in rows] == ["'@SUM(A1)", "'+cmd"]


def test_content_export_of_another_organization_is_not_found(user, make_user):
    stranger = make_user(email="stranger@example.com")
    ContentFactory(organization=organization_of(stranger))
    response = client_for(user).get(
        reverse("csvio:content-export"), {"organization_id": str(organization_of(stranger).pk)}
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_scheduled_post_export_filters_by_status_and_streams(user):
    org = organization_of(user)
    pending = ScheduledPostFactory(content=ContentFactory(organization=org))
    ScheduledPostFactory(content=ContentFactory(organization=org), status="cancelled")
    response = client_for(user).get(reverse("csvio:scheduled-post-export"), {"status": "pending"})
    rows = _rows(response)
    assert [row["id"] for row in rows] == [str(pending.pk)]
    assert rows[0]["status"] == "pending" and rows[0]["version"] == "1"


def test_export_with_a_workspace_api_key_shows_its_workspace_only(user):
    org = organization_of(user)
    main = org.workspaces.get()
    other = WorkspaceFactory(organization=org, name="Other")
    mine = ContentFactory(organization=org, workspace=main)
    ContentFactory(organization=org, workspace=other)
    OrganizationMember.objects.filter(user=user).update(role=Role.OWNER)
    _, secret = api_key_create(user=user, organization_id=org.pk, name="bot", role=Role.VIEWER, workspace_id=main.pk)
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert [row["id"] for row in _rows(client.get(reverse("csvio:content-export")))] == [str(mine.pk)]
    assert client.get(reverse("csvio:content-export"), {"workspace_id": str(other.pk)}).status_code == 404


def test_export_answers_csv_to_a_client_asking_for_csv(user):
    response = client_for(user).get(reverse("csvio:content-export"), HTTP_ACCEPT="text/csv")
    assert response.status_code == 200
    assert _rows(response) == []


def test_content_export_keyset_paging_survives_equal_timestamps(user, settings):
    settings.CSV_EXPORT_CHUNK_SIZE = 4
    org = organization_of(user)
    contents = [ContentFactory(organization=org) for _ in range(15)]
    Content.objects.filter(organization=org).update(created_at=timezone.now())  # all tied on the sort key
    rows = _rows(client_for(user).get(reverse("csvio:content-export")))
    assert sorted(row["id"] for row in rows) == sorted(str(c.pk) for c in contents)
