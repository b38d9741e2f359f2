"""Self-rescheduling tasks on the database queue: keep exactly one future run of a task waiting.

A periodic job (housekeeping, the scheduling sweep, the webhooks sweep) first enqueues its successor,
then does its work, so a worker killed mid-run does not break the chain. Every starter (``migrate``,
a management command, a request) calls ``ensure_one_pending``: a no-op when a run already waits.

``migrate`` starts every chain through ONE ``post_migrate`` receiver, ``periodic_tasks_start``
(connected by ``CommonConfig.ready()``): it calls each starter of the ``periodic_tasks`` registry —
housekeeping's (common's own), and those the apps above add from their ``hooks.install()``
(``register_periodic_task``).
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.base import Task

from apps.common.registry import Registry

logger = logging.getLogger(__name__)

# Starters of the self-rescheduling chains: ``ensure() -> bool`` (True if a run was queued).
periodic_tasks: Registry[Callable[[], bool]] = Registry("apps.common.tasks.periodic_tasks")


def register_periodic_task(name: str, ensure: Callable[[], bool]) -> None:
    """Have ``migrate`` start a chain: ``ensure()`` queues its next run unless one waits already."""
    periodic_tasks.add(name, ensure)


def periodic_tasks_start(**kwargs: object) -> None:
    """The ``post_migrate`` receiver: start every registered chain (a no-op for one already waiting).
    A chain that cannot be started (the task table not migrated yet, in a partial migrate) is
    logged and does not stop the others."""
    for name, ensure in periodic_tasks.items():
        try:
            ensure()
        except Exception:
            logger.exception("periodic task not scheduled", extra={"task": name})


def ensure_one_pending(task: Task, *, interval: timedelta) -> bool:
    """Make sure exactly one future run of ``task`` waits in the database queue (due in ``interval``
    if one has to be added). Returns True if one was added.

    Only the database backend keeps tasks for later; with another backend (the tests' immediate
    backend) there is nothing to keep alive and this does nothing."""
    from django_tasks_db.backend import DatabaseBackend  # the queue's models load with the app registry
    from django_tasks_db.models import DBTaskResult

    backend = task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    with transaction.atomic():
        waiting = list(
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(task_path=task.module_path, status=TaskResultStatus.READY, backend_name=backend.alias)
            .order_by("run_after")
            .values_list("id", flat=True)
        )
        if waiting:
            if len(waiting) > 1:  # two chains started concurrently: keep one
                DBTaskResult.objects.filter(id__in=waiting[1:]).delete()
            return False
        task.using(run_after=timezone.now() + interval).enqueue()
    return True


def enqueue_coalesced(task: Task, *, run_after: datetime | None = None, **kwargs: object) -> bool:
    """Ask for a run of a draining ``task`` (one that delivers everything due when it runs, not only
    what its arguments name) unless a run that will see the caller's committed rows already waits:
    for "now", any waiting run already due; for later, a run waiting for the same whole second
    (``run_after`` is rounded up to it, so the posts of one instant share one run). Returns True if a
    run was enqueued. Call it after the commit (``on_commit``): a run that has not started yet reads
    the rows when it starts.

    Other backends (the tests' immediate one) keep nothing waiting: the run is enqueued, at once
    when the backend cannot defer."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = task.get_backend()
    now = timezone.now()
    later = run_after is not None and run_after > now and backend.supports_defer
    if later:
        run_after = run_after.replace(microsecond=0) + (timedelta(seconds=1) if run_after.microsecond else timedelta())
    if isinstance(backend, DatabaseBackend):
        mine = {"task_path": task.module_path, "backend_name": backend.alias}
        if later:
            waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, run_after=run_after, **mine)
        else:
            waiting = DBTaskResult.objects.ready().filter(**mine)  # no run_after, or one already past
        if waiting.exists():
            return False
    (task.using(run_after=run_after) if later else task).enqueue(**kwargs)
    return True
