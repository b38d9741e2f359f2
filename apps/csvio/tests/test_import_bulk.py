"""The CSV import writes in bulk (issue 26 item 3): the same rows, events and webhooks as scheduling
each post on its own, in one transaction, with every rule of scheduling held across the file."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.common import events
from apps.content.models import Content, ContentVersion
from apps.csvio.services import scheduled_posts_import
from apps.scheduling.models import OutboxMessage, PostStatus, ScheduledPost
from apps.scheduling.state import post_event_data
from apps.subscriptions.models import UsagePeriod
from apps.webhooks.models import WebhookDelivery
from tests.factories import ContentFactory, put_on_plan
from tests.support.clients import client_for
from tests.support.organizations import organization_of
from tests.support.webhooks import make_endpoint

pytestmark = pytest.mark.django_db

URL = "/api/v1/csv/scheduled-posts/import/"


def _when(hours: float) -> str:
    return (timezone.now() + timedelta(days=1, hours=hours)).replace(microsecond=0).isoformat()


def _rows(n: int, tag: str = "") -> str:
    return "platform,scheduled_at,text\n" + "".join(
        f"twitter,{_when(i * 0.5)},Post {tag}{i} of the file\n" for i in range(n)
    )


def _upload(client, text: str, **form):
    file = SimpleUploadedFile("posts.csv", text.encode(), content_type="text/csv")
    return client.post(URL, {"file": file, **form}, format="multipart")


@pytest.fixture
def org(user):
    organization = organization_of(user)
    put_on_plan(organization, "team")
    return organization


@pytest.fixture
def hook(org):
    """An endpoint of the organization that wants every event (post.scheduled among them)."""
    return make_endpoint(org, url="https://hooks.example.com/caas")


def test_import_writes_an_outbox_message_an_audit_entry_and_a_webhook_per_post_in_row_order(user, org, hook):
    response = _upload(client_for(user), _rows(30))

    assert response.status_code == 201, response.content
    ids = [post["id"] for post in response.json()["scheduled_posts"]]
    posts = {str(post.pk): post for post in ScheduledPost.objects.filter(organization=org)}
    assert sorted(posts) == sorted(ids) and len(ids) == 30
    messages = OutboxMessage.objects.filter(scheduled_post__organization=org)
    assert sorted((m.kind, m.idempotency_key, m.payload["scheduled_post_id"]) for m in messages) == sorted(
        ("schedule", f"schedule:{i}", i) for i in ids
    )
    audited = AuditEntry.objects.filter(organization_id=org.pk, action="post.scheduled")
    assert sorted(entry.target_id for entry in audited) == sorted(ids)
    assert all(
        entry.actor_user_id == user.pk and entry.data == post_event_data(posts[entry.target_id]) for entry in audited
    )
    deliveries = list(WebhookDelivery.objects.filter(endpoint=hook, event_type="post.scheduled").order_by("sequence"))
    # One per post, numbered in the order of the rows, each the event its audit entry records.
    assert [d.payload["data"]["scheduled_post_id"] for d in deliveries] == ids
    assert [d.sequence for d in deliveries] == list(range(1, 31))
    assert {d.event_id for d in deliveries} == {entry.event_id for entry in audited}
    hook.refresh_from_db()
    assert hook.sequence == 30


def test_import_enqueues_the_deliveries_after_the_commit_in_a_few_callbacks(
    user, org, hook, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = _upload(client_for(user), _rows(120))

    assert response.status_code == 201, response.content
    # The posts' deliveries (chunks of 50), the sweep's chain, the endpoint's deliveries: not one per post.
    assert len(callbacks) <= 4
    assert OutboxMessage.objects.filter(scheduled_post__organization=org, status="pending").count() == 120


def test_import_failing_at_scheduling_leaves_nothing_written(user, org, hook):
    """The last row duplicates a post already scheduled (the rule checked once the contents are
    written): the whole file rolls back, the contents and the quota included."""
    existing = ContentFactory(organization=org, platform="twitter", versions=("Launch day!",))
    when = _when(40)
    assert (
        client_for(user)
        .post("/api/v1/scheduling/schedule/", {"content_id": str(existing.pk), "scheduled_at": when}, format="json")
        .status_code
        == 201
    )
    before = {
        "contents": Content.objects.count(),
        "versions": ContentVersion.objects.count(),
        "posts": ScheduledPost.objects.count(),
        "messages": OutboxMessage.objects.count(),
        "audit": AuditEntry.objects.count(),
        "deliveries": WebhookDelivery.objects.count(),
    }
    text = _rows(20) + f"twitter,{_when(41)},  launch DAY!\n"

    response = _upload(client_for(user), text)

    assert response.status_code == 400, response.content
    assert [(e["row"], e["code"]) for e in response.json()["error"]["details"]["errors"]] == [(22, "duplicate_post")]
    after = {
        "contents": Content.objects.count(),
        "versions": ContentVersion.objects.count(),
        "posts": ScheduledPost.objects.count(),
        "messages": OutboxMessage.objects.count(),
        "audit": AuditEntry.objects.count(),
        "deliveries": WebhookDelivery.objects.count(),
    }
    assert after == before
    assert not UsagePeriod.objects.filter(organization=org, posts_used__gt=0).exists()


def test_import_writes_posts_and_their_events_in_one_transaction(user, org, hook):
    """A subscriber failing on the events fails the import: no post, message, content or entry stays."""

    def refuse(batch):
        raise RuntimeError(f"refused {len(batch)} events")

    events.subscribe("test_refuse", refuse)
    try:
        body = _rows(10).encode()
        with pytest.raises(RuntimeError, match="refused 10 events"):
            scheduled_posts_import(user=user, organization_id=org.pk, file=io.BytesIO(body), size=len(body))
    finally:
        events._subscribers.remove("test_refuse")

    assert not ScheduledPost.objects.exists() and not OutboxMessage.objects.exists()
    assert not Content.objects.exists() and not ContentVersion.objects.exists()
    assert not AuditEntry.objects.filter(action="post.scheduled").exists()
    assert not WebhookDelivery.objects.exists()


def test_import_refuses_a_later_row_that_duplicates_an_earlier_one_within_the_window(user, org):
    """Not the same time, so not a duplicate row of the file; but the duplicate-post rule holds
    between the rows of a file as between posts scheduled one by one: the later row is refused."""
    text = (
        "platform,scheduled_at,text\n"
        f"twitter,{_when(1)},Launch day!\n"
        f"linkedin,{_when(2)},Launch day!\n"  # another platform: not a duplicate
        f"twitter,{_when(3)},launch   DAY!\n"
    )

    response = _upload(client_for(user), text)

    assert response.status_code == 400, response.content
    errors = response.json()["error"]["details"]["errors"]
    assert [(e["row"], e["field"], e["code"]) for e in errors] == [(4, "row", "duplicate_post")]
    assert not ScheduledPost.objects.exists() and not Content.objects.exists()


def test_import_of_content_already_live_at_that_slot_names_each_row(user, org):
    content = ContentFactory(organization=org, platform="twitter")
    when = _when(5)
    assert (
        client_for(user)
        .post("/api/v1/scheduling/schedule/", {"content_id": str(content.pk), "scheduled_at": when}, format="json")
        .status_code
        == 201
    )
    archived = ContentFactory(organization=org, platform="linkedin", archived_at=timezone.now())
    text = (
        "platform,scheduled_at,text,content_id\n"
        f"twitter,{_when(1)},Fresh,\n"
        f"twitter,{when},,{content.pk}\n"
        f"linkedin,{_when(2)},,{archived.pk}\n"
    )

    response = _upload(client_for(user), text)

    assert response.status_code == 400, response.content
    found = [(e["row"], e["code"]) for e in response.json()["error"]["details"]["errors"]]
    assert found == [(3, "already_scheduled"), (4, "content_archived")]
    assert ScheduledPost.objects.count() == 1


def test_imported_posts_are_handed_over_by_the_worker_tasks(user, org, django_capture_on_commit_callbacks):
    """The chunked delivery tasks (immediate backend in tests) deliver every post of the file."""
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client_for(user), _rows(60))

    assert response.status_code == 201, response.content
    assert ScheduledPost.objects.filter(organization=org, status=PostStatus.QUEUED).count() == 60
    assert OutboxMessage.objects.filter(kind="schedule", status="delivered").count() == 60
