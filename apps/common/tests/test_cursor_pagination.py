"""``?cursor=`` beside the page numbers (docs/api.md#cursor-pagination): rows added while a client pages
through a list are neither skipped nor repeated; a cursor it cannot read is a 400."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.common.events import emit
from tests.factories import ContentFactory, ScheduledPostFactory
from tests.support.clients import client_for
from tests.support.webhooks import make_endpoint

pytestmark = pytest.mark.django_db


def _walk(client, url: str, params: dict, *, between=None) -> list[str]:
    """Every id of the list, page by page through the ``next`` links; ``between()`` runs after each page."""
    page = client.get(url, {**params, "cursor": "", "page_size": 2})
    ids = []
    while True:
        assert page.status_code == 200, page.json()
        body = page.json()
        assert "count" not in body
        ids += [row["id"] for row in body["results"]]
        if between:
            between()
        if not body["next"]:
            return ids
        page = client.get(body["next"])


def test_content_rows_created_while_paging_are_neither_skipped_nor_repeated(user, org):
    existing = [ContentFactory(organization=org, created_by=user) for _ in range(5)]
    added = []

    ids = _walk(
        client_for(user),
        "/api/v1/content/",
        {"organization_id": str(org.pk)},
        between=lambda: added.append(ContentFactory(organization=org, created_by=user)),
    )

    assert ids == [str(c.pk) for c in reversed(existing)]  # newest first; the new ones are above the cursor
    assert len(set(ids)) == len(ids)
    fresh = client_for(user).get("/api/v1/content/", {"organization_id": str(org.pk), "cursor": "", "page_size": 100})
    assert [row["id"] for row in fresh.json()["results"]][: len(added)] == [str(c.pk) for c in reversed(added)]


def test_scheduled_posts_added_later_in_the_order_appear_once_on_a_later_page(user, org):
    now = timezone.now()
    content = ContentFactory(organization=org, created_by=user)
    posts = [ScheduledPostFactory(content=content, scheduled_at=now + timedelta(days=n)) for n in (1, 2, 3, 4)]
    later = []

    def add_a_later_post():
        if not later:
            later.append(ScheduledPostFactory(content=content, scheduled_at=now + timedelta(days=10)))

    ids = _walk(client_for(user), "/api/v1/scheduling/", {"organization_id": str(org.pk)}, between=add_a_later_post)

    assert ids == [str(p.pk) for p in posts] + [str(later[0].pk)]


def test_audit_entries_page_by_cursor_in_the_lists_order(user, org):
    for n in range(5):
        AuditEntry.objects.create(
            event_id=uuid.uuid4(), organization_id=org.pk, action=f"test.action{n}", actor_type="system"
        )
    expected = list(
        AuditEntry.objects.filter(organization_id=org.pk).order_by("-occurred_at", "-id").values_list("id", flat=True)
    )

    ids = _walk(client_for(user), "/api/v1/audit/entries/", {"organization_id": str(org.pk)})

    assert ids == [str(pk) for pk in expected]


def test_a_cursor_that_cannot_be_read_is_a_400(user, org):
    response = client_for(user).get("/api/v1/content/", {"organization_id": str(org.pk), "cursor": "not-a-cursor"})

    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"cursor": ["Invalid cursor."]}


def test_page_numbers_still_answer_with_a_count(user, org):
    ContentFactory(organization=org, created_by=user)

    body = client_for(user).get("/api/v1/content/", {"organization_id": str(org.pk), "page": 1}).json()

    assert body["count"] == 1 and len(body["results"]) == 1


def test_webhook_deliveries_page_by_cursor_newest_first_and_new_ones_stay_above(user, org):
    endpoint = make_endpoint(org, url="https://hooks.example.com/")
    for n in range(5):
        emit("post.published", organization_id=org.pk, target=("scheduled_post", f"p{n}"))
    expected = [str(pk) for pk in endpoint.deliveries.order_by("-sequence").values_list("id", flat=True)]

    ids = _walk(
        client_for(user),
        f"/api/v1/webhooks/endpoints/{endpoint.pk}/deliveries/",
        {},
        between=lambda: emit("post.published", organization_id=org.pk, target=("scheduled_post", "new")),
    )

    assert ids == expected
