"""``python -m runtime.db_worker``: upstream's ``db_worker``, run again after a database outage.

Real processes on real SQLite files: the database is "down" while its directory is missing (SQLite
cannot open the file: the same ``database_unavailable`` as a refused PostgreSQL connection) and
back once the directory, holding a migrated database, is renamed into place. A PostgreSQL server
stopped under the worker is scripts/outage_test.py's (run by .ci/run).
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _env(database: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "config.settings.development",
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": "",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "LOG_LEVEL": "INFO",
        "OUTAGE_LOG_INTERVAL_SECONDS": "0",  # a WARNING per attempt, to see the pauses
    }


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A SQLite file holding the task queue's table (the only one the worker reads)."""
    database = tmp_path_factory.mktemp("migrated") / "db.sqlite3"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "django_tasks_database", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=_env(database),
        check=True,
        timeout=120,
    )
    return database


class Worker:
    """``python -m runtime.db_worker`` as a process, its output (JSON log lines) in a file."""

    def __init__(self, database: Path, log: Path, *args: str) -> None:
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "runtime.db_worker", "--no-startup-delay", "--interval", "0.1", *args],
                cwd=ROOT,
                env=_env(database),
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def records(self) -> list[dict]:
        return [json.loads(line) for line in self.output().splitlines() if line.startswith("{")]

    def outage_warnings(self) -> list[dict]:
        return [r for r in self.records() if r.get("outage") == "worker:database"]

    def wait_for(self, condition, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert self.process.poll() is None, f"the worker exited ({self.process.returncode}): {self.output()}"
            assert time.monotonic() < deadline, self.output()
            time.sleep(0.05)

    def wait(self, timeout: float = 60) -> int:
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError(self.output()) from None


@pytest.fixture
def workers():
    started: list[Worker] = []
    yield lambda *args: started.append(Worker(*args)) or started[-1]
    for worker in started:
        if worker.process.poll() is None:
            worker.process.kill()
            worker.process.wait()


def _starts(worker: Worker) -> int:
    """How many times upstream's worker loop started (its INFO line)."""
    return sum(r["message"].startswith("Starting worker") for r in worker.records())


def test_worker_runs_upstream_again_after_the_database_was_unreachable(tmp_path, migrated, workers):
    (tmp_path / "back").mkdir()
    shutil.copy(migrated, tmp_path / "back" / "db.sqlite3")
    database = tmp_path / "db" / "db.sqlite3"  # no such directory yet: the database is down

    worker = workers(database, tmp_path / "worker.log", "--batch")
    worker.wait_for(lambda: len(worker.outage_warnings()) == 3)
    (tmp_path / "back").rename(tmp_path / "db")  # the database is back

    assert worker.wait() == 0  # upstream's --batch run found the queue empty and ended
    warnings = worker.outage_warnings()
    assert len(warnings) == 3, warnings  # none once the database answered
    assert all("unable to open database file" in w["error"] and w["level"] == "WARNING" for w in warnings)
    times = [datetime.fromisoformat(w["time"]) for w in warnings]
    pauses = [(later - earlier).total_seconds() for earlier, later in zip(times, times[1:], strict=False)]
    assert 0.9 < pauses[0] < 1.9 and 1.9 < pauses[1] < 2.9, pauses  # 1 s, then doubled
    assert _starts(worker) == 4  # three runs ended by the outage, then the one that finished
    assert any(r["message"].startswith("No more tasks to run") for r in worker.records())


def test_worker_ends_on_a_database_error_that_is_not_an_outage(tmp_path, workers):
    database = tmp_path / "db.sqlite3"
    database.touch()  # reachable, but without the queue's table: a faulty setup, not an outage

    worker = workers(database, tmp_path / "worker.log", "--batch")

    assert worker.wait() == 1
    assert "no such table: django_tasks_database_dbtaskresult" in worker.output()
    assert worker.outage_warnings() == [] and _starts(worker) == 1


def test_worker_stops_at_once_on_sigint_while_it_waits_out_an_outage(tmp_path, workers):
    worker = workers(tmp_path / "missing" / "db.sqlite3", tmp_path / "worker.log")
    worker.wait_for(lambda: len(worker.outage_warnings()) == 3)  # now pausing 4 s
    stopped = time.monotonic()

    worker.process.send_signal(signal.SIGINT)

    assert worker.wait() == 0
    assert time.monotonic() - stopped < 2 and len(worker.outage_warnings()) == 3


def test_worker_stops_on_sigterm_while_upstream_polls_the_queue(tmp_path, migrated, workers):
    database = tmp_path / "db.sqlite3"
    shutil.copy(migrated, database)
    worker = workers(database, tmp_path / "worker.log")
    worker.wait_for(lambda: _starts(worker) == 1)

    worker.process.send_signal(signal.SIGTERM)

    assert worker.wait() == 0
    assert any("shutting down gracefully" in r["message"] for r in worker.records())


def test_worker_refuses_an_unknown_option_with_upstream_s_message(tmp_path, migrated, workers):
    worker = workers(migrated, tmp_path / "worker.log", "--no-such-option")

    assert worker.wait() == 1
    assert "unrecognized arguments: --no-such-option" in worker.output()
