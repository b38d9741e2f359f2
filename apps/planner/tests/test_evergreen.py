"""Evergreen recycling: after the interval, a new AI variant (the one pipeline: offline provider,
tokens charged, version n+1) goes into the next free slot; never the same text again."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.content.models import ContentVersion
from apps.planner.evergreen import evergreen_recycle_due
from apps.planner.models import EntrySource, EvergreenContent, QueueEntry
from apps.planner.services import queue_materialize_due
from apps.scheduling.duplicates import text_hash
from apps.subscriptions.models import UsagePeriod
from tests.factories import set_quota

pytestmark = pytest.mark.django_db

SLOTS = [{"weekday": d, "local_time": "10:00"} for d in range(7)]


@pytest.fixture
def evergreen(auth_client, base, make_content, org):
    set_quota(org, tokens=20000, posts=None)
    auth_client.put(
        f"{base}/schedule/", {"timezone": "UTC", "slots": SLOTS, "evergreen_interval_days": 7}, format="json"
    )
    content = make_content()
    response = auth_client.post(f"{base}/evergreen/", {"content_id": str(content.pk)}, format="json")
    assert response.status_code == 201, response.json()
    return content


def _interval_passed(content, days=8):
    EvergreenContent.objects.filter(content=content).update(last_queued_at=timezone.now() - timedelta(days=days))


def test_evergreen_is_not_recycled_before_its_interval(evergreen):
    _interval_passed(evergreen, days=6)

    assert evergreen_recycle_due() == {"recycled": 0}
    assert QueueEntry.objects.count() == 0


def test_evergreen_recycle_queues_a_new_variant_through_the_pipeline(evergreen, org):
    _interval_passed(evergreen)

    outcome = evergreen_recycle_due()

    entry = QueueEntry.objects.get()
    versions = list(ContentVersion.objects.filter(content=evergreen).order_by("version"))
    assert outcome == {"recycled": 1}
    assert (entry.source, entry.version) == (EntrySource.EVERGREEN, 2)
    assert len(versions) == 2 and versions[1].provider == "offline"
    assert text_hash(versions[1].text) != text_hash(versions[0].text)
    assert UsagePeriod.objects.get(organization=org).tokens_used > 0  # the regeneration was charged
    item = EvergreenContent.objects.get(content=evergreen)
    assert item.recycled == 1 and item.last_queued_at > timezone.now() - timedelta(minutes=1)
    assert evergreen_recycle_due() == {"recycled": 0}  # not again until the next interval


def test_recycled_variant_is_scheduled_with_its_own_text(evergreen):
    _interval_passed(evergreen)
    evergreen_recycle_due()
    entry = QueueEntry.objects.get()
    QueueEntry.objects.filter(pk=entry.pk).update(slot_at=timezone.now() + timedelta(minutes=5))

    queue_materialize_due()

    entry.refresh_from_db()
    assert entry.scheduled_post is not None
    assert entry.scheduled_post.content_version.version == 2
    assert entry.scheduled_post.text != ContentVersion.objects.get(content=evergreen, version=1).text


def test_two_recycles_never_repeat_a_text(evergreen):
    _interval_passed(evergreen)
    evergreen_recycle_due()
    QueueEntry.objects.update(status="removed")
    _interval_passed(evergreen)
    evergreen_recycle_due()

    texts = list(ContentVersion.objects.filter(content=evergreen).values_list("text", flat=True))
    assert len(texts) == 3 and len({text_hash(t) for t in texts}) == 3


def test_paused_queue_recycles_nothing(evergreen, auth_client, base):
    auth_client.post(f"{base}/queue/pause/")
    _interval_passed(evergreen)

    assert evergreen_recycle_due() == {"recycled": 0}


def test_recycle_without_tokens_left_keeps_the_error_and_waits(evergreen, org):
    set_quota(org, tokens=0, posts=None)
    _interval_passed(evergreen)

    assert evergreen_recycle_due() == {"recycled": 0}
    item = EvergreenContent.objects.get(content=evergreen)
    assert item.last_error["code"] == "quota_exceeded"
    set_quota(org, tokens=20000, posts=None)
    assert evergreen_recycle_due() == {"recycled": 0}  # tried again an hour later, not at once


def test_evergreen_list_and_unmark(evergreen, auth_client, base):
    listed = auth_client.get(f"{base}/evergreen/").json()["results"]
    removed = auth_client.delete(f"{base}/evergreen/{evergreen.pk}/")
    again = auth_client.delete(f"{base}/evergreen/{evergreen.pk}/")

    assert [item["content_id"] for item in listed] == [str(evergreen.pk)]
    assert removed.status_code == 204
    assert again.status_code == 404
