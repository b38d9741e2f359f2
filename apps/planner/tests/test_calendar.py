"""The calendar: posts per local day in the asked zone (scheduled, published, queued, recurring
occurrences expanded beyond the horizon), a bounded range."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from apps.scheduling.models import ScheduledPost
from tests.factories import ScheduledPostFactory, set_quota

pytestmark = pytest.mark.django_db


def _calendar(client, base, start, end, tz=None):
    params = {"start": start.isoformat(), "end": end.isoformat(), **({"tz": tz} if tz else {})}
    return client.get(f"{base}/calendar/", params)


def test_calendar_range_over_92_days_is_400(auth_client, base):
    today = timezone.now().date()

    response = _calendar(auth_client, base, today, today + timedelta(days=92))

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"
    assert "end" in response.json()["error"]["details"]
    assert _calendar(auth_client, base, today, today + timedelta(days=91)).status_code == 200


def test_calendar_refuses_an_unknown_zone_and_a_reversed_range(auth_client, base):
    today = timezone.now().date()

    assert _calendar(auth_client, base, today, today, tz="Mars/Base").status_code == 400
    assert _calendar(auth_client, base, today, today - timedelta(days=1)).status_code == 400


def test_calendar_puts_a_post_on_its_local_day(auth_client, base, make_content):
    # 23:30 UTC is the next day in Sydney and the same day in New York.
    when = datetime.combine(timezone.now().date() + timedelta(days=3), datetime.min.time(), tzinfo=UTC)
    when += timedelta(hours=23, minutes=30)
    post = ScheduledPostFactory(content=make_content(), scheduled_at=when, status="published")
    start, end = when.date() - timedelta(days=1), when.date() + timedelta(days=2)

    for tz, day in (("Australia/Sydney", when.date() + timedelta(days=1)), ("America/New_York", when.date())):
        body = _calendar(auth_client, base, start, end, tz=tz).json()
        found = [(d["date"], i["id"], i["kind"], i["status"]) for d in body["days"] for i in d["items"]]
        assert found == [(day.isoformat(), str(post.pk), "post", "published")]
        assert body["timezone"] == tz


def test_calendar_shows_queued_posts_and_occurrences_beyond_the_horizon(auth_client, base, make_content, org):
    set_quota(org, posts=None)
    auth_client.put(
        f"{base}/schedule/",
        {"timezone": "Europe/Berlin", "slots": [{"weekday": 0, "local_time": "09:00"}]},
        format="json",
    )
    queued = auth_client.post(f"{base}/queue/", {"content_id": str(make_content().pk)}, format="json").json()
    series = auth_client.post(
        f"{base}/recurrences/",
        {"content_id": str(make_content().pk), "frequency": "weekly", "weekdays": [3], "local_time": "12:00"},
        format="json",
    ).json()
    start = timezone.now().date()

    body = _calendar(auth_client, base, start, start + timedelta(days=60)).json()

    items = [i for d in body["days"] for i in d["items"]]
    kinds = {i["kind"] for i in items}
    assert body["timezone"] == "Europe/Berlin"  # the schedule's when no tz is given
    assert kinds == {"queued", "post", "occurrence"}
    assert [i["id"] for i in items if i["kind"] == "queued"] == [queued["id"]]
    thursday_noon = [i for i in items if i["id"] == series["id"] or i["kind"] == "post"]
    assert {i["local_time"] for i in thursday_noon} == {"12:00"}
    planned = [i for i in items if i["kind"] == "occurrence"]
    assert len(planned) >= 5  # expanded past the 14-day horizon
    assert ScheduledPost.objects.count() in (2, 3)  # only the horizon's occurrences are real posts
    assert len(body["days"]) == 61


def test_calendar_is_bounded_and_says_when_it_truncates(auth_client, base, make_content, org, settings, monkeypatch):
    from apps.planner import selectors

    monkeypatch.setattr(selectors, "CALENDAR_MAX_ITEMS", 3)
    set_quota(org, posts=None)
    auth_client.post(
        f"{base}/recurrences/",
        {"content_id": str(make_content().pk), "frequency": "daily", "local_time": "12:00", "timezone": "UTC"},
        format="json",
    )
    start = timezone.now().date()

    body = _calendar(auth_client, base, start, start + timedelta(days=30)).json()

    assert body["truncated"] is True
    assert sum(len(d["items"]) for d in body["days"]) == 3


def test_calendar_query_count_does_not_grow_with_items(
    auth_client, base, make_content, org, django_assert_max_num_queries
):
    set_quota(org, posts=None)
    auth_client.put(
        f"{base}/schedule/",
        {"timezone": "UTC", "slots": [{"weekday": d, "local_time": "10:00"} for d in range(7)]},
        format="json",
    )
    for _ in range(4):
        auth_client.post(f"{base}/queue/", {"content_id": str(make_content().pk)}, format="json")
        auth_client.post(
            f"{base}/recurrences/",
            {"content_id": str(make_content().pk), "frequency": "daily", "local_time": "12:00", "timezone": "UTC"},
            format="json",
        )
    start = timezone.now().date()

    with django_assert_max_num_queries(10):
        body = _calendar(auth_client, base, start, start + timedelta(days=30)).json()

    assert sum(len(d["items"]) for d in body["days"]) > 100
