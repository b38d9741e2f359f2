"""Periodic housekeeping on the task worker: every job deletes in bounded batches.

``common`` knows no job: each app registers its own in its ``AppConfig.ready()`` with
``register_job(name, fn)``, where ``fn(*, batch_size, max_batches) -> int`` reads its own retention
setting and returns how many rows it affected. Registered today (see each app's ``apps.py``):
expired JWTs (users), old Stripe webhook events and stale usage reservations (subscriptions),
delivered outbox messages of finished posts (scheduling).

Scheduling: the ``housekeeping`` task first enqueues its successor (``run_after`` = now +
``HOUSEKEEPING_INTERVAL_SECONDS``), then runs the jobs, so the chain survives a worker killed mid-run.
The chain is started by ``migrate`` (post_migrate) and by ``manage.py housekeeping --schedule``;
``manage.py housekeeping`` runs the jobs once, in the foreground (for cron, if preferred).
"""

import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django_tasks import task

from apps.common.tasks import ensure_one_pending

logger = logging.getLogger(__name__)

HousekeepingJob = Callable[..., int]

_jobs: dict[str, HousekeepingJob] = {}


def register_job(name: str, fn: HousekeepingJob) -> None:
    """Add a job, called as ``fn(batch_size=..., max_batches=...)``; ``name`` is its key in the
    results. Registering the same name again replaces it (``ready()`` may run twice in tests)."""
    _jobs[name] = fn


def registered_jobs() -> dict[str, HousekeepingJob]:
    return dict(_jobs)


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


def start_after_migrate(**kwargs) -> None:
    """post_migrate receiver: start the chain (a no-op when one is already waiting)."""
    from django.db import DatabaseError

    try:
        housekeeping_ensure_scheduled()
    except DatabaseError:  # the task table is not migrated yet (a partial migrate)
        logger.warning("housekeeping not scheduled: task table unavailable")
