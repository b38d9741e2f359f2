"""Scheduled posts published per second with one and with two ``db_worker`` processes (issue 14,
deliver 7), on PostgreSQL, in a DEDICATED database (DATABASE_URL's name + ``_workers``, dropped and
re-created).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/caas_x make bench-workers
    # or: .venv/bin/python bench/workers_throughput.py [--posts 200] [--rounds 2]

Local backend, webhook publisher: a local HTTP receiver that answers at once (so the figure is our
own cost: claim, publish call, state transition, per post). Each round starts N workers
(``python -m runtime.db_worker``, the compose worker's command), schedules ``--posts`` posts all
due at the same instant T (far enough ahead that every post is queued by then), and measures
N posts / (last ``published_at`` − T). Rounds alternate 1, 2, 1, 2… workers, so that both see the
same machine load; the median of each is reported with the ratio two/one.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
SECRET = "bench-workers-webhook-secret"


class Receiver:
    def __init__(self) -> None:
        self.keys: Counter = Counter()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.keys[self.headers.get("Idempotency-Key", "")] += 1
                raw = b'{"platform_post_id": "pp"}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/publish"


def workers_stop(processes: list[subprocess.Popen]) -> None:
    """SIGTERM to every worker (each finishes its task), SIGKILL to one still running after 15 s."""
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()


def database_recreate(url: str) -> None:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin, "-qc", sql], check=True, capture_output=True)


def one_round(*, workers: int, posts: int, lead: float, env: dict, account, content) -> dict:
    from django.utils import timezone

    from apps.scheduling.models import OutboxMessage, ScheduledPost
    from apps.scheduling.services import scheduled_post_create

    ScheduledPost.objects.all().delete()
    processes = [
        subprocess.Popen(
            [PYTHON, "-m", "runtime.db_worker", "--worker-id", f"bench{i}", "-v", "0"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for i in range(workers)
    ]
    try:
        time.sleep(3)  # the workers are up and polling
        due = timezone.now() + timedelta(seconds=lead)
        for i in range(posts):
            if timezone.now() >= due:
                raise SystemExit(f"scheduling {posts} posts took more than {lead} s: give a longer --lead")
            scheduled_post_create(
                user=account.user,
                content_id=content.id,
                scheduled_at=due + timedelta(microseconds=i),
                allow_duplicate=True,  # the same text, on purpose
            )
        all_queued = ScheduledPost.objects.filter(status="queued").count()
        deadline = time.monotonic() + lead + 120
        while time.monotonic() < deadline:
            if ScheduledPost.objects.filter(status="published").count() == posts:
                break
            time.sleep(0.2)
        queued_before_due = OutboxMessage.objects.filter(kind="schedule", delivered_at__lt=due).count()
        published = list(ScheduledPost.objects.filter(status="published").values_list("published_at", flat=True))
    finally:
        workers_stop(processes)
    if len(published) != posts:
        raise SystemExit(f"{workers} worker(s): only {len(published)} of {posts} published")
    seconds = (max(published) - due).total_seconds()
    return {
        "workers": workers,
        "per_second": posts / seconds,
        "seconds": seconds,
        "queued_at_creation_end": all_queued,
        "queued_before_due": queued_before_due,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2, help="rounds of each worker count (alternating)")
    parser.add_argument(
        "--lead", type=float, default=None, help="seconds from the first schedule to T (default: 0.25 s a post + 5 s)"
    )
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        raise SystemExit("needs PostgreSQL: set DATABASE_URL")
    url = base.rstrip("/") + "_workers"
    receiver = Receiver()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "SCHEDULER_BACKEND": "local",
        "SCHEDULER_PUBLISHER": "webhook",
        "SCHEDULER_PUBLISHER_WEBHOOK_URL": receiver.url,
        "SCHEDULER_PUBLISHER_WEBHOOK_SECRET": SECRET,
        "SCHEDULER_SWEEP_INTERVAL_SECONDS": "5",
        "DATABASE_REPLICA_URL": "",
    }
    database_recreate(url)
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    os.environ.update(env)
    import django

    django.setup()
    from bench.builders import account_create, bench_plan_create, contents_create, versions_create

    plan = bench_plan_create("workers")
    account = account_create(email="bench-workers-owner@example.com", plan=plan)
    [content] = contents_create(
        organization=account.organization, workspace=account.workspace, created_by=account.user, numbers=range(1)
    )
    versions_create(content=content, created_by=account.user, numbers=range(1))

    started = time.monotonic()
    rounds = []
    for _ in range(args.rounds):
        for workers in (1, 2):
            lead = args.lead if args.lead is not None else args.posts * 0.25 + 5
            result = one_round(workers=workers, posts=args.posts, lead=lead, env=env, account=account, content=content)
            rounds.append(result)
            print(
                f"  {workers} worker(s): {result['per_second']:.1f} posts/s ({args.posts} in {result['seconds']:.2f} s "
                f"after T; schedule deliveries done before T: {result['queued_before_due']}/{args.posts})",
                flush=True,
            )
    duplicates = sum(1 for n in receiver.keys.values() if n > 1)
    one = statistics.median(r["per_second"] for r in rounds if r["workers"] == 1)
    two = statistics.median(r["per_second"] for r in rounds if r["workers"] == 2)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(json.dumps({"one_worker_posts_per_second": round(one, 1), "two_workers_posts_per_second": round(two, 1)}))
    print(
        f"scheduled posts published per second (median of {args.rounds} rounds, {args.posts} posts due at once): "
        f"1 worker {one:.1f}/s, 2 workers {two:.1f}/s, ratio {two / one:.2f}; duplicate publications: {duplicates}; "
        f"{os.cpu_count()} cores, load average {load}; {time.monotonic() - started:.0f} s"
    )
    return 0 if duplicates == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
