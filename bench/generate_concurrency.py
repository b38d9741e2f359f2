#!/usr/bin/env python
"""Benchmark: N concurrent generations through gunicorn, against a local fake OpenAI-compatible
server that answers after a fixed latency (1 s by default). Measures achieved vs ideal throughput.

    .venv/bin/python bench/generate_concurrency.py                 # SQLite in a temp dir
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/caas_bench .venv/bin/python bench/generate_concurrency.py

What it does: starts the fake provider (``scripts/fake_upstreams.py``) on 127.0.0.1, migrates the
database, creates a few users on a bench plan with unlimited quota and high rate limits (plan limits
are data), starts gunicorn with ``gunicorn.conf.py`` and ``config.settings.bench`` (DEBUG off,
production middleware, plain HTTP) on a free port of 127.0.0.1 (``scripts/harness.py``), warms it
up, fires N generations at once, prints the figures, and cleans up (gunicorn stopped, temp files
removed, bench rows deleted). Bounded by ``--max-seconds``.
Ideal: every generation waits only for the provider, so N concurrent requests take ``latency``
seconds in all (N / latency requests per second); fully serialized they would take N x latency.
"""

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.burst import generation_body  # noqa: E402
from scripts.fake_upstreams import FakeUpstreams  # noqa: E402
from scripts.harness import gunicorn_running, gunicorn_shape, time_bound  # noqa: E402

PYTHON = sys.executable


def server_env(*, fake_url: str) -> dict[str, str]:
    """Environment of the benchmarked gunicorn: bench settings, OpenAI pointed at the local fake."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "OPENAI_API_KEY": "bench-not-a-real-key",
        "OPENAI_BASE_URL": f"{fake_url}/v1",
        "OPENAI_MODEL": "bench-model",
        "GEMINI_API_KEY": "",
        "AI_TIMEOUT_SECONDS": "10",
        "AI_MAX_RETRIES": "0",
        "AI_FALLBACK_PROVIDER": "",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "GUNICORN_LOG_LEVEL": "warning",
    }


def django_setup(env: dict[str, str]) -> None:
    """Migrate the database of ``env``, then set Django up in this process on the same environment."""
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    os.environ.update(env)
    import django

    django.setup()


def fire(
    base: str,
    accounts: list[tuple[str, str]],
    n: int,
    timeout: float,
    *,
    path: str = "/api/v1/content/generate/",
    body: Callable[[int, str], dict] = generation_body,
) -> tuple[float, list[tuple[int, float]]]:
    """n POSTs to ``path`` at the same instant (``body(i, account id)``; an account is (its
    organization or workspace id, its token)); returns (wall seconds, [(status, seconds)])."""
    barrier = threading.Barrier(n + 1)
    results: list[tuple[int, float]] = [(0, 0.0)] * n

    def one(i: int) -> None:
        account_id, token = accounts[i % len(accounts)]
        with httpx.Client(timeout=timeout) as client:
            barrier.wait()
            started = time.monotonic()
            try:
                response = client.post(
                    f"{base}{path}", json=body(i, account_id), headers={"Authorization": f"Bearer {token}"}
                )
                results[i] = (response.status_code, time.monotonic() - started)
            except httpx.HTTPError:
                results[i] = (-1, time.monotonic() - started)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.monotonic()
    for thread in threads:
        thread.join()
    return time.monotonic() - started, results


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--latency", type=float, default=1.0, help="fake provider latency, seconds")
    parser.add_argument("--users", type=int, default=10, help="users (organizations) sharing the load")
    parser.add_argument("--workers", type=int, default=None, help="GUNICORN_WORKERS (default: gunicorn.conf.py)")
    parser.add_argument("--threads", type=int, default=None, help="GUNICORN_THREADS (default: gunicorn.conf.py)")
    parser.add_argument("--max-seconds", type=int, default=180, help="hard bound on the whole run")
    args = parser.parse_args()

    tag = secrets.token_hex(4)
    django_ready = False
    with tempfile.TemporaryDirectory(prefix="caas-bench-") as tmp, FakeUpstreams(latency=args.latency) as fake:
        env = server_env(fake_url=fake.url)
        env.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
        if "BENCH_REDIS_URL" in os.environ:
            env["REDIS_URL"] = os.environ["BENCH_REDIS_URL"]
        else:
            env.pop("REDIS_URL", None)
        if args.workers:
            env["GUNICORN_WORKERS"] = str(args.workers)
        if args.threads:
            env["GUNICORN_THREADS"] = str(args.threads)
        database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
        try:
            with time_bound(args.max_seconds):
                django_setup(env)
                django_ready = True
                from django.db import connections

                from bench.builders import account_create, bench_plan_create

                plan = bench_plan_create(tag)
                accounts = [account_create(email=f"bench-{tag}-{i}@example.com", plan=plan) for i in range(args.users)]
                tokens = [(str(account.organization.pk), account.access) for account in accounts]
                connections.close_all()
                workers, threads = gunicorn_shape(env)
                with gunicorn_running(env, ready_seconds=30, stop_seconds=20) as server:
                    fire(server.url, tokens, min(args.requests, workers * threads), timeout=60)  # warm-up
                    wall, results = fire(server.url, tokens, args.requests, timeout=60)
        finally:
            if django_ready:
                from django.db import connections

                from bench.builders import bench_data_delete

                bench_data_delete(tag)
                connections.close_all()

    ok = [seconds for status, seconds in results if status == 201]
    statuses: dict[int, int] = {}
    for status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    ideal_rps = args.requests / args.latency
    achieved_rps = len(ok) / wall
    print(f"gunicorn gthread: {workers} workers x {threads} threads, database {database}, cores {os.cpu_count()}")
    print(f"{args.requests} concurrent POST /api/v1/content/generate/, fake provider latency {args.latency:.2f} s")
    print(f"statuses: {statuses}")
    serialized = args.requests * args.latency
    print(f"wall time: {wall:.2f} s (ideal {args.latency:.2f} s; fully serialized {serialized:.0f} s)")
    share = achieved_rps / ideal_rps
    print(f"throughput: {achieved_rps:.1f} req/s achieved vs {ideal_rps:.1f} req/s ideal ({share:.0%})")
    if ok:
        print(
            f"latency: p50 {statistics.median(ok):.2f} s, p99 {percentile(ok, 99):.2f} s, "
            f"min {min(ok):.2f} s, max {max(ok):.2f} s"
        )
    return 0 if len(ok) == args.requests else 1


if __name__ == "__main__":
    sys.exit(main())
