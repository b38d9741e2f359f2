"""Self-rescheduling tasks on the database queue: keep exactly one future run of a task waiting.

A periodic job (housekeeping, the scheduling sweep) first enqueues its successor, then does its work,
so a worker killed mid-run does not break the chain. Every starter (``migrate``, a management command,
a request) calls ``ensure_one_pending``: a no-op when a run already waits.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.base import Task


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
