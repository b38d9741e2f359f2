"""The task worker's command: django-tasks-db's ``db_worker``, run again after a database outage.

    python -m runtime.db_worker [db_worker options]

Upstream, an ``OperationalError`` that is not "database is locked" ends the worker's loop and so
the process: a PostgreSQL restart would stop every worker. This runs upstream's command as shipped
(``call_command("db_worker", ...)``, the same options) and, when it ended because the database was
unreachable (``apps.common.outages.database_unavailable``), runs it again after a pause that
doubles from 1 s up to 10 s, with one WARNING per ``OUTAGE_LOG_INTERVAL_SECONDS``. Any other error
ends the process (exit status 1, with its traceback); SIGTERM and SIGINT stop it (status 0), in
upstream's way while its loop runs (a running task finishes first) and at once during a pause.

``--no-reload`` is the default here, whatever ``DEBUG`` says: with ``--reload`` upstream's loop runs
in the autoreloader's thread, where an outage stops it until the next code change. (``manage.py
db_worker`` is upstream's command, reloading in development.)

A task whose result could not be recorded because the database went away mid-task stays
``RUNNING`` in the queue; the self-rescheduling tasks (sweep, housekeeping) enqueue their
successor before working, so their chains carry on.
"""

import os
import signal
import sys
import time

import django
from django.core.management import CommandError, call_command
from django.db import InterfaceError, OperationalError, connections

from apps.common.outages import database_unavailable, degraded_log

PAUSE_FIRST_SECONDS = 1.0
PAUSE_MAX_SECONDS = 10.0


def _close_connections() -> None:
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except Exception:  # noqa: BLE001, S110 - a dead connection may fail to close; it is dropped anyway
            pass


def _stop(signum: int, frame: object) -> None:
    sys.exit(0)


def _pause(seconds: float) -> None:
    """Sleep; SIGTERM or SIGINT meanwhile ends the process cleanly (upstream's handlers, installed
    by the last run, belong to a worker that is gone)."""
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    time.sleep(seconds)


def run(args: list[str]) -> None:
    """Upstream's ``db_worker`` with ``args``, again after each database outage, until it returns."""
    pause = PAUSE_FIRST_SECONDS
    while True:
        try:
            call_command("db_worker", "--no-reload", *args)
            return
        except (OperationalError, InterfaceError) as exc:
            if not database_unavailable(exc):
                raise
            degraded_log("worker:database", "Task worker: database unreachable, retrying", exc=exc)
        _close_connections()
        _pause(pause)
        pause = min(pause * 2, PAUSE_MAX_SECONDS)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.development")  # as manage.py
    django.setup()
    try:
        run(sys.argv[1:])
    except CommandError as error:  # a bad option: the message, as manage.py prints it
        sys.stderr.write(f"{error}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
