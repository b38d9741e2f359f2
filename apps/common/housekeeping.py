"""Periodic housekeeping on the task worker: every job deletes in bounded batches.

Jobs (each lives in the app that owns its data):

- ``apps.users.tasks.jwt_tokens_flush_expired``: expired refresh tokens and their blacklist rows;
- ``apps.subscriptions.tasks.stripe_events_prune``: webhook events older than
  ``STRIPE_EVENT_RETENTION_DAYS`` (never less than 7 days: the row is what dedupes Stripe's retries);
- ``apps.scheduling.tasks.outbox_messages_prune``: delivered/cancelled outbox messages of finished
  posts older than ``OUTBOX_RETENTION_DAYS``;
- ``apps.subscriptions.usage.usage_release_stale``: usage reservations still held after
  ``USAGE_RESERVATION_STALE_MINUTES`` (their generation died before settling).

Scheduling: the ``housekeeping`` task first enqueues its successor (``run_after`` = now +
``HOUSEKEEPING_INTERVAL_SECONDS``), then runs the jobs, so the chain survives a worker killed mid-run.
The chain is started by ``migrate`` (post_migrate) and by ``manage.py housekeeping --schedule``;
``manage.py housekeeping`` runs the jobs once, in the foreground (for cron, if preferred).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def housekeeping_run(*, batch_size: int | None = None, max_batches: int = 100) -> dict[str, int]:
    """Run every job once; one failing job is logged and does not stop the others.
    Returns ``{job: rows affected}`` (-1 for a job that failed)."""
    from apps.scheduling.tasks import outbox_messages_prune
    from apps.subscriptions.tasks import stripe_events_prune
    from apps.subscriptions.usage import usage_release_stale
    from apps.users.tasks import jwt_tokens_flush_expired

    size = batch_size or _setting("HOUSEKEEPING_BATCH_SIZE", 1000)
    jobs = {
        "jwt_tokens_flushed": lambda: jwt_tokens_flush_expired(batch_size=size, max_batches=max_batches),
        "stripe_events_pruned": lambda: stripe_events_prune(
            older_than=timedelta(days=_setting("STRIPE_EVENT_RETENTION_DAYS", 90)),
            batch_size=size,
            max_batches=max_batches,
        ),
        "outbox_messages_pruned": lambda: outbox_messages_prune(
            older_than=timedelta(days=_setting("OUTBOX_RETENTION_DAYS", 30)),
            batch_size=size,
            max_batches=max_batches,
        ),
        "usage_reservations_released": lambda: usage_release_stale(
            older_than=timedelta(minutes=_setting("USAGE_RESERVATION_STALE_MINUTES", 60))
        ),
    }
    results = {}
    for name, job in jobs.items():
        try:
            results[name] = job()
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
    was added. Only the database backend keeps tasks for later; with another backend (the tests'
    immediate backend) there is nothing to keep alive and this does nothing."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = housekeeping.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    with transaction.atomic():
        waiting = list(
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(task_path=housekeeping.module_path, status=TaskResultStatus.READY, backend_name=backend.alias)
            .order_by("run_after")
            .values_list("id", flat=True)
        )
        if waiting:
            if len(waiting) > 1:  # two chains started concurrently: keep one
                DBTaskResult.objects.filter(id__in=waiting[1:]).delete()
            return False
        interval = _setting("HOUSEKEEPING_INTERVAL_SECONDS", 3600)
        housekeeping.using(run_after=timezone.now() + timedelta(seconds=interval)).enqueue()
    return True


def start_after_migrate(**kwargs) -> None:
    """post_migrate receiver: start the chain (a no-op when one is already waiting)."""
    from django.db import DatabaseError

    try:
        housekeeping_ensure_scheduled()
    except DatabaseError:  # the task table is not migrated yet (a partial migrate)
        logger.warning("housekeeping not scheduled: task table unavailable")
