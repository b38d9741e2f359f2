"""Recurring posts: occurrences are real scheduled posts created within the horizon, at the same
local time across daylight-saving changes, monthly clamped, limited by a count or a date, held when
the period's posts are used up, and edits reaching future occurrences only."""

import calendar
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from apps.planner import times
from apps.planner.models import Occurrence, OccurrenceStatus, RecurringSeries
from apps.planner.recurrence import series_plan_due
from apps.scheduling.models import PostStatus, ScheduledPost
from apps.subscriptions.models import UsagePeriod
from tests.factories import set_quota

pytestmark = pytest.mark.django_db


@pytest.fixture
def unlimited(org):
    set_quota(org, posts=None)


def _create(client, base, content, **rule):
    body = {"content_id": str(content.pk), "local_time": "09:00", **rule}
    return client.post(f"{base}/recurrences/", body, format="json")


def _posts(series_id) -> list[ScheduledPost]:
    return [
        o.scheduled_post
        for o in Occurrence.objects.filter(series_id=series_id, status=OccurrenceStatus.SCHEDULED)
        .select_related("scheduled_post")
        .order_by("occurrence_at")
    ]


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York", "Australia/Sydney"])
def test_weekly_occurrences_stay_at_nine_local_across_a_dst_change(
    zone, auth_client, base, make_content, unlimited, settings
):
    settings.PLANNER_RECURRENCE_HORIZON_DAYS = 150  # from December to May: every zone changes once
    response = _create(auth_client, base, make_content(), frequency="weekly", weekdays=[6], timezone=zone)

    assert response.status_code == 201, response.json()
    posts = _posts(response.json()["id"])
    tz = times.zone_get(zone)
    assert len(posts) >= 20
    assert {post.scheduled_at.astimezone(tz).strftime("%a %H:%M") for post in posts} == {"Sun 09:00"}
    assert len({post.scheduled_at.astimezone(tz).utcoffset() for post in posts}) == 2
    assert all(post.status != PostStatus.CANCELLED for post in posts)


def test_monthly_on_the_31st_is_clamped_to_short_months(auth_client, base, make_content, unlimited, settings):
    settings.PLANNER_RECURRENCE_HORIZON_DAYS = 150
    response = _create(auth_client, base, make_content(), frequency="monthly", month_day=31, timezone="UTC", count=4)

    days = [post.scheduled_at.date() for post in _posts(response.json()["id"])]
    assert len(days) == 4
    assert [day.day for day in days] == [calendar.monthrange(day.year, day.month)[1] for day in days]
    assert len({day.month for day in days}) == 4


def test_daily_count_limits_the_occurrences(auth_client, base, make_content, unlimited):
    response = _create(auth_client, base, make_content(), frequency="daily", count=3, timezone="UTC")

    assert len(_posts(response.json()["id"])) == 3
    assert series_plan_due() == {"occurrences_created": 0, "held_released": 0}


def test_daily_until_a_date_stops_there(auth_client, base, make_content, unlimited):
    until = (timezone.now() + timedelta(days=4)).date()
    response = _create(auth_client, base, make_content(), frequency="daily", until=until.isoformat(), timezone="UTC")

    assert max(post.scheduled_at.date() for post in _posts(response.json()["id"])) == until


def test_worker_creates_occurrences_as_the_horizon_moves(auth_client, base, make_content, unlimited, settings):
    settings.PLANNER_RECURRENCE_HORIZON_DAYS = 3
    series_id = _create(auth_client, base, make_content(), frequency="daily", timezone="UTC").json()["id"]
    first = len(_posts(series_id))

    settings.PLANNER_RECURRENCE_HORIZON_DAYS = 6
    outcome = series_plan_due()

    assert first in (3, 4)
    assert outcome["occurrences_created"] == 3
    assert len(_posts(series_id)) == first + 3


def test_occurrence_spends_a_post_and_is_held_when_the_period_is_used_up(auth_client, base, make_content, org):
    set_quota(org, posts=2)
    series_id = _create(auth_client, base, make_content(), frequency="daily", count=4, timezone="UTC").json()["id"]

    statuses = list(Occurrence.objects.filter(series_id=series_id).values_list("status", flat=True))
    held = Occurrence.objects.filter(series_id=series_id, status=OccurrenceStatus.HELD).first()
    assert statuses == ["scheduled", "scheduled", "held", "held"]
    assert UsagePeriod.objects.get(organization=org).posts_used == 2
    assert held.scheduled_post is None
    assert held.last_error["code"] == "quota_exceeded"
    detail = auth_client.get(f"/api/v1/planner/recurrences/{series_id}/").json()
    assert [o["status"] for o in detail["occurrences"]].count("held") == 2

    set_quota(org, posts=10)
    outcome = series_plan_due()

    assert outcome["held_released"] == 2
    assert Occurrence.objects.filter(series_id=series_id, status=OccurrenceStatus.SCHEDULED).count() == 4


def test_an_occurrence_is_a_real_post_that_can_be_cancelled(auth_client, base, make_content, unlimited):
    series_id = _create(auth_client, base, make_content(), frequency="daily", count=2, timezone="UTC").json()["id"]
    post = _posts(series_id)[0]

    response = auth_client.post(f"/api/v1/scheduling/{post.pk}/cancel/")

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"


def test_edit_changes_future_occurrences_only(auth_client, base, make_content, unlimited):
    series_id = _create(auth_client, base, make_content(), frequency="daily", timezone="UTC").json()["id"]
    # The first two occurrences are already due: as if their time had come.
    past = list(Occurrence.objects.filter(series_id=series_id).order_by("occurrence_at")[:2])
    for offset, occurrence in enumerate(past):
        when = timezone.now() - timedelta(minutes=10 - offset)
        Occurrence.objects.filter(pk=occurrence.pk).update(occurrence_at=when)
        ScheduledPost.objects.filter(pk=occurrence.scheduled_post_id).update(scheduled_at=when)
    future_posts = [
        o.scheduled_post_id for o in Occurrence.objects.filter(series_id=series_id).order_by("occurrence_at")[2:]
    ]

    response = auth_client.patch(f"/api/v1/planner/recurrences/{series_id}/", {"local_time": "18:30"}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["local_time"] == "18:30"
    kept = ScheduledPost.objects.filter(pk__in=[o.scheduled_post_id for o in past])
    assert len(kept) == 2 and all(post.status != PostStatus.CANCELLED for post in kept)
    assert set(ScheduledPost.objects.filter(pk__in=future_posts).values_list("status", flat=True)) == {"cancelled"}
    new = _posts(series_id)[2:]
    assert new and {post.scheduled_at.strftime("%H:%M") for post in new} == {"18:30"}


def test_edit_with_a_count_counts_the_occurrences_kept(auth_client, base, make_content, unlimited):
    series_id = _create(auth_client, base, make_content(), frequency="daily", count=5, timezone="UTC").json()["id"]
    first = Occurrence.objects.filter(series_id=series_id).order_by("occurrence_at").first()
    when = timezone.now() - timedelta(minutes=5)
    Occurrence.objects.filter(pk=first.pk).update(occurrence_at=when)

    auth_client.patch(f"/api/v1/planner/recurrences/{series_id}/", {"local_time": "07:15"}, format="json")

    live = Occurrence.objects.filter(series_id=series_id).exclude(status=OccurrenceStatus.SUPERSEDED)
    assert live.count() == 5
    assert RecurringSeries.objects.get(pk=series_id).counted_before == 1


def test_end_cancels_future_occurrences(auth_client, base, make_content, unlimited):
    series_id = _create(auth_client, base, make_content(), frequency="daily", count=3, timezone="UTC").json()["id"]

    response = auth_client.delete(f"/api/v1/planner/recurrences/{series_id}/")

    assert response.status_code == 204
    assert {p.status for p in ScheduledPost.objects.all()} == {"cancelled"}
    assert RecurringSeries.objects.get(pk=series_id).ended_at is not None
    assert series_plan_due()["occurrences_created"] == 0


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        ({"frequency": "weekly"}, "weekdays"),
        ({"frequency": "daily", "weekdays": [1]}, "weekdays"),
        ({"frequency": "daily", "timezone": "Nowhere/Land"}, "timezone"),
        ({"frequency": "monthly", "month_day": 32}, "month_day"),
        ({"frequency": "daily", "starts_on": "2027-01-10", "until": "2027-01-01"}, "until"),
    ],
)
def test_series_create_refuses_an_invalid_rule(rule, field, auth_client, base, make_content):
    response = _create(auth_client, base, make_content(), **rule)

    assert response.status_code == 400
    assert field in response.json()["error"]["details"]
    assert RecurringSeries.objects.count() == 0


def test_series_list_and_detail(auth_client, base, make_content, unlimited):
    series_id = _create(auth_client, base, make_content(), frequency="weekly", weekdays=[0, 2], count=2).json()["id"]

    listed = auth_client.get(f"{base}/recurrences/").json()["results"]
    detail = auth_client.get(f"/api/v1/planner/recurrences/{series_id}/").json()

    assert [s["id"] for s in listed] == [series_id]
    assert detail["weekdays"] == [0, 2]
    assert len(detail["occurrences"]) == 2


def test_starts_on_in_the_future_waits_for_it(auth_client, base, make_content, unlimited):
    start = (timezone.now() + timedelta(days=5)).date()
    series_id = _create(
        auth_client, base, make_content(), frequency="daily", starts_on=start.isoformat(), timezone="UTC"
    ).json()["id"]

    first = _posts(series_id)[0].scheduled_at
    assert first.date() == start and first == datetime.combine(start, first.timetz())
    assert date.today() < first.date()


def test_occurrence_fails_cleanly_when_the_scheduler_is_not_configured(
    auth_client, base, make_content, unlimited, settings, org
):
    settings.SCHEDULER_BACKEND = "http"
    settings.SCHEDULER_SERVICE_URL = ""

    response = _create(auth_client, base, make_content(), frequency="daily", count=2, timezone="UTC")

    assert response.status_code == 201
    statuses = set(Occurrence.objects.values_list("status", "last_error__code"))
    assert statuses == {(OccurrenceStatus.FAILED, "scheduler_not_configured")}
    assert UsagePeriod.objects.filter(organization=org, posts_used__gt=0).count() == 0  # nothing spent


def test_recurrence_writes_are_audited(auth_client, base, make_content, unlimited, org):
    from apps.audit.models import AuditEntry

    series_id = _create(auth_client, base, make_content(), frequency="daily", count=2, timezone="UTC").json()["id"]
    auth_client.patch(f"/api/v1/planner/recurrences/{series_id}/", {"local_time": "10:00"}, format="json")
    auth_client.delete(f"/api/v1/planner/recurrences/{series_id}/")

    actions = set(AuditEntry.objects.filter(organization_id=org.pk).values_list("action", flat=True))
    assert {"recurrence.created", "recurrence.updated", "recurrence.ended", "post.scheduled"} <= actions
