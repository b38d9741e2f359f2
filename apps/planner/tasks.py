"""The planner's worker chain: every ``PLANNER_TICK_SECONDS`` it creates the posts of due queue
entries, the occurrences of recurring series within the horizon (and retries held ones), and
recycles due evergreen content. Started by ``migrate`` (``register_periodic_task``, apps.planner.hooks)."""

import logging
from datetime import timedelta

from django.conf import settings
from django_tasks import task

from apps.common.tasks import ensure_one_pending
from apps.planner.evergreen import evergreen_recycle_due
from apps.planner.recurrence import series_plan_due
from apps.planner.services import queue_materialize_due

logger = logging.getLogger(__name__)


def planner_tick_run() -> dict[str, int]:
    """One pass of every step; a failing step is logged and does not stop the others."""
    outcomes: dict[str, int] = {}
    for name, step in (
        ("queue", queue_materialize_due),
        ("recurrence", series_plan_due),
        ("evergreen", evergreen_recycle_due),
    ):
        try:
            outcomes.update({f"{name}_{key}": value for key, value in step().items()})
        except Exception:
            logger.exception("planner step failed", extra={"step": name})
    return outcomes


@task()
def planner_tick() -> dict[str, int]:
    planner_ensure_scheduled()
    return planner_tick_run()


def planner_ensure_scheduled() -> bool:
    """Make sure exactly one future tick waits in the database queue."""
    return ensure_one_pending(planner_tick, interval=timedelta(seconds=settings.PLANNER_TICK_SECONDS))
