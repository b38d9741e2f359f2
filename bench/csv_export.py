#!/usr/bin/env python
"""Memory of a streamed CSV export: 100,000 rows against 10,000 rows, in the same run.

    .venv/bin/python bench/csv_export.py                       # throwaway SQLite file
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/caas_bench .venv/bin/python bench/csv_export.py

Two organizations are filled (10,000 and 100,000 contents, ``bulk_create``), then each is exported
through the real endpoint (``GET /api/v1/csv/content/export/`` with Django's test ``Client``, the
whole middleware stack, an access JWT) and the streamed body is consumed chunk by chunk, as a client
would download it. For each export: the peak of Python allocations during the export
(``tracemalloc``, reset before each) and the growth of the resident set (RSS sampled after every
chunk, against the RSS before the export; memory an earlier export freed may stay in the process
and be reused, so the RSS figure of a later export can understate: the Python peak is the clean
one). Flat memory means the 100k figures are about the 10k ones (ratio ~1), not 10x. The rows are
verified (count) so a short export cannot pass.
Each export runs twice: plain (seconds, RSS) and under tracemalloc (Python peak; tracing makes it
several times slower, so its time is not reported). With ``DATABASE_URL`` set the rows are written to
that database and deleted afterwards.
"""

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


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


def _export(client, organization_id: str, *, traced: bool) -> dict:
    """One export, consumed chunk by chunk. ``traced``: under tracemalloc (Python peak; ~6x slower),
    else plain (the time and the RSS figures)."""
    from django.core.cache import cache

    cache.clear()
    rss_before = _rss_bytes()
    rss_peak = rss_before
    if traced:
        tracemalloc.start()
        tracemalloc.reset_peak()
    started = time.perf_counter()
    response = client.get("/api/v1/csv/content/export/", {"organization_id": organization_id})
    assert response.status_code == 200, response.status_code
    assert response.streaming, "the export must be a streaming response"
    size = lines = chunks = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\r\n")
        chunks += 1
        rss_peak = max(rss_peak, _rss_bytes())
    seconds = time.perf_counter() - started
    peak = 0
    if traced:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return {
        "rows": lines - 1,  # minus the header (no text in the bench has a line break)
        "bytes": size,
        "chunks": chunks,
        "seconds": seconds,
        "py_peak": peak,
        "rss_growth": rss_peak - rss_before,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        _setup(tmp)
        from django.test import Client

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
            client = Client(
                HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {token_pair_for_user(user=owner)['access']}"
            )
            _export(client, str(orgs["small"].pk), traced=False)  # warm-up: imports, first queries, caches
            results = {}
            for label, org in orgs.items():
                plain = _export(client, str(org.pk), traced=False)
                traced = _export(client, str(org.pk), traced=True)
                assert plain["rows"] == traced["rows"] and plain["bytes"] == traced["bytes"]
                results[label] = {**plain, "py_peak": traced["py_peak"]}
        finally:  # content first (it protects its workspace), in bulk
            Content.objects.filter(organization__in=list(orgs.values()))._raw_delete("default")
            Organization.objects.filter(members__user=owner).delete()
            User.objects.filter(pk=owner.pk).delete()

    from django.conf import settings
    from django.db import connection

    small, large = results["small"], results["large"]
    assert small["rows"] == args.small and large["rows"] == args.large, (small["rows"], large["rows"])
    mib = 1024 * 1024
    print()
    print(f"CSV export memory ({connection.vendor}, chunk size {settings.CSV_EXPORT_CHUNK_SIZE})")
    print(f"{'rows':>8} {'MiB sent':>9} {'chunks':>7} {'seconds':>8} {'py peak MiB':>12} {'RSS growth MiB':>15}")
    for result in (small, large):
        print(
            f"{result['rows']:>8} {result['bytes'] / mib:>9.1f} {result['chunks']:>7} {result['seconds']:>8.1f} "
            f"{result['py_peak'] / mib:>12.2f} {result['rss_growth'] / mib:>15.2f}"
        )
    ratio = large["py_peak"] / max(small["py_peak"], 1)
    print(f"\npython peak, {args.large:,} rows / {args.small:,} rows: {ratio:.2f}x (flat: ~1x; linear: 10x)")
    print(
        f"RSS growth, {args.large:,} rows: {large['rss_growth'] / mib:.2f} MiB "
        f"(10k: {small['rss_growth'] / mib:.2f} MiB; body sent {large['bytes'] / mib:.1f} MiB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
