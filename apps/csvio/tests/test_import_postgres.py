"""The CSV import on PostgreSQL: a number of statements that does not grow with the rows, and two
imports at once holding the duplicate-post rule between them (issue 26 item 3)."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.scheduling.models import OutboxMessage, ScheduledPost
from apps.webhooks.models import WebhookDelivery
from tests.factories import put_on_plan
from tests.support.clients import client_for
from tests.support.concurrency import run_concurrently
from tests.support.organizations import organization_of
from tests.support.webhooks import make_endpoint

URL = "/api/v1/csv/scheduled-posts/import/"
# Not instagram: a text row there needs media_ids (it needs an image).
PLATFORMS = ("twitter", "linkedin", "facebook", "threads", "twitter")


def _csv(n: int, tag: str, *, start_hours: float = 24) -> str:
    start = timezone.now().replace(microsecond=0) + timedelta(hours=start_hours)
    return "platform,scheduled_at,text\n" + "".join(
        f"{PLATFORMS[i % 5]},{(start + timedelta(minutes=7 * i)).isoformat()},Post {tag} {i}: news of the week\n"
        for i in range(n)
    )


def _upload(client, text: str):
    file = SimpleUploadedFile("posts.csv", text.encode(), content_type="text/csv")
    return client.post(URL, {"file": file}, format="multipart")


@pytest.mark.postgres
@pytest.mark.django_db
def test_import_of_1000_rows_runs_as_many_queries_as_100_rows(user):
    org = organization_of(user)
    put_on_plan(org, "team")
    make_endpoint(org, url="https://hooks.example.com/caas")  # the webhooks subscriber writes too
    client = client_for(user)
    assert _upload(client, _csv(3, "warm-up", start_hours=600)).status_code == 201  # caches filled

    with CaptureQueriesContext(connection) as hundred:
        response = _upload(client, _csv(100, "hundred", start_hours=24))
    assert response.status_code == 201, response.content
    with CaptureQueriesContext(connection) as thousand:
        response = _upload(client, _csv(1000, "thousand", start_hours=200))
    assert response.status_code == 201, response.content

    assert len(thousand) <= len(hundred) <= 30, [q["sql"][:80] for q in thousand.captured_queries]
    assert ScheduledPost.objects.filter(organization=org).count() == 1103
    assert OutboxMessage.objects.filter(scheduled_post__organization=org).count() == 1103
    assert AuditEntry.objects.filter(organization_id=org.pk, action="post.scheduled").count() == 1103
    assert WebhookDelivery.objects.filter(event_type="post.scheduled").count() == 1103


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_imports_at_once_of_the_same_post_schedule_it_once(user):
    """Under the organization lock the second import sees the first one's post: one 201, one 400
    ``duplicate_post`` naming its row; nothing of the refused file stays."""
    org = organization_of(user)
    put_on_plan(org, "team")
    when = (timezone.now() + timedelta(days=1)).replace(microsecond=0)
    files = [
        f"platform,scheduled_at,text\ntwitter,{(when + timedelta(hours=i)).isoformat()},Launch day!\n"
        f"linkedin,{(when + timedelta(hours=i)).isoformat()},Other {i}\n"
        for i in range(2)
    ]

    answers = run_concurrently(lambda i: _upload(client_for(user), files[i]), 2)

    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [201, 400], [a.content for a in answers]
    refused = next(a for a in answers if a.status_code == 400).json()["error"]["details"]["errors"]
    assert [(e["row"], e["code"]) for e in refused] == [(2, "duplicate_post")]
    assert ScheduledPost.objects.filter(organization=org).count() == 2
    assert OutboxMessage.objects.filter(kind="schedule").count() == 2
