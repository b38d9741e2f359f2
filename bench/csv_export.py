#!/usr/bin/env python
"""A CSV export through the production server: time to first byte, total time, worker memory.

    .venv/bin/python bench/csv_export.py                       # throwaway SQLite file
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/caas_bench .venv/bin/python bench/csv_export.py

Two organizations are filled (10,000 and 100,000 contents, ``bulk_create``), then gunicorn is started
as deployed (``gunicorn -c gunicorn.conf.py config.asgi:application``, ``config.settings.bench``, one
worker) and each organization is exported over HTTP (``GET /api/v1/csv/content/export/``, an access
JWT), the body read as it arrives, as a client downloads it. For each export: the time to the first
byte of the body (the CSV's header row; the status line and headers come before it in any case),
to the first row, to the end, and the growth of the worker's resident set
(its RSS sampled every 10 ms during the download, against the RSS just before; the small export runs
first as a warm-up, then both are measured). The targets for 100,000 rows (issue 26): first byte
≤ 1 s and RSS growth ≤ 16 MiB (flat memory: about what 10,000 rows cost, not 10x). The rows are
counted so that a short export cannot pass. With ``DATABASE_URL`` set the rows are written to that
database and deleted afterwards.

A baseline (another checkout, e.g. the code before a change) is measured by running this same file
from that checkout: the server is started from the directory this file is in.
"""

import argparse
import http.client
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MIB = 1024 * 1024


def _setup(tmp: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/csv-bench.sqlite3"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _fill(organization, workspace, owner, rows: int) -> None:
    from apps.content.models import Content

    batch = 5000
    for start in range(0, rows, batch):
        Content.objects.bulk_create(
            Content(
                organization=organization,
                workspace=workspace,
                created_by=owner,
                platform="twitter",
                tone="casual",
                prompt=f"Bench prompt {i}",
                current_version=1,
                current_text=f"Bench post number {i}: a realistic line of text, about a hundred characters, #bench",
            )
            for i in range(start, min(rows, start + batch))
        )


def _worker_pid(master: int) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def _rss(pid: int) -> int:
    return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class _PeakRss(threading.Thread):
    """The highest RSS of ``pid`` while running (sampled every 10 ms)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, _rss(pid), threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.01):
            self.peak = max(self.peak, _rss(self.pid))


def _export(url: str, token: str, organization_id: str, worker: int) -> dict:
    """One export downloaded as it arrives: times, size, rows, the worker's RSS growth."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
    rss_before = _rss(worker)
    sampler = _PeakRss(worker)
    sampler.start()
    started = time.perf_counter()
    path = f"/api/v1/csv/content/export/?organization_id={organization_id}"
    connection.request("GET", path, headers={"Authorization": f"Bearer {token}"})
    response = connection.getresponse()
    assert response.status == 200, (response.status, response.read()[:500])
    size = lines = 0
    first_byte = first_row = None
    while chunk := response.read1(1 << 16):
        size += len(chunk)
        lines += chunk.count(b"\n")  # not CRLF: a read may end between its two bytes
        if first_byte is None:
            first_byte = time.perf_counter() - started
        if first_row is None and lines >= 2:
            first_row = time.perf_counter() - started
    seconds = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    connection.close()
    return {
        "rows": lines - 1,  # minus the header (no text in the bench has a line break)
        "bytes": size,
        "first_byte": first_byte or seconds,
        "first_row": first_row or seconds,
        "seconds": seconds,
        "rss_growth": max(sampler.peak - rss_before, 0),
    }


def _serve_and_measure(orgs: dict, token: str, database_url: str) -> dict:
    from scripts.harness import gunicorn_running

    env = {key: value for key, value in os.environ.items() if not key.startswith("GUNICORN_")}
    env.update(
        DATABASE_URL=database_url, GUNICORN_WORKERS="1", GUNICORN_ACCESS_LOG="/dev/null", GUNICORN_LOG_LEVEL="warning"
    )
    with gunicorn_running(env) as server:
        worker = _worker_pid(server.pid)
        _export(server.url, token, str(orgs["small"].pk), worker)  # warm-up: imports, first queries
        return {label: _export(server.url, token, str(org.pk), worker) for label, org in orgs.items()}


def _report(results: dict, args: argparse.Namespace) -> None:
    from django.conf import settings
    from django.db import connection

    small, large = results["small"], results["large"]
    assert small["rows"] == args.small and large["rows"] == args.large, (small["rows"], large["rows"])
    print()
    print(
        f"CSV export through gunicorn config.asgi:application, 1 worker "
        f"({connection.vendor}, chunk size {settings.CSV_EXPORT_CHUNK_SIZE})"
    )
    print(f"{'rows':>8} {'MiB sent':>9} {'first byte s':>13} {'first row s':>12} {'total s':>8} {'RSS growth MiB':>15}")
    for result in (small, large):
        print(
            f"{result['rows']:>8} {result['bytes'] / MIB:>9.1f} {result['first_byte']:>13.3f} "
            f"{result['first_row']:>12.3f} {result['seconds']:>8.2f} {result['rss_growth'] / MIB:>15.2f}"
        )
    first = "met" if large["first_byte"] <= 1 else "MISSED"
    memory = "met" if large["rss_growth"] <= 16 * MIB else "MISSED"
    print(f"\n{args.large:,} rows: first byte {large['first_byte']:.3f} s (target <= 1 s: {first}), ", end="")
    print(f"first row / total = {large['first_row'] / large['seconds']:.3f}")
    print(
        f"{args.large:,} rows: worker RSS growth {large['rss_growth'] / MIB:.2f} MiB (target <= 16 MiB: {memory}; "
        f"{args.small:,} rows: {small['rss_growth'] / MIB:.2f} MiB; body {large['bytes'] / MIB:.1f} MiB)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        _setup(tmp)
        from apps.content.models import Content
        from apps.organizations.models import Organization
        from apps.organizations.selectors import workspace_default
        from apps.organizations.services import account_register, organization_create
        from apps.users.models import User
        from apps.users.tokens import token_pair_for_user

        tag = os.urandom(4).hex()
        owner = account_register(email=f"csv-bench-{tag}@example.com", password="bench-password-0123456789")
        orgs = {}
        try:
            for label, rows in (("small", args.small), ("large", args.large)):
                organization = organization_create(owner=owner, name=f"CSV bench {label} {tag}")
                started = time.perf_counter()
                _fill(organization, workspace_default(organization_id=organization.pk), owner, rows)
                print(f"filled {rows:>7} rows in {time.perf_counter() - started:5.1f} s", flush=True)
                orgs[label] = organization
            from django.db import connection

            if connection.vendor == "postgresql":
                # Statistics, as autovacuum would gather after a bulk load: without them the planner
                # takes 100 rows for 100,000 and sorts what is left at every chunk.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE content_content")
            connection.close()  # the server's turn; SQLite: no lock kept
            token = token_pair_for_user(user=owner)["access"]
            results = _serve_and_measure(orgs, token, os.environ["DATABASE_URL"])
        finally:  # content first (it protects its workspace), in bulk
            Content.objects.filter(organization__in=list(orgs.values()))._raw_delete("default")
            Organization.objects.filter(members__user=owner).delete()
            User.objects.filter(pk=owner.pk).delete()
        _report(results, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
