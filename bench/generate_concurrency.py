#!/usr/bin/env python
"""Benchmark: N concurrent generations through gunicorn, against a local fake OpenAI-compatible
server that answers after a fixed latency (1 s by default). Measures achieved vs ideal throughput.

    .venv/bin/python bench/generate_concurrency.py                 # SQLite in a temp dir
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/caas_bench .venv/bin/python bench/generate_concurrency.py

What it does: starts the fake provider on 127.0.0.1, migrates the database, creates a few users
on a bench plan with unlimited quota and high rate limits (plan limits are data), starts gunicorn
with ``gunicorn.conf.py`` and ``config.settings.bench`` (DEBUG off, production middleware, plain
HTTP) on 127.0.0.1, warms it up, fires N generations at once, prints the figures, and cleans up
(gunicorn stopped, temp files removed, bench rows deleted). Bounded by ``--max-seconds``.
Ideal: every generation waits only for the provider, so N concurrent requests take ``latency``
seconds in all (N / latency requests per second); fully serialized they would take N x latency.
"""

import argparse
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


class FakeOpenAI(BaseHTTPRequestHandler):
    """POST /v1/chat/completions: waits ``latency`` seconds, answers a completion with usage."""

    latency = 1.0
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: with Nagle on, the body waits for the client's delayed
    # ACK (~40 ms on Linux), which added 40 ms to every "1 s" call (measured by bench/run.py).
    disable_nagle_algorithm = True

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        time.sleep(self.latency)
        text = "Bench run: our new product launches today, built for speed. #launch"
        completion = min(16, body.get("max_tokens") or 16)
        payload = {
            "id": "chatcmpl-bench",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "bench-model"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 60, "completion_tokens": completion, "total_tokens": 60 + completion},
        }
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_plan_create(tag: str):
    """A hidden paid plan with no quota and no practical rate limit, for the benchmark's accounts."""
    from apps.subscriptions.models import Plan

    return Plan.objects.create(
        slug=f"bench-{tag}",
        name="Bench (unlimited)",
        price_cents=100,
        monthly_token_limit=None,
        monthly_post_limit=None,
        requests_per_minute=2_000_000_000,
        generations_per_minute=2_000_000_000,
        is_active=False,
    )


def setup_database(env: dict[str, str], users: int) -> tuple[list[tuple[str, str]], str]:
    """Migrate, then create ``users`` users (each with its own organization) on an unlimited bench plan."""
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connections

    from apps.organizations.models import OrganizationMember
    from apps.organizations.services import account_register
    from apps.subscriptions.models import Subscription
    from apps.users.tokens import token_pair_for_user

    tag = secrets.token_hex(4)
    plan = bench_plan_create(tag)
    out = []
    for i in range(users):
        user = account_register(email=f"bench-{tag}-{i}@example.com", password=f"bench-{secrets.token_hex(8)}-Aa1")
        org = OrganizationMember.objects.get(user=user).organization
        Subscription.objects.filter(organization=org).update(plan=plan)
        out.append((str(org.pk), token_pair_for_user(user=user)["access"]))
    connections.close_all()
    return out, tag


def cleanup_database(tag: str) -> None:
    from django.db import connections

    from apps.content.models import Content
    from apps.organizations.models import Organization
    from apps.subscriptions.models import Plan
    from apps.users.models import User

    users = User.objects.filter(email__startswith=f"bench-{tag}-")
    organizations = Organization.objects.filter(members__user__in=users)
    Content.objects.filter(organization__in=organizations).delete()  # workspaces are PROTECTed by content
    organizations.delete()
    users.delete()
    Plan.objects.filter(slug=f"bench-{tag}").delete()
    connections.close_all()


def wait_ready(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not become ready at {url}")


def fire(base: str, accounts: list[tuple[str, str]], n: int, timeout: float) -> tuple[float, list[tuple[int, float]]]:
    """n POST /content/generate/ at the same instant; returns (wall seconds, [(status, seconds)])."""
    barrier = threading.Barrier(n + 1)
    results: list[tuple[int, float]] = [(0, 0.0)] * n

    def one(i: int) -> None:
        org_id, token = accounts[i % len(accounts)]
        body = {
            "platform": "twitter",
            "tone": "enthusiastic",
            "prompt": f"Announce our new product launch (request {i})",
            "audience": "tech enthusiasts",
            "organization_id": org_id,
            "ai_provider": "openai",
        }
        with httpx.Client(timeout=timeout) as client:
            barrier.wait()
            started = time.monotonic()
            try:
                response = client.post(
                    f"{base}/api/v1/content/generate/", json=body, headers={"Authorization": f"Bearer {token}"}
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


def server_env(*, fake_port: int, port: int) -> dict[str, str]:
    """Environment of the benchmarked gunicorn: bench settings, OpenAI pointed at the local fake."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "OPENAI_API_KEY": "bench-not-a-real-key",
        "OPENAI_BASE_URL": f"http://127.0.0.1:{fake_port}/v1",
        "OPENAI_MODEL": "bench-model",
        "GEMINI_API_KEY": "",
        "AI_TIMEOUT_SECONDS": "10",
        "AI_MAX_RETRIES": "0",
        "AI_FALLBACK_PROVIDER": "",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "GUNICORN_LOG_LEVEL": "warning",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--latency", type=float, default=1.0, help="fake provider latency, seconds")
    parser.add_argument("--users", type=int, default=10, help="users (organizations) sharing the load")
    parser.add_argument("--workers", type=int, default=None, help="GUNICORN_WORKERS (default: gunicorn.conf.py)")
    parser.add_argument("--threads", type=int, default=None, help="GUNICORN_THREADS (default: gunicorn.conf.py)")
    parser.add_argument("--max-seconds", type=int, default=180, help="hard bound on the whole run")
    args = parser.parse_args()

    def on_alarm(signum, frame):
        raise TimeoutError(f"benchmark exceeded {args.max_seconds} s")

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(args.max_seconds)

    FakeOpenAI.latency = args.latency
    fake = Server(("127.0.0.1", free_port()), FakeOpenAI)
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    port = free_port()
    tmp = tempfile.TemporaryDirectory(prefix="caas-bench-")
    env = server_env(fake_port=fake.server_address[1], port=port)
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp.name}/bench.sqlite3")
    env.pop("REDIS_URL", None) if "BENCH_REDIS_URL" not in os.environ else env.update(
        REDIS_URL=os.environ["BENCH_REDIS_URL"]
    )
    # This script measures the thread-per-request setup (workers x threads, the figures of
    # docs/content.md); the ASGI path is measured by bench/run.py's burst phase (bench/burst.py).
    env["GUNICORN_WORKER_CLASS"] = "gthread"
    if args.workers:
        env["GUNICORN_WORKERS"] = str(args.workers)
    if args.threads:
        env["GUNICORN_THREADS"] = str(args.threads)

    gunicorn = None
    tag = None
    try:
        database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
        accounts, tag = setup_database(env, args.users)
        gunicorn = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "-c", "gunicorn.conf.py", "config.wsgi:application"],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        wait_ready(f"{base}/health/live", time.monotonic() + 30)
        config = subprocess.run(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "--print-config",
                "-c",
                "gunicorn.conf.py",
                "config.wsgi:application",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        ).stdout
        found = dict(re.findall(r"^(workers|threads)\s*=\s*(\d+)", config, flags=re.MULTILINE))
        workers, threads = int(found["workers"]), int(found["threads"])
        fire(base, accounts, min(args.requests, workers * threads), timeout=60)  # warm-up: imports, connections

        wall, results = fire(base, accounts, args.requests, timeout=60)
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
    finally:
        signal.alarm(0)
        if gunicorn is not None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            try:
                gunicorn.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(gunicorn.pid, signal.SIGKILL)
                gunicorn.wait()
        if tag is not None:
            cleanup_database(tag)
        fake.shutdown()
        tmp.cleanup()


if __name__ == "__main__":
    sys.exit(main())
