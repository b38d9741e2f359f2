"""Peak and bulk (issue 26): every row of the issue's table, each beside its target, through the
production server (``gunicorn config.asgi:application``) and real ``db_worker`` processes, on
PostgreSQL + Redis, in a DEDICATED database (DATABASE_URL's name + ``_peak``, dropped and re-created).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/caas_x REDIS_URL=redis://127.0.0.1:6379/9 make bench-peak
    # or: .venv/bin/python bench/peak.py [--posts 1000] [--events 250] [--endpoints 4] [--lead 75]
    #     [--rows http,local,webhooks]  (a subset: http = import, hand-off and callbacks) [--ports 18100]

The outside world is ``scripts/fake_upstreams.py`` (one threaded local server): the Node.js
scheduler (``POST /jobs``), the publisher webhook of the local backend, the webhook receivers. Rows:

1. CSV import of ``--posts`` posts, one request (``POST /api/v1/csv/scheduled-posts/import/``), with
   the http backend and two workers already polling;
2. their hand-off to the scheduler by the two workers: posts / (last delivery − the import's last
   outbox row), with the number of scheduler calls per idempotency key (must be 1);
3. the scheduler's callbacks for those posts (``published``), 20 requests in flight;
4. ``--posts`` posts imported on the local backend, all due at one instant ``--lead`` seconds after
   the import starts, published by the two workers: lateness (``published_at − scheduled_at``),
   median and last;
5. webhook deliveries by ONE worker: ``--events`` events to each of ``--endpoints`` endpoints,
   emitted in one transaction once the worker polls; deliveries / (last delivery − commit), and
   whether each receiver got its events in order.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
TOKEN = "bench-peak-scheduler-token-0123456789"
SECRET = "bench-peak-publisher-secret"

TARGETS = {
    "import_seconds": ("≤ 2 s", lambda v: v <= 2),
    "handoff_per_second": ("≥ 200 posts/s", lambda v: v >= 200),
    "lateness_median": ("≤ 5 s", lambda v: v <= 5),
    "lateness_last": ("≤ 20 s", lambda v: v <= 20),
    "webhook_per_second": ("≥ 300 events/s", lambda v: v >= 300),
    "callbacks_per_second": ("≥ 200/s", lambda v: v >= 200),
}


@contextmanager
def workers_running(env: dict[str, str], count: int, *, tag: str):
    """``count`` ``python -m runtime.db_worker`` processes (the compose worker's command), polling."""
    processes = [
        subprocess.Popen(  # noqa: S603 - our own command line
            [PYTHON, "-m", "runtime.db_worker", "--worker-id", f"{tag}{i}", "-v", "0"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        for i in range(count)
    ]
    try:
        time.sleep(4)  # Django set up, polling
        yield processes
    finally:
        from bench.workers_throughput import workers_stop

        workers_stop(processes)


def wait_for(predicate: Callable[[], bool], *, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


def csv_import(base: str, access: str, *, tag: str, posts: int, at) -> tuple[float, list[str]]:
    """One import request of ``posts`` new texts; (seconds, the post ids)."""
    import httpx

    lines = ["text,platform,scheduled_at"]
    lines += [f"Peak {tag} post {i}: what we shipped this week,linkedin,{at(i).isoformat()}" for i in range(posts)]
    started = time.perf_counter()
    response = httpx.post(
        f"{base}/api/v1/csv/scheduled-posts/import/",
        headers={"Authorization": f"Bearer {access}"},
        files={"file": ("posts.csv", "\n".join(lines).encode(), "text/csv")},
        timeout=300,
    )
    seconds = time.perf_counter() - started
    if response.status_code != 201:
        raise SystemExit(f"import answered {response.status_code}: {response.text[:500]}")
    return seconds, [post["id"] for post in response.json()["scheduled_posts"]]


def handoff_measure(post_ids: list[str], keys) -> dict:
    from django.db.models import Count, Max

    from apps.scheduling.models import OutboxMessage

    messages = OutboxMessage.objects.filter(scheduled_post_id__in=post_ids, kind="schedule")
    wait_for(lambda: messages.filter(status="delivered").count() == len(post_ids), seconds=180)
    span = messages.filter(status="delivered").aggregate(
        first=Max("created_at"), last=Max("delivered_at"), delivered=Count("id")
    )
    if not span["delivered"]:
        raise SystemExit("no post was handed off within 180 s")
    seconds = max((span["last"] - span["first"]).total_seconds(), 1e-3)
    calls = [keys.get(f"schedule:{post_id}", 0) for post_id in post_ids]
    return {
        "handoff_per_second": span["delivered"] / seconds,
        "handoff_done": f"{span['delivered']}/{len(post_ids)}",
        "handoff_calls_per_key": sorted(set(calls)),
    }


def callbacks_run(server, post_ids: list[str], *, concurrency: int = 20) -> dict:
    """The scheduler's ``published`` callback of each post, ``concurrency`` requests in flight over
    keep-alive connections, from one aiohttp event loop: a light load generator (the guide's; it
    shares the 2 cores with the server, and 20 httpx client threads took 2.7 ms of CPU per callback
    against aiohttp's 0.4–0.8 ms, measured per process from /proc in the same run).

    Just before, the baseline of the same run: as many ``GET /health/live`` (Django's handler and the
    whole middleware chain, no view work, no database) the same way, so the row also reads as a
    ratio the machine's noise moves less than the rate; and the server's CPU per request of each
    (its workers' user + system time from /proc)."""
    from apps.scheduling.models import ScheduledPost

    jobs = list(ScheduledPost.objects.filter(pk__in=post_ids).values_list("job_id", "content_id"))
    bodies = [
        {"job_id": job_id, "content_id": str(content_id), "status": "published", "platform_post_id": "p"}
        for job_id, content_id in jobs
    ]
    ceiling = requests_blast(server, "GET", "/health/live", [None] * len(bodies), concurrency=concurrency)
    callbacks = requests_blast(server, "POST", "/api/v1/scheduling/callback/", bodies, concurrency=concurrency)
    return {
        "callbacks_per_second": callbacks["per_second"],
        "callbacks_ok": callbacks["ok"],
        "callbacks": len(bodies),
        "callbacks_cpu_ms": callbacks["cpu_ms"],
        "ceiling_per_second": ceiling["per_second"],
        "ceiling_cpu_ms": ceiling["cpu_ms"],
    }


def requests_blast(server, method: str, path: str, bodies: list, *, concurrency: int) -> dict:
    """One request per item of ``bodies`` (JSON, or None), ``concurrency`` in flight: the rate, the
    number answered 200, and the server's CPU per request."""
    import asyncio

    import aiohttp

    statuses: list[int] = []

    async def send(session: aiohttp.ClientSession, chunk: list) -> None:
        for body in chunk:
            async with session.request(method, f"{server.url}{path}", json=body) as response:
                await response.read()
                statuses.append(response.status)

    async def run() -> float:
        connector = aiohttp.TCPConnector(limit=concurrency)
        headers = {"Authorization": f"Bearer {TOKEN}"}
        timeout = aiohttp.ClientTimeout(total=60)
        async with aiohttp.ClientSession(connector=connector, headers=headers, timeout=timeout) as session:
            started = time.perf_counter()
            await asyncio.gather(*(send(session, bodies[i::concurrency]) for i in range(concurrency)))
            return time.perf_counter() - started

    cpu_before = workers_cpu_seconds(server.pid)
    seconds = asyncio.run(run())
    cpu = workers_cpu_seconds(server.pid) - cpu_before
    return {"per_second": len(bodies) / seconds, "ok": statuses.count(200), "cpu_ms": cpu * 1000 / len(bodies)}


def workers_cpu_seconds(master: int) -> float:
    """User + system CPU seconds of the processes whose parent is ``master`` (gunicorn's workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[1]) == master:  # ppid; utime and stime follow at 11 and 12
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def lateness_measure(post_ids: list[str], *, due, wait: float) -> dict:
    """Lateness of each post; one not published after ``wait`` s counts as late as the wait (a bound)."""
    from apps.scheduling.models import OutboxMessage, ScheduledPost

    published = ScheduledPost.objects.filter(pk__in=post_ids, status="published")
    wait_for(lambda: published.count() == len(post_ids), seconds=max(0.0, (due - now()).total_seconds()) + wait)
    late = sorted((at - due).total_seconds() for at in published.values_list("published_at", flat=True))
    missing = len(post_ids) - len(late)
    late += [(now() - due).total_seconds()] * missing
    queued_before = OutboxMessage.objects.filter(
        scheduled_post_id__in=post_ids, kind="schedule", delivered_at__lt=due
    ).count()
    return {
        "lateness_median": statistics.median(late),
        "lateness_last": late[-1],
        "published_within_wait": f"{len(post_ids) - missing}/{len(post_ids)}",
        "queued_before_due": queued_before,
    }


def now():
    from django.utils import timezone

    return timezone.now()


def webhooks_run(env: dict[str, str], fake, *, endpoints: int, events: int) -> dict:
    """``events`` events to each of ``endpoints`` endpoints of a new organization, delivered by one worker."""
    from django.db import transaction
    from django.db.models import Max

    from apps.common.events import Actor, emit
    from apps.webhooks.models import WebhookDelivery, WebhookEndpoint
    from bench.builders import account_create

    account = account_create(email=f"bench-peak-hooks-{os.getpid()}@example.com")
    hooks = [
        WebhookEndpoint.objects.create(
            organization=account.organization,
            url=f"{fake.url}/hooks/{i}",
            event_types=["post.published"],
            secret=f"peak-secret-{i}",
        )
        for i in range(endpoints)
    ]
    total = endpoints * events
    deliveries = WebhookDelivery.objects.filter(endpoint__in=hooks)
    with workers_running(env, 1, tag="peak-hooks"):
        actor = Actor.for_user(account.user)
        with transaction.atomic():
            for i in range(events):
                emit("post.published", organization_id=account.organization.pk, data={"i": i}, actor=actor)
        committed = now()
        done = wait_for(lambda: deliveries.filter(status="delivered").count() == total, seconds=180)
    if not done:
        raise SystemExit(f"only {deliveries.filter(status='delivered').count()} of {total} webhooks delivered")
    seconds = max((deliveries.aggregate(last=Max("delivered_at"))["last"] - committed).total_seconds(), 1e-3)
    in_order = True
    for i, hook in enumerate(hooks):
        expected = [
            str(e) for e in deliveries.filter(endpoint=hook).order_by("sequence").values_list("event_id", flat=True)
        ]
        received = list(dict.fromkeys(fake.hooks[str(i)]))  # a redelivery counts where it first arrived
        in_order = in_order and received == expected
    return {"webhook_per_second": total / seconds, "webhook_deliveries": total, "webhook_in_order": in_order}


def server_env(fake_url: str, database_url: str, static_root: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATABASE_REPLICA_URL": "",
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "SCHEDULER_SERVICE_URL": fake_url,
        "SCHEDULER_SERVICE_TOKEN": TOKEN,
        "SCHEDULER_PUBLISHER": "webhook",
        "SCHEDULER_PUBLISHER_WEBHOOK_URL": f"{fake_url}/publish",
        "SCHEDULER_PUBLISHER_WEBHOOK_SECRET": SECRET,
        "WEBHOOK_ALLOW_PRIVATE_TARGETS": "true",
        "WEBHOOK_REQUIRE_HTTPS": "false",
        "WEBHOOK_ALLOWED_PORTS": fake_url.rsplit(":", 1)[1],
        "API_BASE_URL": "http://127.0.0.1",
        "GUNICORN_MAX_REQUESTS": "0",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "GUNICORN_LOG_LEVEL": "warning",
        "STATIC_ROOT": os.environ.get("STATIC_ROOT") or static_root,
    }


def measure(env: dict[str, str], fake, args) -> dict:
    from apps.users.tokens import token_pair_for_user
    from bench.builders import account_create, bench_plan_create
    from scripts.harness import gunicorn_running

    account = account_create(email=f"bench-peak-{os.getpid()}@example.com", plan=bench_plan_create("peak"))
    figures: dict = {}
    with workers_running(env, 2, tag="peak"):
        if "http" in args.rows:
            with gunicorn_running({**env, "SCHEDULER_BACKEND": "http"}, port=_port(args, 1)) as server:
                later = now() + timedelta(days=2)
                seconds, post_ids = csv_import(
                    server.url, account.access, tag="http", posts=args.posts, at=lambda i: later + timedelta(minutes=i)
                )
                figures["import_seconds"] = seconds
                figures.update(handoff_measure(post_ids, fake.keys))
                figures.update(callbacks_run(server, post_ids))
        if "local" in args.rows:
            with gunicorn_running({**env, "SCHEDULER_BACKEND": "local"}, port=_port(args, 2)) as server:
                due = (now() + timedelta(seconds=args.lead)).replace(microsecond=0)
                access = token_pair_for_user(user=account.user)["access"]
                seconds, post_ids = csv_import(server.url, access, tag="local", posts=args.posts, at=lambda i: due)
                figures["import_seconds_local"] = seconds
                figures.update(lateness_measure(post_ids, due=due, wait=args.wait))
            publications = [fake.keys.get(f"publish:{post_id}", 0) for post_id in post_ids]
            figures["publish_calls_per_key"] = sorted(set(publications))
    if "webhooks" in args.rows:
        figures.update(webhooks_run(env, fake, endpoints=args.endpoints, events=args.events))
    return figures


def _port(args, offset: int) -> int | None:
    return args.ports + offset if args.ports else None


def report(figures: dict, args) -> None:
    def row(label: str, key: str, unit: str, note: str = "") -> str:
        target, met = TARGETS[key]
        return f"| {label} | {figures[key]:.2f} {unit}{note} | {target} | {'met' if met(figures[key]) else 'MISSED'} |"

    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\n{os.cpu_count()} cores, load average {load}; {args.posts} posts, 2 workers (1 for webhooks)\n")
    print("| what | measured | target | |\n|---|---|---|---|")
    if "http" in args.rows:
        http_rows(figures, args, row)
    if "local" in args.rows:
        local_rows(figures, args, row)
    if "webhooks" in args.rows:
        print(
            row(
                f"webhook deliveries, 1 worker, {args.endpoints} endpoints × {args.events} events",
                "webhook_per_second",
                "events/s",
                f" (order kept: {figures['webhook_in_order']})",
            )
        )
    if "http" in args.rows:
        print(
            row(
                "scheduler callbacks, 20 at a time",
                "callbacks_per_second",
                "/s",
                f" ({figures['callbacks_ok']}/{figures['callbacks']} answered 200; server CPU"
                f" {figures['callbacks_cpu_ms']:.1f} ms per callback; baseline of the same run, GET"
                f" /health/live the same way: {figures['ceiling_per_second']:.0f}/s,"
                f" {figures['ceiling_cpu_ms']:.1f} ms; ratio"
                f" {figures['callbacks_per_second'] / figures['ceiling_per_second']:.2f})",
            )
        )
    print(json.dumps({k: (round(v, 3) if isinstance(v, float) else v) for k, v in figures.items()}))


def http_rows(figures: dict, args, row) -> None:
    print(row(f"CSV import of {args.posts} posts (one request)", "import_seconds", "s"))
    print(
        row(
            f"hand-off of those {args.posts} to the scheduler, http backend, 2 workers",
            "handoff_per_second",
            "posts/s",
            f" ({figures['handoff_done']} handed off; scheduler calls per key: {figures['handoff_calls_per_key']})",
        )
    )


def local_rows(figures: dict, args, row) -> None:
    print(row(f"{args.posts} due at once, local backend, 2 workers: median lateness", "lateness_median", "s"))
    print(
        row(
            "… last lateness",
            "lateness_last",
            "s",
            f" (published within the wait: {figures['published_within_wait']}; queued before due: "
            f"{figures['queued_before_due']}; publisher calls per key: "
            f"{figures['publish_calls_per_key']})",
        )
    )


def database_recreate(url: str) -> None:
    from bench.workers_throughput import database_recreate as recreate

    recreate(url)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--events", type=int, default=250, help="events per webhook endpoint")
    parser.add_argument("--endpoints", type=int, default=4)
    parser.add_argument("--lead", type=float, default=75, help="seconds from the local import to the due instant")
    parser.add_argument("--wait", type=float, default=120, help="seconds after the due instant before giving up")
    parser.add_argument("--max-seconds", type=int, default=900)
    parser.add_argument(
        "--rows",
        type=lambda value: set(value.split(",")),
        default={"http", "local", "webhooks"},
        help="comma-separated subset of: http (import, hand-off, callbacks), local (due at once), webhooks",
    )
    parser.add_argument(
        "--ports", type=int, default=0, help="listen on PORTS (fake upstreams), +1 and +2 (servers); default: free ones"
    )
    args = parser.parse_args()
    if not args.rows <= {"http", "local", "webhooks"}:
        parser.error("--rows takes http, local and webhooks")
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        raise SystemExit("needs PostgreSQL: set DATABASE_URL (and REDIS_URL)")
    if not os.environ.get("REDIS_URL"):
        print("warning: REDIS_URL not set: a local-memory cache per process, not the production figures")
    from scripts.fake_upstreams import FakeUpstreams
    from scripts.harness import time_bound

    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp, FakeUpstreams(port=args.ports) as fake, time_bound(args.max_seconds):
        env = server_env(fake.url, base.rstrip("/") + "_peak", tmp)
        database_recreate(env["DATABASE_URL"])
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        os.environ.update(env)
        import django

        django.setup()
        import logging

        logging.getLogger("httpx").setLevel(logging.WARNING)
        figures = measure(env, fake, args)
    report(figures, args)
    print(f"{time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
