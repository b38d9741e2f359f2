"""CSV import of posts to schedule: every row validated, all or nothing (docs/csv.md)."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.content.models import Content, ContentVersion
from apps.organizations.models import OrganizationMember, Role
from apps.organizations.services import api_key_create
from apps.scheduling.models import OutboxMessage, ScheduledPost
from apps.subscriptions.models import UsagePeriod
from tests.factories import ContentFactory, WorkspaceFactory, put_on_plan, set_quota
from tests.support.clients import client_for
from tests.support.organizations import organization_of

pytestmark = pytest.mark.django_db

URL = "/api/v1/csv/scheduled-posts/import/"


def _when(days: int = 1, hours: int = 0) -> str:
    return (timezone.now() + timedelta(days=days, hours=hours)).replace(microsecond=0).isoformat()


def _upload(client, text: str, **form):
    file = SimpleUploadedFile("posts.csv", text.encode(), content_type="text/csv")
    return client.post(URL, {"file": file, **form}, format="multipart")


def _nothing_written(contents_before: int = 0):
    return (
        not ScheduledPost.objects.exists()
        and Content.objects.count() == contents_before
        and not OutboxMessage.objects.exists()
    )


@pytest.fixture
def org(user):
    organization = organization_of(user)
    put_on_plan(organization, "team")
    return organization


def test_import_schedules_every_row_and_creates_content_for_text_rows(user, org):
    existing = ContentFactory(organization=org, platform="linkedin", current_text="Existing post")
    text = (
        "platform,scheduled_at,text,content_id\n"
        f"twitter,{_when(1)},Hello from the CSV,\n"
        f"linkedin,{_when(2)},,{existing.pk}\n"
        f'threads,{_when(3)},"Line one\nline two",\n'
    )
    response = _upload(client_for(user), text)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["rows"] == 3 and body["contents_created"] == 2 and body["dry_run"] is False
    assert [p["row"] for p in body["scheduled_posts"]] == [2, 3, 4]
    assert ScheduledPost.objects.count() == 3
    new = Content.objects.exclude(pk=existing.pk).order_by("created_at")
    assert [c.current_text for c in new] == ["Hello from the CSV", "Line one\nline two"]
    version = ContentVersion.objects.get(content=new[0])
    assert version.source == "manual_edit" and version.parameters == {"source": "csv_import"}
    assert ScheduledPost.objects.get(content=existing).text == "Existing post"
    assert OutboxMessage.objects.filter(kind="schedule").count() == 3
    assert UsagePeriod.objects.get(organization=org).posts_used == 2


def test_import_with_one_bad_row_changes_nothing_and_names_the_row(user, org):
    text = (
        "platform,scheduled_at,text\n"
        f"twitter,{_when(1)},Fine\n"
        f"twitter,{_when(2)},{'x' * 281}\n"
        f"linkedin,{_when(3)},Also fine\n"
    )
    response = _upload(client_for(user), text)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "csv_invalid"
    assert [(e["row"], e["field"], e["code"]) for e in error["details"]["errors"]] == [(3, "text", "too_long")]
    assert "281 characters" in error["details"]["errors"][0]["message"]
    assert _nothing_written()
    assert not UsagePeriod.objects.filter(posts_used__gt=0).exists()


def test_import_reports_every_problem_with_its_row_and_field(user, org, make_user):
    stranger = make_user(email="stranger@example.com")
    foreign = ContentFactory(organization=organization_of(stranger))
    past = (timezone.now() - timedelta(hours=1)).isoformat()
    text = (
        "workspace_id,platform,scheduled_at,text,content_id\n"
        f",myspace,{_when(1)},Hi,\n"
        f",twitter,{past},Hi,\n"
        f",twitter,2026-13-45,Hi,\n"
        f",twitter,2030-01-01T10:00:00,Hi,\n"
        f",twitter,{_when(1)},,{foreign.pk}\n"
        f"not-a-uuid,twitter,{_when(1)},Hi,\n"
        f",twitter,{_when(1)},,\n"
    )
    response = _upload(client_for(user), text)
    assert response.status_code == 400
    found = [(e["row"], e["field"], e["code"]) for e in response.json()["error"]["details"]["errors"]]
    assert found == [
        (2, "platform", "invalid_choice"),
        (3, "scheduled_at", "not_in_future"),
        (4, "scheduled_at", "invalid"),
        (5, "scheduled_at", "timezone_required"),
        (6, "content_id", "not_found"),  # another organization's content looks missing
        (7, "workspace_id", "invalid"),
        (8, "text", "required"),
    ]
    assert _nothing_written(contents_before=1)


def test_import_refuses_duplicates_within_the_file(user, org):
    when = _when(1)
    text = (
        f"platform,scheduled_at,text\ntwitter,{when},Same post\ntwitter,{_when(2)},Other\ntwitter,{when},same  POST\n"
    )
    response = _upload(client_for(user), text)
    assert response.status_code == 400
    errors = response.json()["error"]["details"]["errors"]
    assert [(e["row"], e["code"]) for e in errors] == [(4, "duplicate_row")]
    assert "row 2" in errors[0]["message"]
    assert _nothing_written()


def test_import_checks_the_posts_quota_for_the_whole_file(user, org):
    set_quota(org, posts=3)
    text = "platform,scheduled_at,text\n" + "".join(f"twitter,{_when(1, i)},Post {i}\n" for i in range(4))
    response = _upload(client_for(user), text)
    assert response.status_code == 402
    error = response.json()["error"]
    assert error["code"] == "quota_exceeded"
    assert error["details"]["requested"] == 4 and error["details"]["limit"] == 3
    assert _nothing_written()
    three = "platform,scheduled_at,text\n" + "".join(f"twitter,{_when(1, i)},Post {i}\n" for i in range(3))
    assert _upload(client_for(user), three).status_code == 201


def test_import_dry_run_validates_and_keeps_nothing(user, org):
    text = f"platform,scheduled_at,text\ntwitter,{_when(1)},Hello\n"
    response = _upload(client_for(user), text, dry_run="true")
    assert response.status_code == 200, response.content
    assert response.json()["dry_run"] is True and response.json()["rows"] == 1
    assert _nothing_written()
    assert not UsagePeriod.objects.filter(posts_used__gt=0).exists()


def test_import_bounds_the_file_size_and_row_count(user, org, settings):
    settings.CSV_IMPORT_MAX_ROWS = 2
    text = "platform,scheduled_at,text\n" + "".join(f"twitter,{_when(1, i)},Post {i}\n" for i in range(3))
    response = _upload(client_for(user), text)
    assert response.status_code == 400 and response.json()["error"]["code"] == "csv_too_many_rows"
    settings.CSV_IMPORT_MAX_BYTES = 50
    response = _upload(client_for(user), text)
    assert response.status_code == 413 and response.json()["error"]["code"] == "csv_file_too_large"
    assert _nothing_written()


def test_import_refuses_unknown_columns_and_bad_files(user, org):
    response = _upload(client_for(user), "platform,when,text\ntwitter,x,y\n")
    codes = [(e["row"], e["field"], e["code"]) for e in response.json()["error"]["details"]["errors"]]
    assert (1, "when", "unknown_column") in codes and (1, "scheduled_at", "missing_column") in codes
    file = SimpleUploadedFile("posts.csv", b"platform,scheduled_at,text\n\xff\xfe\n", content_type="text/csv")
    response = client_for(user).post(URL, {"file": file}, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["details"]["errors"][0]["code"] == "encoding"
    assert _upload(client_for(user), "").json()["error"]["code"] == "csv_invalid"
    assert _nothing_written()


def test_import_undoes_the_export_formula_escape(user, org):
    text = f"platform,scheduled_at,text\ntwitter,{_when(1)},'- a bullet\n"
    assert _upload(client_for(user), text).status_code == 201
    assert Content.objects.get().current_text == "- a bullet"


def test_import_needs_editor(user, org, make_user):
    viewer = make_user(email="viewer@example.com")
    OrganizationMember.objects.create(organization=org, user=viewer, role=Role.VIEWER)
    text = f"platform,scheduled_at,text\ntwitter,{_when(1)},Hello\n"
    response = _upload(client_for(viewer), text, organization_id=str(org.pk))
    assert response.status_code == 403
    assert _nothing_written()


def test_import_into_another_organization_is_not_found(user, org, make_user):
    stranger = make_user(email="stranger@example.com")
    text = f"platform,scheduled_at,text\ntwitter,{_when(1)},Hello\n"
    response = _upload(client_for(user), text, organization_id=str(organization_of(stranger).pk))
    assert response.status_code == 404
    assert _nothing_written()


def test_import_with_a_workspace_api_key_stays_in_its_workspace(user, org):
    main = org.workspaces.get()
    other = WorkspaceFactory(organization=org, name="Other")
    OrganizationMember.objects.filter(user=user).update(role=Role.OWNER)
    _, secret = api_key_create(user=user, organization_id=org.pk, name="bot", role=Role.EDITOR, workspace_id=main.pk)
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    refused = _upload(client, f"workspace_id,platform,scheduled_at,text\n{other.pk},twitter,{_when(1)},Hi\n")
    assert refused.status_code == 400
    assert refused.json()["error"]["details"]["errors"][0]["field"] == "workspace_id"
    assert _nothing_written()
    accepted = _upload(client, f"platform,scheduled_at,text\ntwitter,{_when(1)},Hi\n")
    assert accepted.status_code == 201, accepted.content
    assert Content.objects.get().workspace_id == main.pk


def test_import_reports_a_scheduling_rule_broken_at_creation_with_its_row(user, org):
    content = ContentFactory(organization=org, platform="twitter")
    when = _when(1)
    # Already scheduled at that slot (the database's one-active-post-per-slot rule).
    from tests.factories import ScheduledPostFactory

    ScheduledPostFactory(content=content, scheduled_at=when)
    text = f"platform,scheduled_at,text,content_id\ntwitter,{_when(2)},Fresh,\ntwitter,{when},,{content.pk}\n"
    response = _upload(client_for(user), text)
    assert response.status_code == 400, response.content
    assert [(e["row"], e["code"]) for e in response.json()["error"]["details"]["errors"]] == [(3, "already_scheduled")]
    assert ScheduledPost.objects.count() == 1 and Content.objects.count() == 1


def test_import_refuses_an_oversized_upload_before_reading_it(user, org, settings):
    settings.CSV_IMPORT_MAX_BYTES = 1000
    text = "platform,scheduled_at,text\n" + f"twitter,{_when(1)},{'y' * 200}\n" * 400  # ~100 KB
    response = _upload(client_for(user), text)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "csv_file_too_large"
    assert _nothing_written()


def test_import_refuses_a_nul_character_in_a_cell_as_a_row_error(user, org):
    """PostgreSQL refuses NUL in text: it was a 500 from the database; now the row's error."""
    text = (
        "platform,scheduled_at,text,tone\n"
        f"twitter,{_when(1)},Fine\n"
        f"twitter,{_when(2)},Hello\x00world\n"
        f"linkedin,{_when(3)},Also fine,casual\x00\n"
    )
    response = _upload(client_for(user), text)

    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "csv_invalid"
    assert [(e["row"], e["field"], e["code"]) for e in error["details"]["errors"]] == [
        (3, "text", "null_character"),
        (4, "tone", "null_character"),
    ]
    assert _nothing_written()
