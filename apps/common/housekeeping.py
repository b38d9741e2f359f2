"""Periodic housekeeping on the task worker: every job deletes in bounded batches.

``common`` knows no job: each app registers its own from its ``hooks.install()`` with
``register_job(name, fn)`` (a ``Registry``: ``apps.common.registry``), where
``fn(*, batch_size, max_batches) -> int`` reads its own retention setting and returns how many rows
it affected. Registered today (``tests/test_registry_map.py`` pins the list): expired JWTs (users),
old Stripe webhook events and stale usage reservations (subscriptions), finished outbox messages
(scheduling), trashed content past its window (content), audit entries past retention (audit) and
old webhook deliveries (webhooks).

Scheduling: the ``housekeeping`` task first enqueues its successor (``run_after`` = now +
``HOUSEKEEPING_INTERVAL_SECONDS``), then runs the jobs, so the chain survives a worker killed mid-run.
The chain is one of the periodic tasks ``migrate`` starts (``apps.common.tasks.periodic_tasks_start``)
and is also started by ``manage.py housekeeping --schedule``; ``manage.py housekeeping`` runs the
jobs once, in the foreground (for cron, if preferred).
"""

import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django_tasks import task

from apps.common.registry import Registry
from apps.common.tasks import ensure_one_pending

logger = logging.getLogger(__name__)

HousekeepingJob = Callable[..., int]

_jobs: Registry[HousekeepingJob] = Registry("apps.common.housekeeping.jobs")


def register_job(name: str, fn: HousekeepingJob) -> None:
    """Add a job, called as ``fn(batch_size=..., max_batches=...)``; ``name`` is its key in the
    results (the same name again replaces it)."""
    _jobs.add(name, fn)


def registered_jobs() -> dict[str, HousekeepingJob]:
    return dict(_jobs.items())


def housekeeping_run(*, batch_size: int | None = None, max_batches: int = 100) -> dict[str, int]:
    """Run every job once; one failing job is logged and does not stop the others.
    Returns ``{job: rows affected}`` (-1 for a job that failed)."""
    size = batch_size or settings.HOUSEKEEPING_BATCH_SIZE
    results = {}
    for name, job in _jobs.items():
        try:
            results[name] = job(batch_size=size, max_batches=max_batches)
        except Exception:
            logger.exception("housekeeping job failed", extra={"job": name})
            results[name] = -1
    logger.info("housekeeping done", extra=results)
    return results


@task()
def housekeeping() -> dict[str, int]:
    housekeeping_ensure_scheduled()
    return housekeeping_run()


def housekeeping_ensure_scheduled() -> bool:
    """Make sure exactly one future ``housekeeping`` run waits in the database queue; True if one
    was added (False too with a backend that keeps nothing for later)."""
    return ensure_one_pending(housekeeping, interval=timedelta(seconds=settings.HOUSEKEEPING_INTERVAL_SECONDS))
