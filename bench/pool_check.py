#!/usr/bin/env python
"""What the connection pool's check costs (issue 26): psycopg's pool runs an empty query (one round
trip) on each connection before lending it (``DATABASE_POOL_CHECK``, on by default), so that a
connection that died with a restarted PostgreSQL never fails a request. Measured through the
production server on the cheap authenticated read that takes one connection per request: two
gunicorns (``config.asgi:application``, the bench settings) on the same database, one with the check
and one without, loaded in turn (on, off, off, on, ...), each run ``--seconds`` long; requests per
second and the workers' CPU time per request of both, and the on ÷ off ratios of their medians.
First, in this process, the cost of one checkout (take a connection from a pool and give it back)
with and without the check, alternating rounds: the check's own price, which the server's noise hides.

    DATABASE_URL=postgresql://… REDIS_URL=redis://… .venv/bin/python bench/pool_check.py \\
        [--rounds 4 --seconds 10 --connections 8 --ports 18160,18161]

Uses a dedicated database (DATABASE_URL's name + ``_poolcheck``, dropped and re-created).
"""

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import loadgen  # noqa: E402
from scripts.harness import free_port, gunicorn_command  # noqa: E402


@contextmanager
def gunicorn(env: dict[str, str], port: int):
    """gunicorn on 127.0.0.1:``port``, ready when the block starts, stopped (its process group) after."""
    process = subprocess.Popen(  # noqa: S603 - our own command line
        gunicorn_command(env), cwd=ROOT, env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            with suppress(urllib.error.URLError, ConnectionError, TimeoutError):
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn on :{port} did not become ready")
            time.sleep(0.2)
        yield process.pid
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def database(base: str) -> dict[str, str]:
    """A fresh database next to DATABASE_URL's, migrated; the environment of the servers."""
    url = base.rstrip("/") + "_poolcheck"
    parts = urlsplit(url)
    admin, name = urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin, "-qc", sql], check=True, capture_output=True)  # noqa: S607
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "GUNICORN_LOG_LEVEL": "warning",
        "GUNICORN_MAX_REQUESTS": "0",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    return env


def checkout_cost(rounds: int, checkouts: int = 2000) -> dict[str, float]:
    """Microseconds per checkout (getconn + putconn) of a one-connection pool, checked and not
    (medians of ``rounds`` alternating rounds)."""
    from django.db import connection

    from apps.common.postgresql.base import DrainingConnectionPool

    params = {**connection.get_connection_params(), "autocommit": True}
    pools = {mode: DrainingConnectionPool(kwargs=params, min_size=1, max_size=1, checked=mode == "on", open=True)
             for mode in ("on", "off")}  # fmt: skip
    figures: dict[str, list[float]] = {"on": [], "off": []}
    for n in range(rounds):
        for mode in ("on", "off") if n % 2 == 0 else ("off", "on"):
            pool = pools[mode]
            started = time.perf_counter()
            for _ in range(checkouts):
                pool.putconn(pool.getconn())
            figures[mode].append((time.perf_counter() - started) / checkouts * 1e6)
    for pool in pools.values():
        pool.close()
    return {mode: statistics.median(values) for mode, values in figures.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--ports", default="", help="two ports for the servers (default: free ones)")
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres") or not os.environ.get("REDIS_URL"):
        raise SystemExit("needs PostgreSQL and Redis: set DATABASE_URL and REDIS_URL")
    env = database(base)
    os.environ.update(env)
    import django

    django.setup()
    from bench.builders import account_create, bench_plan_create, contents_create
    from bench.run import worker_cpu_seconds

    account = account_create(email="bench-pool-check@example.com", plan=bench_plan_create("poolcheck"))
    contents_create(
        organization=account.organization, workspace=account.workspace, created_by=account.user, numbers=range(20)
    )
    cost = checkout_cost(args.rounds)
    print(f"one checkout: check on {cost['on']:.0f} µs, off {cost['off']:.0f} µs (medians of {args.rounds} rounds)")
    read = [loadgen.Req("/api/v1/content/", headers={"Authorization": f"Bearer {account.access}"})]
    ports = [int(p) for p in args.ports.split(",")] if args.ports else [free_port(), free_port()]
    results: dict[str, list[tuple[float, float]]] = {"on": [], "off": []}
    with (
        gunicorn({**env, "DATABASE_POOL_CHECK": "True"}, ports[0]) as on_pid,
        gunicorn({**env, "DATABASE_POOL_CHECK": "False"}, ports[1]) as off_pid,
    ):
        servers = {"on": (f"http://127.0.0.1:{ports[0]}", on_pid), "off": (f"http://127.0.0.1:{ports[1]}", off_pid)}
        for url, _ in servers.values():
            loadgen.run(url, read, seconds=2, connections=args.connections)  # warm-up
        for n in range(args.rounds):
            for mode in ("on", "off") if n % 2 == 0 else ("off", "on"):
                url, master = servers[mode]
                cpu = worker_cpu_seconds(master)
                result = loadgen.run(url, read, seconds=args.seconds, connections=args.connections)
                cpu_ms = (worker_cpu_seconds(master) - cpu) * 1000 / max(1, result.requests)
                if result.errors:
                    raise SystemExit(f"{mode}: {result.errors} errors")
                results[mode].append((result.rps, cpu_ms))
                print(f"round {n + 1} check {mode:<3} {result.rps:7.0f} req/s {cpu_ms:5.2f} ms CPU/request", flush=True)
    on_rps, off_rps = (statistics.median(r for r, _ in results[m]) for m in ("on", "off"))
    on_cpu, off_cpu = (statistics.median(c for _, c in results[m]) for m in ("on", "off"))
    print(f"GET /api/v1/content/ (JWT, 20 items), {args.connections} connections, {result.tool}:")
    print(f"  check on  {on_rps:7.0f} req/s  {on_cpu:5.2f} ms CPU/request (medians of {args.rounds})")
    print(f"  check off {off_rps:7.0f} req/s  {off_cpu:5.2f} ms CPU/request")
    print(f"  on ÷ off: throughput {on_rps / off_rps:.3f}, CPU per request {on_cpu / off_cpu:.3f}")
    extra = (cost["on"] - cost["off"]) / 1000
    print(f"  the check's own cost, {extra:.3f} ms per checkout: {extra / on_cpu:.1%} of a request's CPU here")
    return 0


if __name__ == "__main__":
    sys.exit(main())
