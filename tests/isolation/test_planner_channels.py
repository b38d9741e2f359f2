"""Tenant isolation of the planner's channel variants (``?channel_id=`` on the schedule, queue and
calendar routes), which the route walk of test_isolation.py (path kwargs only) does not send: the
attacker naming the victim's channel — on its own workspace or on the victim's — gets the same 404
as a never-existing channel, and nothing of the victim's schedules and queues changes."""

import uuid
from datetime import time

import pytest
from rest_framework.test import APIClient

from apps.organizations.selectors import workspace_default
from apps.planner.models import PostingSchedule, QueueEntry
from apps.planner.services import queue_add, schedule_replace
from tests.factories import ContentFactory
from tests.support.channels import connected_channel
from tests.support.clients import client_for
from tests.support.organizations import organization_of

pytestmark = pytest.mark.django_db

ROUTES = [
    ("get", "schedule/", None),
    ("put", "schedule/", {"timezone": "UTC", "slots": [{"weekday": 1, "local_time": "10:00"}]}),
    ("get", "queue/", None),
    ("post", "queue/", "content"),
    ("post", "queue/reorder/", {"entry_ids": []}),
    ("post", "queue/pause/", None),
    ("post", "queue/resume/", None),
    ("patch", "queue/{entry}/", {"slot_at": "2030-01-01T09:00:00Z"}),
    ("delete", "queue/{entry}/", None),
    ("get", "calendar/", "dates"),
]


def _snapshot(organization_id) -> list:
    schedules = PostingSchedule.objects.filter(organization_id=organization_id).order_by("pk")
    entries = QueueEntry.objects.filter(organization_id=organization_id).order_by("pk")
    return [
        list(schedules.values_list("pk", "channel_id", "timezone", "paused_at", "updated_at")),
        list(schedules.values_list("slots__weekday", "slots__local_time")),
        list(entries.values_list("pk", "slot_at", "status", "updated_at")),
    ]


def _call(client: APIClient, method: str, url: str, body, content_id: str):
    if body == "content":
        body = {"content_id": content_id}
    if body == "dates":
        return client.get(url + "&start=2030-01-01&end=2030-01-02")
    return getattr(client, method)(url, body, format="json") if body else getattr(client, method)(url)


@pytest.fixture
def victim(make_user):
    owner = make_user(email="victim-owner@example.com")
    organization = organization_of(owner)
    workspace = workspace_default(organization_id=organization.pk)
    channel = connected_channel(organization, owner, workspace=workspace)
    content = ContentFactory(organization=organization, workspace=workspace, created_by=owner, versions=("victim",))
    schedule_replace(
        user=owner,
        workspace_id=workspace.pk,
        channel_id=channel.pk,
        timezone_name="Europe/Berlin",
        slots=[{"weekday": day, "local_time": time(9)} for day in range(7)],
    )
    entry = queue_add(user=owner, workspace_id=workspace.pk, content_id=content.pk, channel_id=channel.pk)
    return organization, workspace, channel, entry


def test_the_victims_channel_answers_like_a_missing_one(make_user, victim):
    organization, victim_workspace, channel, entry = victim
    attacker = make_user(email="attacker@example.com")
    own_workspace = workspace_default(organization_id=organization_of(attacker).pk)
    own_content = ContentFactory(
        organization=organization_of(attacker), workspace=own_workspace, created_by=attacker, versions=("mine",)
    )
    client = client_for(attacker)
    before = _snapshot(organization.pk)

    for workspace in (own_workspace, victim_workspace):
        for method, path, body in ROUTES:
            url = f"/api/v1/planner/workspaces/{workspace.pk}/{path.format(entry=entry.pk)}"
            victim_answer = _call(client, method, f"{url}?channel_id={channel.pk}", body, str(own_content.pk))
            missing_answer = _call(client, method, f"{url}?channel_id={uuid.uuid4()}", body, str(own_content.pk))
            what = f"{method.upper()} {url}?channel_id=<victim's channel>"
            assert victim_answer.status_code == 404, (what, victim_answer.content)
            assert victim_answer.json() == missing_answer.json(), what
            assert str(channel.pk) not in victim_answer.content.decode(), what

    assert _snapshot(organization.pk) == before
    assert not PostingSchedule.objects.filter(channel=channel).exclude(organization=organization).exists()
