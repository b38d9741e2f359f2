"""django-tasks tasks run by the worker (``manage.py db_worker``): outbox delivery and the sweep.

The sweep keeps itself alive: each run first enqueues its successor (``run_after`` = now + interval),
so a worker killed in the middle of a sweep does not break the chain. It is (re)started by every
schedule request, by ``migrate`` and by ``manage.py scheduling_sweep``.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def deliver_outbox_message(message_id: str) -> str:
    from apps.scheduling.services import outbox_message_deliver

    return outbox_message_deliver(message_id=message_id)


@task()
def scheduling_sweep() -> dict[str, int]:
    from apps.scheduling.services import outbox_sweep

    sweep_ensure_scheduled()
    return outbox_sweep()


def _sweep_interval() -> float:
    return float(getattr(settings, "SCHEDULER_SWEEP_INTERVAL_SECONDS", 30.0))


def sweep_ensure_scheduled() -> bool:
    """Make sure exactly one future sweep waits in the database queue. Returns True if one was added.

    Only the database backend keeps tasks for later; with another backend (tests' immediate backend)
    there is nothing to keep alive and this does nothing.
    """
    from django_tasks import TaskResultStatus
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = scheduling_sweep.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    with transaction.atomic():
        waiting = list(
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(
                task_path=scheduling_sweep.module_path,
                status=TaskResultStatus.READY,
                backend_name=backend.alias,
            )
            .order_by("run_after")
            .values_list("id", flat=True)
        )
        if waiting:
            if len(waiting) > 1:  # two chains started concurrently: keep one
                DBTaskResult.objects.filter(id__in=waiting[1:]).delete()
            return False
        scheduling_sweep.using(run_after=timezone.now() + timedelta(seconds=_sweep_interval())).enqueue()
    return True


# ---------------------------------------------------------------------------
# Housekeeping (scheduled by apps.common.housekeeping)
# ---------------------------------------------------------------------------
def outbox_messages_prune(*, older_than: timedelta, batch_size: int, max_batches: int) -> int:
    """Delete delivered or cancelled outbox messages last touched more than ``older_than`` ago, at most
    ``batch_size`` rows per statement. Only messages of posts in a terminal state (published, failed,
    cancelled) go: a live post may still look its messages up by idempotency key. Pending, delivering
    and failed messages are never pruned. Returns how many were deleted."""
    from apps.scheduling.models import OutboxMessage, OutboxStatus, PostStatus

    cutoff = timezone.now() - older_than
    prunable = OutboxMessage.objects.filter(
        status__in=[OutboxStatus.DELIVERED, OutboxStatus.CANCELLED],
        updated_at__lt=cutoff,
        scheduled_post__status__in=[PostStatus.PUBLISHED, PostStatus.FAILED, PostStatus.CANCELLED],
    )
    deleted = 0
    for _ in range(max_batches):
        ids = list(prunable.order_by("updated_at").values_list("id", flat=True)[:batch_size])
        if not ids:
            break
        deleted += OutboxMessage.objects.filter(id__in=ids).delete()[0]
        if len(ids) < batch_size:
            break
    if deleted:
        logger.info("pruned outbox messages", extra={"count": deleted})
    return deleted


@task()
def prune_outbox_messages(
    retention_days: int | None = None, batch_size: int | None = None, max_batches: int = 100
) -> int:
    return outbox_messages_prune(
        older_than=timedelta(days=retention_days or settings.OUTBOX_RETENTION_DAYS),
        batch_size=batch_size or settings.HOUSEKEEPING_BATCH_SIZE,
        max_batches=max_batches,
    )
