"""The posting schedule and the queue through the API: slots, add to the next free slot, 409 when
full, reorder, move, remove, pause/resume, the worker creating the posts, roles and tenants."""

import uuid
from datetime import UTC, datetime, time, timedelta

import pytest
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.common.events import SYSTEM, Event
from apps.organizations.models import Role
from apps.planner import times
from apps.planner.models import EntryStatus, PostingSchedule, QueueEntry
from apps.planner.services import queue_entries_release, queue_materialize_due
from apps.scheduling.models import PostStatus, ScheduledPost
from tests.factories import MembershipFactory
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db

EVERY_DAY_9_AND_17 = [{"weekday": d, "local_time": t} for d in range(7) for t in ("09:00", "17:00")]


def _slots_away_from_now() -> list[dict]:
    """Slots every day at two hours five to twelve hours from now, in UTC: what the worker does in a
    test is then never decided by the time of day the test runs at (its lead is minutes)."""
    now = datetime.now(UTC)
    hours = [(now + timedelta(hours=ahead)).strftime("%H:00") for ahead in (6, 12)]
    return [{"weekday": d, "local_time": t} for d in range(7) for t in hours]


def _fill(client, base, slots=EVERY_DAY_9_AND_17, tz="Europe/Berlin"):
    response = client.put(f"{base}/schedule/", {"timezone": tz, "slots": slots}, format="json")
    assert response.status_code == 200, response.json()
    return response.json()


def _add(client, base, content):
    return client.post(f"{base}/queue/", {"content_id": str(content.pk)}, format="json")


def _queue(client, base) -> list[dict]:
    response = client.get(f"{base}/queue/")
    assert response.status_code == 200
    return response.json()["results"]


def test_schedule_read_before_any_write_is_empty_utc(auth_client, base):
    body = auth_client.get(f"{base}/schedule/").json()

    assert body["timezone"] == "UTC"
    assert body["slots"] == []
    assert body["paused"] is False


def test_schedule_replace_keeps_slots_and_zone(auth_client, base):
    body = _fill(
        auth_client, base, slots=[{"weekday": 0, "local_time": "09:00"}, {"weekday": 0, "local_time": "09:00"}]
    )

    assert body["timezone"] == "Europe/Berlin"
    assert body["slots"] == [{"weekday": 0, "local_time": "09:00"}]  # the duplicate kept once
    berlin = times.zone_get("Europe/Berlin")
    assert all(
        datetime.fromisoformat(s).astimezone(berlin).strftime("%a %H:%M") == "Mon 09:00"
        for s in body["next_free_slots"]
    )


def test_schedule_replace_refuses_a_zone_that_is_not_iana(auth_client, base):
    response = auth_client.put(f"{base}/schedule/", {"timezone": "Berlin/Mitte", "slots": []}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"
    assert "timezone" in response.json()["error"]["details"]


@pytest.mark.parametrize("given", ["00:00:00Z", "09:00+02:00", "9h", "24:00"])
def test_schedule_replace_refuses_a_slot_time_with_an_offset_or_out_of_range(auth_client, base, given):
    """A slot is a wall-clock time in the schedule's zone: an offset would say another zone."""
    response = auth_client.put(
        f"{base}/schedule/", {"timezone": "UTC", "slots": [{"weekday": 0, "local_time": given}]}, format="json"
    )

    assert response.status_code == 400
    assert "slots" in response.json()["error"]["details"]


def test_schedule_slot_times_are_answered_as_hh_mm_whatever_the_input(auth_client, base):
    body = _fill(auth_client, base, slots=[{"weekday": 0, "local_time": "07:15:00"}], tz="UTC")

    assert body["slots"] == [{"weekday": 0, "local_time": "07:15"}]


def test_queue_add_takes_the_next_free_slots_in_order(auth_client, base, make_content):
    _fill(auth_client, base)

    added = [_add(auth_client, base, make_content()) for _ in range(5)]

    assert [r.status_code for r in added] == [201] * 5
    slots = [datetime.fromisoformat(r.json()["slot_at"]) for r in added]
    assert slots == sorted(slots) and len(set(slots)) == 5
    berlin = times.zone_get("Europe/Berlin")
    assert {s.astimezone(berlin).strftime("%H:%M") for s in slots} <= {"09:00", "17:00"}
    assert slots[0] > timezone.now()
    assert [e["id"] for e in _queue(auth_client, base)] == [r.json()["id"] for r in added]


def test_queue_add_with_no_free_slot_in_90_days_is_409_queue_full(auth_client, base, make_content):
    _fill(auth_client, base, slots=[])

    response = _add(auth_client, base, make_content())

    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "queue_full"
    assert error["details"]["lookahead_days"] == 90
    assert QueueEntry.objects.count() == 0


def test_queue_add_when_every_slot_of_90_days_is_taken_is_409(auth_client, base, make_content, workspace):
    _fill(auth_client, base, slots=[{"weekday": 2, "local_time": "12:00"}])  # 12 or 13 Wednesdays in 90 days
    answers = [_add(auth_client, base, make_content()).status_code for _ in range(14)]

    assert answers.count(201) in (12, 13)
    assert answers[-1] == 409


def test_queue_add_content_of_another_workspace_is_404(auth_client, base, make_content, org):
    from tests.factories import WorkspaceFactory

    other = WorkspaceFactory(organization=org, name="Other")
    _fill(auth_client, base)
    content = make_content()
    content.workspace = other
    content.save(update_fields=["workspace"])

    assert _add(auth_client, base, content).status_code == 404


def test_queue_reorder_swaps_slots_and_keeps_the_set(auth_client, base, make_content):
    _fill(auth_client, base)
    ids = [_add(auth_client, base, make_content()).json()["id"] for _ in range(3)]
    before = [e["slot_at"] for e in _queue(auth_client, base)]

    response = auth_client.post(f"{base}/queue/reorder/", {"entry_ids": [ids[2], ids[0], ids[1]]}, format="json")

    assert response.status_code == 200
    queue = _queue(auth_client, base)
    assert [e["id"] for e in queue] == [ids[2], ids[0], ids[1]]
    assert [e["slot_at"] for e in queue] == before


def test_queue_reorder_must_name_every_waiting_entry_once(auth_client, base, make_content):
    _fill(auth_client, base)
    ids = [_add(auth_client, base, make_content()).json()["id"] for _ in range(2)]

    for body in ([ids[0]], [ids[0], ids[0]]):
        response = auth_client.post(f"{base}/queue/reorder/", {"entry_ids": body}, format="json")
        assert response.status_code == 400
        assert "entry_ids" in response.json()["error"]["details"]


def test_queue_move_to_a_free_slot_then_to_a_taken_one_is_409(auth_client, base, make_content):
    _fill(auth_client, base)
    first, second = (_add(auth_client, base, make_content()).json() for _ in range(2))
    free = _fill(auth_client, base)["next_free_slots"][2]

    moved = auth_client.patch(f"{base}/queue/{first['id']}/", {"slot_at": free}, format="json")
    taken = auth_client.patch(f"{base}/queue/{second['id']}/", {"slot_at": free}, format="json")

    assert moved.status_code == 200
    assert datetime.fromisoformat(moved.json()["slot_at"]) == datetime.fromisoformat(free)
    assert taken.status_code == 409
    assert taken.json()["error"]["code"] == "slot_taken"


def test_queue_move_to_a_time_that_is_not_a_slot_is_400(auth_client, base, make_content):
    _fill(auth_client, base)
    entry = _add(auth_client, base, make_content()).json()
    not_a_slot = (datetime.fromisoformat(entry["slot_at"]) + timedelta(minutes=30)).isoformat()

    response = auth_client.patch(f"{base}/queue/{entry['id']}/", {"slot_at": not_a_slot}, format="json")

    assert response.status_code == 400
    assert "slot_at" in response.json()["error"]["details"]


def test_queue_remove_frees_the_slot(auth_client, base, make_content):
    _fill(auth_client, base)
    entry = _add(auth_client, base, make_content()).json()

    assert auth_client.delete(f"{base}/queue/{entry['id']}/").status_code == 204
    assert _queue(auth_client, base) == []
    assert _add(auth_client, base, make_content()).json()["slot_at"] == entry["slot_at"]


def _due_now(entry_id):
    """Bring an entry's slot within the worker's lead (as if its time had come)."""
    QueueEntry.objects.filter(pk=entry_id).update(slot_at=timezone.now() + timedelta(minutes=5))


def test_worker_creates_the_post_of_a_due_entry(auth_client, base, make_content):
    _fill(auth_client, base, slots=_slots_away_from_now(), tz="UTC")
    entry = _add(auth_client, base, make_content()).json()
    assert queue_materialize_due() == {"scheduled": 0, "failed": 0, "held": 0}  # not due yet: no post

    _due_now(entry["id"])
    outcome = queue_materialize_due()

    row = QueueEntry.objects.get(pk=entry["id"])
    assert outcome["scheduled"] == 1
    assert row.status == EntryStatus.SCHEDULED
    assert row.scheduled_post.scheduled_at == row.slot_at
    assert row.scheduled_post.status in (PostStatus.PENDING, PostStatus.QUEUED, PostStatus.PUBLISHED)


def test_paused_queue_creates_no_post_and_keeps_its_order(auth_client, base, make_content):
    _fill(auth_client, base, slots=_slots_away_from_now(), tz="UTC")
    ids = [_add(auth_client, base, make_content()).json()["id"] for _ in range(3)]
    paused = auth_client.post(f"{base}/queue/pause/")
    _due_now(ids[0])

    outcome = queue_materialize_due()

    assert paused.status_code == 200 and paused.json()["paused"] is True
    assert outcome["scheduled"] == 0
    assert ScheduledPost.objects.count() == 0
    assert [e["id"] for e in _queue(auth_client, base)] == ids


def test_pause_cancels_the_posts_already_made_and_resume_reflows_in_order(auth_client, base, make_content):
    weekly = _slots_away_from_now()
    _fill(auth_client, base, slots=weekly, tz="UTC")
    ids = [_add(auth_client, base, make_content()).json()["id"] for _ in range(3)]
    _due_now(ids[0])
    queue_materialize_due()
    post = QueueEntry.objects.get(pk=ids[0]).scheduled_post
    assert post is not None

    auth_client.post(f"{base}/queue/pause/")
    post.refresh_from_db()
    entry = QueueEntry.objects.get(pk=ids[0])
    assert post.status == PostStatus.CANCELLED
    assert entry.status == EntryStatus.WAITING and entry.scheduled_post is None

    resumed = auth_client.post(f"{base}/queue/resume/")
    queue = _queue(auth_client, base)
    assert resumed.json()["paused"] is False
    assert [e["id"] for e in queue] == ids
    slots = [datetime.fromisoformat(e["slot_at"]) for e in queue]
    assert (
        slots
        == list(
            times.slot_instants(
                [(slot["weekday"], time.fromisoformat(slot["local_time"])) for slot in weekly],
                times.zone_get("UTC"),
                after=timezone.now() + timedelta(minutes=1),
                until=timezone.now() + timedelta(days=5),
            )
        )[:3]
    )


def test_failed_entry_keeps_the_error_of_scheduling(auth_client, base, make_content):
    _fill(auth_client, base, slots=_slots_away_from_now(), tz="UTC")
    content = make_content()
    entry = _add(auth_client, base, content).json()
    content.archived_at = timezone.now()
    content.save(update_fields=["archived_at"])
    _due_now(entry["id"])

    queue_materialize_due()

    row = QueueEntry.objects.get(pk=entry["id"])
    assert row.status == EntryStatus.FAILED
    assert row.last_error["code"] == "content_archived"


def test_entry_whose_slot_passed_long_ago_fails_as_missed(auth_client, base, make_content):
    _fill(auth_client, base, slots=_slots_away_from_now(), tz="UTC")
    entry = _add(auth_client, base, make_content()).json()
    QueueEntry.objects.filter(pk=entry["id"]).update(slot_at=timezone.now() - timedelta(hours=2))

    queue_materialize_due()

    row = QueueEntry.objects.get(pk=entry["id"])
    assert (row.status, row.last_error["code"]) == (EntryStatus.FAILED, "slot_missed")
    assert ScheduledPost.objects.count() == 0


def test_queue_writes_are_audited(auth_client, base, make_content, org):
    from apps.audit.models import AuditEntry

    _fill(auth_client, base)
    _add(auth_client, base, make_content())
    auth_client.post(f"{base}/queue/pause/")

    actions = set(AuditEntry.objects.filter(organization_id=org.pk).values_list("action", flat=True))
    assert {"schedule.updated", "queue.post_added", "queue.paused"} <= actions


@pytest.mark.parametrize("role", [Role.VIEWER])
def test_viewer_reads_the_schedule_and_queue_but_cannot_write(role, auth_client, base, make_content, org, make_user):
    _fill(auth_client, base)
    entry = _add(auth_client, base, make_content()).json()
    viewer = make_user(email="viewer@example.com")
    MembershipFactory(organization=org, user=viewer, role=role)
    client = client_for(viewer)

    assert client.get(f"{base}/schedule/").status_code == 200
    assert client.get(f"{base}/queue/").status_code == 200
    assert client.get(f"{base}/calendar/", {"start": "2026-01-01", "end": "2026-01-31"}).status_code == 200
    writes = [
        client.put(f"{base}/schedule/", {"timezone": "UTC", "slots": []}, format="json"),
        client.post(f"{base}/queue/", {"content_id": entry["content_id"]}, format="json"),
        client.post(f"{base}/queue/reorder/", {"entry_ids": [entry["id"]]}, format="json"),
        client.post(f"{base}/queue/pause/"),
        client.post(f"{base}/queue/resume/"),
        client.patch(f"{base}/queue/{entry['id']}/", {"slot_at": entry["slot_at"]}, format="json"),
        client.delete(f"{base}/queue/{entry['id']}/"),
        client.post(f"{base}/evergreen/", {"content_id": entry["content_id"]}, format="json"),
    ]
    assert [w.status_code for w in writes] == [403] * len(writes)
    assert {w.json()["error"]["code"] for w in writes} == {"permission_denied"}
    assert PostingSchedule.objects.get().paused_at is None


def test_editor_may_write(auth_client, base, make_content, org, make_user):
    editor = make_user(email="editor@example.com")
    MembershipFactory(organization=org, user=editor, role=Role.EDITOR)

    response = client_for(editor).put(f"{base}/schedule/", {"timezone": "UTC", "slots": []}, format="json")

    assert response.status_code == 200


def test_outsider_gets_404_like_a_missing_workspace(base, make_user):
    outsider = client_for(make_user(email="outsider@example.com"))

    answers = [
        outsider.get(f"{base}/schedule/"),
        outsider.get(f"{base}/queue/"),
        outsider.post(f"{base}/queue/pause/"),
    ]
    missing = outsider.get("/api/v1/planner/workspaces/00000000-0000-0000-0000-000000000000/schedule/")
    assert [a.status_code for a in answers] == [404, 404, 404]
    assert {a.json()["error"]["message"] for a in answers} == {missing.json()["error"]["message"]}


def test_slot_instants_never_gives_the_past():
    zone = times.zone_get("UTC")
    now = datetime(2026, 1, 5, 12, tzinfo=UTC)  # a Monday

    instants = list(times.slot_instants([(0, time(9)), (0, time(13))], zone, after=now, until=now + timedelta(days=8)))

    assert instants == [
        datetime(2026, 1, 5, 13, tzinfo=UTC),
        datetime(2026, 1, 12, 9, tzinfo=UTC),
        datetime(2026, 1, 12, 13, tzinfo=UTC),
    ]


def test_entry_fails_cleanly_when_the_scheduler_is_not_configured(auth_client, base, make_content, settings):
    _fill(auth_client, base, slots=_slots_away_from_now(), tz="UTC")
    entry = _add(auth_client, base, make_content()).json()
    settings.SCHEDULER_BACKEND = "http"
    settings.SCHEDULER_SERVICE_URL = ""
    _due_now(entry["id"])

    outcome = queue_materialize_due()

    row = QueueEntry.objects.get(pk=entry["id"])
    assert outcome == {"scheduled": 0, "failed": 1, "held": 0}
    assert (row.status, row.last_error["code"]) == (EntryStatus.FAILED, "scheduler_not_configured")


def test_entry_of_a_member_no_longer_editor_fails_as_author_gone(base, make_content, org, make_user):
    from apps.organizations.models import OrganizationMember

    editor = make_user(email="leaving@example.com")
    MembershipFactory(organization=org, user=editor, role=Role.EDITOR)
    client = client_for(editor)
    _fill(client, base, slots=_slots_away_from_now(), tz="UTC")
    entry = _add(client, base, make_content()).json()
    OrganizationMember.objects.filter(organization=org, user=editor).update(role=Role.VIEWER)
    _due_now(entry["id"])

    queue_materialize_due()

    row = QueueEntry.objects.get(pk=entry["id"])
    assert (row.status, row.last_error["code"]) == (EntryStatus.FAILED, "author_gone")
    assert ScheduledPost.objects.count() == 0


def test_queue_list_query_count_does_not_grow_with_entries(
    auth_client, base, make_content, django_assert_max_num_queries
):
    _fill(auth_client, base)
    for _ in range(8):
        _add(auth_client, base, make_content())

    with django_assert_max_num_queries(6):
        assert len(_queue(auth_client, base)) == 8


def test_slot_in_the_skipped_hour_and_one_at_three_give_one_instant():
    zone = times.zone_get("Europe/Berlin")
    after = datetime(2026, 3, 28, 12, tzinfo=UTC)

    instants = list(
        times.slot_instants([(6, time(2, 30)), (6, time(3, 0))], zone, after=after, until=after + timedelta(days=1))
    )

    assert instants == [datetime(2026, 3, 29, 1, tzinfo=UTC)]  # 03:00 CEST, published once


def test_deleting_the_organization_deletes_its_plan(make_user):
    from apps.organizations.selectors import workspace_default
    from apps.organizations.services import organization_create, organization_delete
    from apps.planner.models import EvergreenContent
    from tests.factories import ContentFactory

    owner = make_user(email="team-owner@example.com")
    organization = organization_create(owner=owner, name="Short-lived")
    workspace = workspace_default(organization_id=organization.pk)
    client = client_for(owner)
    base = f"/api/v1/planner/workspaces/{workspace.pk}"
    _fill(client, base)
    content = ContentFactory(organization=organization, workspace=workspace, created_by=owner)
    _add(client, base, content)
    client.post(f"{base}/evergreen/", {"content_id": str(content.pk)}, format="json")

    organization_delete(user=owner, organization_id=organization.pk)

    assert QueueEntry.objects.count() == 0
    assert PostingSchedule.objects.count() == 0
    assert EvergreenContent.objects.count() == 0


def _materialized(client, base, make_content) -> QueueEntry:
    _fill(client, base, slots=_slots_away_from_now(), tz="UTC")
    entry = _add(client, base, make_content()).json()
    _due_now(entry["id"])
    queue_materialize_due()
    row = QueueEntry.objects.get(pk=entry["id"])
    assert row.status == EntryStatus.SCHEDULED and row.scheduled_post is not None
    return row


def test_cancelling_a_queued_post_by_hand_gives_its_slot_back(auth_client, base, make_content):
    entry = _materialized(auth_client, base, make_content)

    cancelled = auth_client.post(f"/api/v1/scheduling/{entry.scheduled_post_id}/cancel/")

    entry.refresh_from_db()
    assert cancelled.status_code == 200 and cancelled.json()["status"] == PostStatus.CANCELLED
    assert entry.status == EntryStatus.REMOVED
    assert str(entry.pk) not in [e["id"] for e in _queue(auth_client, base)]
    assert AuditEntry.objects.filter(action="queue.post_removed", target_id=str(entry.pk)).count() == 1


def test_cancelling_a_post_of_a_paused_queue_leaves_its_entry_waiting_in_its_slot(auth_client, base, make_content):
    entry = _materialized(auth_client, base, make_content)
    PostingSchedule.objects.filter(pk=entry.schedule_id).update(paused_at=timezone.now())

    auth_client.post(f"/api/v1/scheduling/{entry.scheduled_post_id}/cancel/")

    slot = entry.slot_at
    entry.refresh_from_db()
    assert entry.status == EntryStatus.WAITING and entry.scheduled_post is None and entry.slot_at == slot


def test_events_other_than_a_cancellation_cost_the_planner_no_query(django_assert_num_queries):
    published = Event(
        type="post.published",
        organization_id=None,
        actor=SYSTEM,
        target_type="scheduled_post",
        target_id=str(uuid.uuid4()),
    )

    with django_assert_num_queries(0):
        queue_entries_release([published])


def test_deleting_a_queued_posts_content_takes_its_entry_out_of_the_queue(auth_client, base, make_content):
    entry = _materialized(auth_client, base, make_content)

    deleted = auth_client.delete(f"/api/v1/content/{entry.content_id}/")

    entry.refresh_from_db()
    assert deleted.status_code == 204
    assert entry.scheduled_post.status == PostStatus.CANCELLED
    assert entry.status == EntryStatus.REMOVED
