"""What the planner plugs into the lower apps (installed by ``PlannerConfig.ready()``): its periodic
worker chain."""

from apps.common.tasks import register_periodic_task
from apps.planner.tasks import planner_ensure_scheduled


def install() -> None:
    register_periodic_task("planner_tick", planner_ensure_scheduled)
