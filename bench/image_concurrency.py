#!/usr/bin/env python
"""Benchmark: N AI images at once through gunicorn (config.asgi, the production server), against a
local fake OpenAI Images server that answers after a fixed latency (3 s by default).

    .venv/bin/python bench/image_concurrency.py                     # SQLite and media in a temp dir
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/caas_bench .venv/bin/python bench/image_concurrency.py

As ``bench/generate_concurrency.py``: the fake upstreams (``scripts/fake_upstreams.py``, which answer
``POST /v1/images/generations`` with a PNG), a migrated database, users on a bench plan without
limits, gunicorn with ``gunicorn.conf.py`` and ``config.settings.bench``; then N
``POST /api/v1/media/generate/`` fired at the same instant, each through the OpenAI SDK's
``images.generate``. Ideal: every request waits only for the provider, so the wall time is the
latency; served with a thread held per request it would be N x latency / threads.
``--port``/``--fake-port`` pin the two servers' ports (default: free ones).
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate_concurrency import django_setup, percentile, server_env  # noqa: E402
from bench.generate_concurrency import fire as burst  # noqa: E402
from scripts.fake_upstreams import FakeUpstreams  # noqa: E402
from scripts.harness import gunicorn_running, gunicorn_shape, time_bound  # noqa: E402


def _image_body(i: int, workspace_id: str) -> dict:
    return {"workspace_id": workspace_id, "prompt": f"A lighthouse at dusk ({i})", "ai_provider": "openai"}


def fire(base: str, accounts: list[tuple[str, str]], n: int, timeout: float) -> tuple[float, list[tuple[int, float]]]:
    """n POST /media/generate/ at the same instant (``generate_concurrency.fire``'s burst)."""
    return burst(base, accounts, n, timeout, path="/api/v1/media/generate/", body=_image_body)


def _cleanup(tag: str) -> None:
    from django.db import connections
    from django_tasks_db.models import DBTaskResult

    from bench.builders import bench_data_delete

    DBTaskResult.objects.filter(task_path="apps.media.tasks.media_thumbnail").delete()
    bench_data_delete(tag)
    connections.close_all()


def _report(args, wall: float, results: list[tuple[int, float]], shape: tuple[int, int], database: str) -> bool:
    ok = [seconds for status, seconds in results if status == 201]
    statuses: dict[int, int] = {}
    for status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    print(f"gunicorn config.asgi: {shape[0]} workers, database {database}, cores {os.cpu_count()}")
    what = "concurrent POST /api/v1/media/generate/ (OpenAI SDK images.generate)"
    print(f"{args.requests} {what}, fake provider latency {args.latency} s")
    print(f"statuses: {statuses}")
    print(f"wall time: {wall:.2f} s (ideal {args.latency:.2f} s; one at a time {args.requests * args.latency:.0f} s)")
    if ok:
        print(f"latency: p50 {statistics.median(ok):.2f} s, p99 {percentile(ok, 99):.2f} s, max {max(ok):.2f} s")
    return len(ok) == args.requests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--latency", type=float, default=3.0, help="fake provider latency, seconds")
    parser.add_argument("--users", type=int, default=5)
    parser.add_argument("--port", type=int, default=None, help="gunicorn's port (default: a free one)")
    parser.add_argument("--fake-port", type=int, default=0, help="the fake upstreams' port (default: a free one)")
    parser.add_argument("--max-seconds", type=int, default=180, help="hard bound on the whole run")
    args = parser.parse_args()

    tag = secrets.token_hex(4)
    django_ready = False
    with (
        tempfile.TemporaryDirectory(prefix="caas-bench-") as tmp,
        FakeUpstreams(latency=args.latency, port=args.fake_port) as fake,
    ):
        env = {**server_env(fake_url=fake.url), "MEDIA_ROOT": f"{tmp}/media", "OPENAI_IMAGE_MODEL": "bench-image"}
        env.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
        env.pop("REDIS_URL", None)
        if "BENCH_REDIS_URL" in os.environ:
            env["REDIS_URL"] = os.environ["BENCH_REDIS_URL"]
        database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
        try:
            with time_bound(args.max_seconds):
                django_setup(env)
                django_ready = True
                from django.db import connections

                from bench.builders import account_create, bench_plan_create

                plan = bench_plan_create(tag)
                accounts = [account_create(email=f"bench-{tag}-{i}@example.com", plan=plan) for i in range(args.users)]
                tokens = [(str(account.workspace.pk), account.access) for account in accounts]
                connections.close_all()
                shape = gunicorn_shape(env)
                with gunicorn_running(env, ready_seconds=30, stop_seconds=20, port=args.port) as server:
                    fake.latency = 0.0
                    fire(server.url, tokens, args.users, timeout=60)  # warm-up: clients, connections
                    fake.latency = args.latency
                    wall, results = fire(server.url, tokens, args.requests, timeout=60)
        finally:
            if django_ready:
                _cleanup(tag)
    return 0 if _report(args, wall, results, shape, database) else 1


if __name__ == "__main__":
    sys.exit(main())
