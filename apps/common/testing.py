"""Test helpers: run a function in N threads released at the same instant (real concurrency), some
code in another process on the same database and Redis (caches shared across processes), or one
HTTP request through an ASGI application without a server."""

import asyncio
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections


def run_concurrently(fn: Callable[[int], Any], n: int, timeout: float = 60) -> list[Any]:
    """Call ``fn(i)`` for i in range(n), each in its own thread and DB connection, all released
    together by a barrier. Returns the results (or the raised exceptions) in order."""
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def worker(i: int) -> None:
        try:
            barrier.wait(timeout=timeout)
            results[i] = fn(i)
        except Exception as exc:  # noqa: BLE001 - the caller inspects it
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results


def run_in_other_process(code: str) -> None:
    """``code`` in a fresh ``manage.py shell`` against this test's PostgreSQL database and the same
    Redis (``REDIS_URL``): what another web or task process would do meanwhile."""
    db = connection.settings_dict
    url = f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(  # noqa: S603 - this interpreter, manage.py, the test's own code
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]


async def asgi_request(
    app: Callable, method: str, path: str, *, body: bytes = b"", headers: list[tuple[bytes, bytes]] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request through the ASGI application ``app``, the client staying until the answer
    ends; returns (status, headers with lower-case names, body)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"localhost"), (b"content-length", str(len(body)).encode()), *(headers or [])],
        "client": ("127.0.0.1", 5000),
        "server": ("localhost", 80),
    }
    pending = [{"type": "http.request", "body": body, "more_body": False}]
    sent: list[dict] = []

    async def receive() -> dict:
        if pending:
            return pending.pop(0)
        await asyncio.Event().wait()  # no disconnect: the client stays
        raise AssertionError("unreachable")

    async def send(message: dict) -> None:
        sent.append(message)

    await app(scope, receive, send)
    start = sent[0]
    content = b"".join(message.get("body", b"") for message in sent[1:])
    return start["status"], {k.decode().lower(): v.decode() for k, v in start["headers"]}, content
