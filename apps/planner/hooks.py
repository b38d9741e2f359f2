"""What the planner plugs into the lower apps (installed by ``PlannerConfig.ready()``): its periodic
worker chain, and a queued post's cancellation giving its slot back."""

from apps.common.events import subscribe
from apps.common.tasks import register_periodic_task
from apps.planner.services import queue_entries_release
from apps.planner.tasks import planner_ensure_scheduled


def install() -> None:
    register_periodic_task("planner_tick", planner_ensure_scheduled)
    subscribe("planner", queue_entries_release)
