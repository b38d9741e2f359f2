#!/usr/bin/env python
"""The CSV import of 1,000 posts in one request, through the production server; this checkout
against a baseline git ref (``main``), in the same run.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/caas_bench REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/csv_import.py [--rows 1000] [--rounds 3] [--baseline main]

Two servers run side by side on the same database, each ``gunicorn -c gunicorn.conf.py
config.asgi:application`` with ``config.settings.bench`` (``scripts/harness.py``): one on this
checkout, one on ``--baseline`` exported with ``git archive`` to a temp directory (same virtualenv;
the schema is this checkout's, migrated once). ``--baseline ""`` measures this checkout only.

Each round, for each server in alternating order: a fresh organization (Team plan: no posts limit)
of the same owner, and one ``POST /api/v1/csv/scheduled-posts/import/`` of ``--rows`` text rows (a new
content each, every platform in turn, distinct texts and times so no duplicate rule fires), timed
from the first byte sent to the whole answer read. The answer must be 201 with every row scheduled,
and the database must hold the posts, their outbox messages and their ``post.scheduled`` audit
entries. Printed: seconds per import (median of the rounds, and each round) and the ratio
baseline ÷ this checkout. The organizations are left in the database (the audit log is append-only).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.harness import gunicorn_running, time_bound  # noqa: E402

PYTHON = sys.executable
# Not instagram: a text row there needs media_ids (Instagram needs an image, docs/content.md#media-rules).
PLATFORMS = ("twitter", "linkedin", "facebook", "threads", "twitter")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", default="main", help='git ref to compare against ("" for none)')
    parser.add_argument("--port", type=int, default=0, help="first of two ports (default: free ones)")
    parser.add_argument("--max-seconds", type=int, default=900)
    return parser.parse_args()


def server_env(tmp: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "GUNICORN_LOG_LEVEL": "warning",
        "STATIC_ROOT": os.environ.get("STATIC_ROOT") or tmp,
    }
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = f"sqlite:///{tmp}/csv-import.sqlite3"
        print("warning: DATABASE_URL not set: SQLite in a temp dir, not the production figures", flush=True)
    return env


def export_ref(ref: str, into: str) -> Path:
    """The tree of ``ref`` in ``into`` (``git archive``: the repository is not touched)."""
    target = Path(into) / "baseline"
    target.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout  # noqa: S603, S607
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)  # noqa: S603, S607
    return target


def csv_body(rows: int, tag: str) -> bytes:
    from django.utils import timezone

    start = timezone.now().replace(microsecond=0) + timedelta(days=2)
    lines = ["platform,scheduled_at,text"]
    for i in range(rows):
        when = (start + timedelta(minutes=7 * i)).isoformat()
        text = f"Bench import {tag} post {i}: what we shipped this week and why it matters to you."
        lines.append(f"{PLATFORMS[i % len(PLATFORMS)]},{when},{text}")
    return ("\n".join(lines) + "\n").encode()


def import_once(base: str, access: str, organization_id: str, body: bytes, rows: int) -> float:
    started = time.perf_counter()
    response = httpx.post(
        f"{base}/api/v1/csv/scheduled-posts/import/",
        data={"organization_id": organization_id},
        files={"file": ("posts.csv", body, "text/csv")},
        headers={"Authorization": f"Bearer {access}"},
        timeout=300,
    )
    seconds = time.perf_counter() - started
    assert response.status_code == 201, (response.status_code, response.text[:500])
    assert len(response.json()["scheduled_posts"]) == rows
    return seconds


def verify(organization_id: str, rows: int) -> None:
    from apps.audit.models import AuditEntry
    from apps.scheduling.models import OutboxMessage, ScheduledPost

    posts = ScheduledPost.objects.filter(organization_id=organization_id).count()
    messages = OutboxMessage.objects.filter(scheduled_post__organization_id=organization_id, kind="schedule").count()
    audited = AuditEntry.objects.filter(organization_id=organization_id, action="post.scheduled").count()
    assert posts == messages == audited == rows, (posts, messages, audited)


def main() -> int:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="caas-csv-import-") as tmp, time_bound(args.max_seconds):
        env = server_env(tmp)
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        os.environ.update(env)
        import django

        django.setup()
        from apps.organizations.services import account_register, organization_create
        from apps.subscriptions.models import Plan, Subscription
        from apps.users.tokens import token_pair_for_user

        tag = os.urandom(4).hex()
        owner = account_register(email=f"csv-import-{tag}@example.com", password="bench-password-0123456789")
        access = token_pair_for_user(user=owner)["access"]
        team = Plan.objects.get(slug="team")
        roots = {"this": ROOT}
        if args.baseline:
            roots = {f"baseline ({args.baseline})": export_ref(args.baseline, tmp), **roots}
        seconds: dict[str, list[float]] = {label: [] for label in roots}
        with ExitStack() as stack:
            servers = {
                label: stack.enter_context(
                    gunicorn_running(env, root=root, port=(args.port + i) if args.port else None)
                )
                for i, (label, root) in enumerate(roots.items())
            }
            for label, server in servers.items():  # warm-up: imports, first queries, pools
                organization = organization_create(owner=owner, name=f"CSV import warm-up {label} {tag}")
                Subscription.objects.filter(organization=organization).update(plan=team)
                import_once(server.url, access, str(organization.pk), csv_body(5, f"{tag}w{label}"), 5)
            for round_number in range(args.rounds):
                order = list(servers.items())
                if round_number % 2:
                    order.reverse()
                for label, server in order:
                    organization = organization_create(owner=owner, name=f"CSV import {label} {round_number} {tag}")
                    Subscription.objects.filter(organization=organization).update(plan=team)
                    body = csv_body(args.rows, f"{tag}r{round_number}{label}")
                    took = import_once(server.url, access, str(organization.pk), body, args.rows)
                    verify(str(organization.pk), args.rows)
                    seconds[label].append(took)
                    print(f"round {round_number + 1}: {label:<18} {args.rows} rows in {took:6.2f} s", flush=True)

    from django.db import connection

    print(f"\nCSV import of {args.rows} posts, one request (gunicorn config.asgi:application, {connection.vendor})")
    medians = {label: statistics.median(values) for label, values in seconds.items()}
    for label, values in seconds.items():
        rounds = " ".join(f"{v:.2f}" for v in values)
        print(f"{label:<18} median {medians[label]:6.2f} s   rounds: {rounds}")
    if args.baseline:
        baseline = medians[f"baseline ({args.baseline})"]
        print(f"\nbaseline / this: {baseline / medians['this']:.1f}x faster")
    return 0


if __name__ == "__main__":
    sys.exit(main())
