"""PostgreSQL with real concurrency: simultaneous "add to queue" requests never give two posts the
same slot (the unique constraint refuses the loser's INSERT; it takes the next free slot)."""

import pytest

from apps.planner.models import QueueEntry
from apps.planner.services import queue_add, schedule_replace
from tests.support.concurrency import run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_concurrent_queue_adds_take_distinct_slots(user, workspace, make_content):
    from datetime import time

    schedule_replace(
        user=user,
        workspace_id=workspace.pk,
        timezone_name="America/New_York",
        slots=[{"weekday": day, "local_time": time(9)} for day in range(7)],
    )
    contents = [make_content() for _ in range(8)]

    results = run_concurrently(
        lambda i: queue_add(user=user, workspace_id=workspace.pk, content_id=contents[i].pk), n=8
    )

    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    slots = list(QueueEntry.objects.values_list("slot_at", flat=True))
    assert len(slots) == 8
    assert len(set(slots)) == 8, "two queued posts share a slot"
    days = sorted(slots)
    assert all((later - earlier).days == 1 for earlier, later in zip(days, days[1:], strict=False))


def test_one_slot_left_and_many_adds_one_wins_the_others_get_409(user, workspace, make_content):
    from datetime import time

    from apps.planner.exceptions import QueueFull, SlotTaken

    schedule_replace(
        user=user, workspace_id=workspace.pk, timezone_name="UTC", slots=[{"weekday": 0, "local_time": time(12)}]
    )
    fillers = [queue_add(user=user, workspace_id=workspace.pk, content_id=make_content().pk) for _ in range(11)]
    contents = [make_content() for _ in range(6)]

    results = run_concurrently(
        lambda i: queue_add(user=user, workspace_id=workspace.pk, content_id=contents[i].pk), n=6
    )

    won = [r for r in results if isinstance(r, QueueEntry)]
    refused = [r for r in results if isinstance(r, QueueFull | SlotTaken)]
    total_slots = len(fillers) + len(won)
    assert len(won) + len(refused) == 6
    assert total_slots in (12, 13)  # Mondays at noon within 90 days
    assert QueueEntry.objects.values("slot_at").distinct().count() == QueueEntry.objects.count()


def test_two_first_puts_of_a_channel_schedule_make_one_row(org, user, workspace):
    """Two PUTs creating the same channel's schedule at once: one row (the conditional unique
    constraint on (workspace, channel) refuses the loser's INSERT; get_or_create reads the winner's)."""
    from datetime import time

    from apps.planner.models import PostingSchedule
    from tests.support.channels import connected_channel

    channel = connected_channel(org, user, workspace=workspace)
    zones = ["Europe/Berlin", "America/New_York"]

    results = run_concurrently(
        lambda i: schedule_replace(
            user=user,
            workspace_id=workspace.pk,
            channel_id=channel.pk,
            timezone_name=zones[i % 2],
            slots=[{"weekday": 0, "local_time": time(9 + i)}],
        ),
        n=6,
    )

    assert [r for r in results if isinstance(r, Exception)] == []
    rows = PostingSchedule.objects.filter(workspace=workspace)
    assert rows.filter(channel=channel).count() == 1
    assert not rows.filter(channel__isnull=True).exists()  # the workspace's own is another row, not made
    assert rows.get().slots.count() == 1  # the last replace won whole
