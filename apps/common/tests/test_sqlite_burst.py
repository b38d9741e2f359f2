"""The embedded default never answers 500 (issue 12 item 3).

A real server (gunicorn with gunicorn.conf.py, two worker processes) on a temporary SQLite FILE, with
the real task worker (``python -m runtime.db_worker``) beside it publishing scheduled posts, takes 20
concurrent sign-ups and 20 concurrent token refreshes: no 5xx. On the old settings (rollback-journal mode, deferred
transactions) SQLite answered ``database is locked`` (500) to some of them.

Both processes are started with DATABASE_URL and REDIS_URL unset, so this test runs on SQLite even
when the suite itself runs on PostgreSQL (CI).
"""

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.support.servers import server_environ

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "burst-test-pass-42"
BURST = 20


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(db_path: Path) -> dict[str, str]:
    env = server_environ(also_without={"STRIPE_SECRET_KEY", "OPENAI_API_KEY", "GEMINI_API_KEY"})
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.development",
        DATABASE_URL=f"sqlite:///{db_path}",
        DEBUG="false",
        SECRET_KEY="burst-test-secret-key-0123456789-0123456789-0123456789",
        REGISTER_RATE_PER_IP="100000/hour",
        LOGIN_RATE_PER_IP="100000/minute",
        LOGIN_RATE_PER_EMAIL="100000/minute",
        TOKEN_REFRESH_RATE_PER_IP="100000/minute",
        SCHEDULER_BACKEND="local",
        SCHEDULER_PUBLISHER="log",
        LOG_LEVEL="WARNING",
    )
    return env


class Client:
    def __init__(self, base: str) -> None:
        self.base = base

    def call(self, method: str, path: str, body: dict | None = None, token: str | None = None) -> tuple[int, dict]:
        request = urllib.request.Request(
            self.base + path, method=method, data=json.dumps(body).encode() if body is not None else None
        )
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            try:
                return exc.code, json.loads(raw)
            except ValueError:
                return exc.code, {"raw": raw[:300].decode(errors="replace")}


@pytest.fixture
def embedded_server(tmp_path):
    """migrate, then gunicorn and db_worker as subprocesses on one fresh SQLite file."""
    env = _env(tmp_path / "burst.sqlite3")
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=240)
    port = _free_port()
    server_log = open(tmp_path / "server.log", "wb")
    worker_log = open(tmp_path / "worker.log", "wb")
    # gunicorn as deployed (gunicorn.conf.py), two processes of threads: several writers on the
    # file besides the worker. (runserver's listen backlog of 5 resets a burst of 40 connections.)
    server = subprocess.Popen(
        [python, "-m", "gunicorn", "--config", "gunicorn.conf.py", "config.asgi:application"],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2", "GUNICORN_THREADS": "8"},
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(
        [python, "-m", "runtime.db_worker", "--interval", "0.1"],
        cwd=ROOT,
        env=env,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
    )
    client = Client(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(client.base + "/health/live", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError((tmp_path / "server.log").read_text()[-3000:]) from None
                time.sleep(0.3)
        yield client, tmp_path
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        server_log.close()
        worker_log.close()


def _register(client: Client, email: str) -> tuple[int, dict]:
    return client.call("POST", "/api/v1/auth/register/", {"email": email, "password": PASSWORD})


def _register_refreshers(client: Client) -> list[dict]:
    """BURST users, each with a token pair (refresh tokens for the burst to spend)."""
    pairs = []
    for i in range(BURST):
        status, body = _register(client, f"refresher{i}@example.com")
        assert status == 201, (status, body)
        pairs.append(body)
    return pairs


def _schedule_posts_due_during_burst(client: Client, author: str) -> list[str]:
    """Three contents (offline provider, no keys) scheduled 1-3 s ahead: the worker publishes them
    while the burst runs. The ids of the posts."""
    contents = []
    for i in range(3):
        status, body = client.call(
            "POST",
            "/api/v1/content/generate/",
            {"platform": "twitter", "tone": "casual", "prompt": f"Burst test post number {i}"},
            token=author,
        )
        assert status == 201, (status, body)
        contents.append(body["id"])
    start = datetime.now(tz=UTC)
    post_ids = []
    for i, content_id in enumerate(contents):
        scheduled_at = (start + timedelta(seconds=1 + i)).isoformat()
        status, body = client.call(
            "POST", "/api/v1/scheduling/schedule/", {"content_id": content_id, "scheduled_at": scheduled_at}, author
        )
        assert status == 201, (status, body)
        post_ids.append(body["id"])
    return post_ids


def _burst_signups_and_refreshes(client: Client, pairs: list[dict]) -> list[tuple[str, int, dict]]:
    """BURST sign-ups and BURST refreshes (each rotating its pair in ``pairs``) released together,
    two rounds 0.7 s apart; (kind, status, body) of every answer."""
    results: list[tuple[str, int, dict]] = []
    lock = threading.Lock()

    def signup(n: int) -> None:
        status, body = _register(client, f"burst{n}@example.com")
        with lock:
            results.append(("signup", status, body))

    def refresh(i: int) -> None:
        status, body = client.call("POST", "/api/v1/auth/token/refresh/", {"refresh": pairs[i]["refresh"]})
        with lock:
            results.append(("refresh", status, body))
        if status == 200:
            pairs[i] = {**pairs[i], "refresh": body["refresh"]}

    for round_ in range(2):
        barrier = threading.Barrier(2 * BURST)

        def released(fn, arg, barrier=barrier):
            barrier.wait(timeout=30)
            fn(arg)

        with ThreadPoolExecutor(max_workers=2 * BURST) as pool:
            futures = [pool.submit(released, signup, round_ * BURST + i) for i in range(BURST)]
            futures += [pool.submit(released, refresh, i) for i in range(BURST)]
            for future in futures:
                future.result(timeout=120)
        time.sleep(0.7)
    return results


def _post_statuses_once_published(client: Client, author: str, post_ids: list[str]) -> list[str]:
    """The posts' statuses once all are published, or as they are after 60 s."""
    deadline = time.monotonic() + 60
    while True:
        statuses = [client.call("GET", f"/api/v1/scheduling/{pid}/", token=author)[1]["status"] for pid in post_ids]
        if all(s == "published" for s in statuses) or time.monotonic() > deadline:
            return statuses
        time.sleep(0.5)


def _answered_access_lines(server_log: Path) -> list[dict]:
    """gunicorn's JSON access lines, less those of requests the client gave up on. A line is written
    after its response is sent, so the last one may still be partial: only lines ended by a newline."""
    written = server_log.read_text().split("\n")[:-1]
    access = [json.loads(line) for line in written if line.startswith("{") and '"gunicorn.access"' in line]
    # A startup probe that gave up (2 s) before the cold worker answered is logged 499 (client
    # closed the request): there was no response, so no request id. Every answered request has one.
    return [line for line in access if line["status"] != 499]


def test_embedded_sqlite_burst_of_signups_and_refreshes_while_the_worker_publishes_has_no_5xx(embedded_server):
    client, tmp_path = embedded_server
    # Arrange: refresh tokens to spend, and contents to publish (offline provider, no keys).
    pairs = _register_refreshers(client)
    author = pairs[0]["access"]
    # Due in 1-3 s: the worker publishes them while the burst runs.
    post_ids = _schedule_posts_due_during_burst(client, author)

    # Act: 20 sign-ups and 20 refreshes released together, two rounds across the publications.
    results = _burst_signups_and_refreshes(client, pairs)

    # Assert: no 5xx, every sign-up created, every refresh rotated.
    failures = [r for r in results if r[1] >= 500]
    assert not failures, (failures[:5], (tmp_path / "server.log").read_text()[-3000:])
    assert sorted({(kind, status) for kind, status, _ in results}) == [("refresh", 200), ("signup", 201)], [
        r for r in results if r[1] not in (200, 201)
    ][:5]
    assert len(results) == 2 * 2 * BURST
    # ... and the worker really did write while it ran: every post published.
    statuses = _post_statuses_once_published(client, author, post_ids)
    assert statuses == ["published"] * len(post_ids), (statuses, (tmp_path / "worker.log").read_text()[-3000:])

    # The same real gunicorn (gunicorn.conf.py): a 6,000-character URL (beyond gunicorn's default
    # request line of 4,094 bytes) is a 414 in the error shape, and every access line is JSON with
    # the request id of its response.
    status, body = client.call("GET", "/api/v1/auth/profile/?q=" + "x" * 6000)
    assert status == 414 and body["error"]["code"] == "uri_too_long", (status, body)
    access = _answered_access_lines(tmp_path / "server.log")
    assert len(access) >= 4 * BURST, len(access)
    assert all(len(line["request_id"]) == 32 and line["status"] for line in access), [
        line for line in access if len(line["request_id"]) != 32 or not line["status"]
    ][:3]
    assert {"method", "path", "status", "duration_ms", "request_id"} <= set(access[0])
