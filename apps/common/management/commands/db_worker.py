"""``manage.py db_worker``: django-tasks-db's worker, made to survive a database outage.

Upstream, an ``OperationalError`` that is not "database is locked" ends ``Worker.run()`` and so the
process: a PostgreSQL restart would stop every worker. Here the loop is restarted after a pause
(doubling from 1 s up to 10 s) while the database is unreachable (``database_unavailable``), with
one WARNING per interval; any other error still ends the process. Same flags as upstream (this
app comes before ``django_tasks_db`` in ``INSTALLED_APPS``, so its command wins).

A task whose result could not be recorded because the database went away mid-task stays
``RUNNING`` in the queue; the self-rescheduling tasks (sweep, housekeeping) enqueue their
successor before working, so their chains carry on.
"""

import os
import time
from typing import Any

from django.core.management.base import CommandError
from django.db import InterfaceError, OperationalError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker as upstream

from apps.common.outages import database_unavailable, degraded_log

_PAUSE_FIRST_SECONDS = 1.0
_PAUSE_MAX_SECONDS = 10.0


def _close_connections() -> None:
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except Exception:  # noqa: BLE001, S110 - a dead connection may fail to close; it is dropped anyway
            pass


class ResilientWorker(upstream.Worker):
    """Runs upstream's loop again after a database outage instead of exiting."""

    def run(self) -> None:
        pause = _PAUSE_FIRST_SECONDS
        while self.running:
            try:
                super().run()
                return
            except (OperationalError, InterfaceError) as exc:
                if not database_unavailable(exc):
                    raise
                degraded_log("worker:database", "Task worker: database unreachable, retrying", exc=exc)
            self.running_task = False
            self.startup_delay = False
            _close_connections()
            time.sleep(pause)
            pause = min(pause * 2, _PAUSE_MAX_SECONDS)


class Command(upstream.Command):
    help = "Run a database background worker (survives a database outage)"

    def handle(self, **options: Any) -> None:
        # Upstream's handle(), with ResilientWorker in place of Worker.
        self.configure_logging(options["verbosity"])
        reload, batch = options["reload"], options["batch"]
        if reload and batch:
            upstream.logger.warning("Warning: --reload and --batch cannot be specified together. Disabling autoreload.")
            reload = False
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=batch,
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
