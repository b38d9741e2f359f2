"""Per-channel posting schedules and queues (?channel_id=): independent of the workspace's own
schedule (slots, queue, pause), their posts publish to the channel, a channel that needs
reconnecting holds its entries, another workspace's or organization's channel is a 404."""

import pytest
from django.utils import timezone

from apps.channels.models import ChannelState
from apps.organizations.selectors import workspace_default
from apps.planner.models import EntryStatus, PostingSchedule, QueueEntry
from apps.planner.services import queue_materialize_due
from tests.factories import WorkspaceFactory, put_on_plan
from tests.support.channels import connected_channel
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db

MONDAY_9 = [{"weekday": 0, "local_time": "09:00"}]
EVERY_DAY_17 = [{"weekday": d, "local_time": "17:00"} for d in range(7)]


@pytest.fixture
def channel(org, user, workspace):
    return connected_channel(org, user, workspace=workspace)


def _q(channel) -> str:
    return f"?channel_id={channel.pk}"


def _put(client, url, slots, tz="UTC"):
    response = client.put(url, {"timezone": tz, "slots": slots}, format="json")
    assert response.status_code == 200, response.json()
    return response.json()


def test_channel_schedule_is_independent_of_the_workspace_one(auth_client, base, channel, make_content):
    own = _put(auth_client, f"{base}/schedule/", MONDAY_9, tz="Europe/Berlin")
    mine = _put(auth_client, f"{base}/schedule/{_q(channel)}", EVERY_DAY_17)

    assert (own["channel_id"], own["timezone"], own["slots"]) == (None, "Europe/Berlin", MONDAY_9)
    assert (mine["channel_id"], mine["timezone"], len(mine["slots"])) == (str(channel.pk), "UTC", 7)
    assert auth_client.get(f"{base}/schedule/").json()["slots"] == MONDAY_9
    assert PostingSchedule.objects.filter(workspace=channel.workspace).count() == 2

    to_channel = auth_client.post(f"{base}/queue/{_q(channel)}", {"content_id": str(make_content().pk)}, format="json")
    to_workspace = auth_client.post(f"{base}/queue/", {"content_id": str(make_content().pk)}, format="json")
    assert to_channel.status_code == to_workspace.status_code == 201
    assert to_channel.json()["slot_at"].endswith("17:00:00Z")
    channel_queue = auth_client.get(f"{base}/queue/{_q(channel)}").json()["results"]
    workspace_queue = auth_client.get(f"{base}/queue/").json()["results"]
    assert [e["id"] for e in channel_queue] == [to_channel.json()["id"]]
    assert [e["id"] for e in workspace_queue] == [to_workspace.json()["id"]]

    # An entry of the channel's queue is not the workspace queue's: 404 there.
    entry_id = to_channel.json()["id"]
    assert auth_client.delete(f"{base}/queue/{entry_id}/").status_code == 404

    paused = auth_client.post(f"{base}/queue/pause/{_q(channel)}")
    assert paused.status_code == 200 and paused.json()["paused"] is True
    assert auth_client.get(f"{base}/schedule/").json()["paused"] is False

    day = to_channel.json()["slot_at"][:10]
    calendar = auth_client.get(f"{base}/calendar/{_q(channel)}&start={day}&end={day}&tz=UTC")
    items = [item for d in calendar.json()["days"] for item in d["items"]]
    assert calendar.status_code == 200
    assert [(i["kind"], i["id"], i["platform"]) for i in items] == [("queued", entry_id, "mastodon")]


def test_a_channel_queue_entry_becomes_a_post_to_the_channel(auth_client, base, channel, make_content):
    _put(auth_client, f"{base}/schedule/{_q(channel)}", EVERY_DAY_17)
    entry = auth_client.post(f"{base}/queue/{_q(channel)}", {"content_id": str(make_content().pk)}, format="json")
    QueueEntry.objects.filter(pk=entry.json()["id"]).update(slot_at=timezone.now() + timezone.timedelta(minutes=5))

    outcome = queue_materialize_due()

    row = QueueEntry.objects.select_related("scheduled_post").get(pk=entry.json()["id"])
    assert outcome["scheduled"] == 1, row.last_error
    assert row.scheduled_post.channel_id == channel.pk
    assert row.scheduled_post.platform == "mastodon"


def test_paused_channel_queue_publishes_nothing_while_the_workspace_queue_does(
    auth_client, base, channel, make_content
):
    _put(auth_client, f"{base}/schedule/{_q(channel)}", EVERY_DAY_17)
    _put(auth_client, f"{base}/schedule/", EVERY_DAY_17)
    ids = [
        auth_client.post(f"{base}/queue/{q}", {"content_id": str(make_content().pk)}, format="json").json()["id"]
        for q in (_q(channel), "")
    ]
    auth_client.post(f"{base}/queue/pause/{_q(channel)}")
    QueueEntry.objects.filter(pk__in=ids).update(slot_at=timezone.now() + timezone.timedelta(minutes=5))

    queue_materialize_due()

    statuses = dict(QueueEntry.objects.filter(pk__in=ids).values_list("pk", "status"))
    assert [statuses[QueueEntry.objects.get(pk=i).pk] for i in ids] == [EntryStatus.WAITING, EntryStatus.SCHEDULED]


@pytest.mark.parametrize(
    ("state", "status", "outcome"),
    [(ChannelState.RECONNECT_REQUIRED, EntryStatus.WAITING, "held"), (ChannelState.DISCONNECTED, "failed", "failed")],
)
def test_a_channel_not_active_holds_or_fails_its_entries(
    auth_client, base, channel, make_content, state, status, outcome
):
    _put(auth_client, f"{base}/schedule/{_q(channel)}", EVERY_DAY_17)
    entry = auth_client.post(f"{base}/queue/{_q(channel)}", {"content_id": str(make_content().pk)}, format="json")
    QueueEntry.objects.filter(pk=entry.json()["id"]).update(slot_at=timezone.now() + timezone.timedelta(minutes=5))
    type(channel).objects.filter(pk=channel.pk).update(state=state)

    counts = queue_materialize_due()

    row = QueueEntry.objects.get(pk=entry.json()["id"])
    assert counts[outcome] == 1
    assert (row.status, row.scheduled_post_id) == (status, None)
    assert row.last_error["code"] == "channel_not_active"
    assert row.last_error["details"]["state"] == state

    if state == ChannelState.RECONNECT_REQUIRED:  # reconnected before its slot: it gets its post
        type(channel).objects.filter(pk=channel.pk).update(state=ChannelState.ACTIVE)
        assert queue_materialize_due()["scheduled"] == 1


def test_a_channel_of_another_organization_or_workspace_is_404(auth_client, base, org, user, make_user):
    stranger = make_user(email="mallory@example.com")
    foreign = connected_channel(org.__class__.objects.exclude(pk=org.pk).get(members__user=stranger), stranger)
    put_on_plan(org, "team")
    sibling = WorkspaceFactory(organization=org, name="Sibling", created_by=user)
    elsewhere = connected_channel(org, user, workspace=sibling, account_id="2002")
    missing = "00000000-0000-0000-0000-000000000000"

    for channel_id in (foreign.pk, elsewhere.pk, missing):
        for method, path in (("get", "schedule/"), ("get", "queue/"), ("post", "queue/pause/")):
            response = getattr(auth_client, method)(f"{base}/{path}?channel_id={channel_id}")
            assert response.status_code == 404, (channel_id, path)
            assert response.json()["error"]["code"] == "channel_not_found"
        put = auth_client.put(
            f"{base}/schedule/?channel_id={channel_id}", {"timezone": "UTC", "slots": []}, format="json"
        )
        assert put.status_code == 404
    assert auth_client.get(f"{base}/schedule/?channel_id=nope").status_code == 400
    assert auth_client.get(f"{base}/schedule/?channel_id=").status_code == 400  # empty is not "omitted"
    assert not PostingSchedule.objects.filter(channel__isnull=False).exists()


def test_viewer_reads_a_channel_schedule_but_does_not_write_it(base, org, channel, make_user):
    from apps.organizations.models import Role
    from tests.factories import MembershipFactory

    viewer = make_user(email="viewer@example.com")
    MembershipFactory(organization=org, user=viewer, role=Role.VIEWER)
    client = client_for(viewer)

    assert client.get(f"{base}/schedule/{_q(channel)}").status_code == 200
    assert (
        client.put(f"{base}/schedule/{_q(channel)}", {"timezone": "UTC", "slots": []}, format="json").status_code == 403
    )
    assert client.post(f"{base}/queue/pause/{_q(channel)}").status_code == 403


def test_a_workspace_limited_key_learns_nothing_of_a_channel_of_another_workspace(org, user, channel):
    """A key limited to one workspace: another workspace's channel, named on the key's own workspace,
    answers exactly as a channel that never existed; the other workspace itself (with its channel)
    exactly as a workspace that never existed."""
    import uuid

    from rest_framework.test import APIClient

    from apps.organizations.services import api_key_create

    put_on_plan(org, "team")
    mine = WorkspaceFactory(organization=org, name="The key's", created_by=user)
    _, secret = api_key_create(user=user, organization_id=org.pk, name="bot", role="editor", workspace_id=mine.pk)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")

    def read(workspace_id, channel_id):
        response = client.get(f"/api/v1/planner/workspaces/{workspace_id}/schedule/?channel_id={channel_id}")
        return response.status_code, response.content

    assert workspace_default(organization_id=org.pk).pk == channel.workspace_id != mine.pk
    foreign_channel, no_channel = read(mine.pk, channel.pk), read(mine.pk, uuid.uuid4())
    foreign_workspace, no_workspace = read(channel.workspace_id, channel.pk), read(uuid.uuid4(), channel.pk)
    assert foreign_channel == no_channel and foreign_channel[0] == 404
    assert foreign_workspace == no_workspace and foreign_workspace[0] == 404


@pytest.mark.parametrize("with_channel", [False, True])
def test_the_database_refuses_a_second_schedule_of_the_same_workspace_or_channel(org, workspace, channel, with_channel):
    from django.db import IntegrityError, transaction

    target = channel if with_channel else None
    PostingSchedule.objects.create(organization=org, workspace=workspace, channel=target)

    with pytest.raises(IntegrityError), transaction.atomic():
        PostingSchedule.objects.create(organization=org, workspace=workspace, channel=target)
