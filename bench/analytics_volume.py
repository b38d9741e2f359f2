"""The analytics endpoints on real volumes (issue 14, deliver 4): 1,000,000 versions and 1,000,000
scheduled posts in a DEDICATED database, then p50/p95 of each endpoint for a 90-day query of one
organization, and ``EXPLAIN (ANALYZE, BUFFERS)`` of the slowest query they ran.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/caas_volume make bench-analytics
    # or: .venv/bin/python bench/analytics_volume.py --database-url … [--refill] [--requests 20]

The database named by ``--database-url`` (default: ``DATABASE_URL`` with ``_volume`` appended to
its name) is DROPPED and re-created when it does not hold the volume yet (or with ``--refill``),
migrated, then filled in SQL with ``generate_series`` (no ORM row by row; about a minute):

- 10 organizations (personal organizations of bench users, each with 5 workspaces and 10 members);
  the measured one ("target") holds 10 % of every table, the other nine share the rest;
- 500,000 contents, 1,000,000 versions (two per content: generated, then regenerated or a manual
  edit), 1,000,000 scheduled posts (one per version: 70 % published, 10 % failed with one of four
  reasons, 10 % cancelled, 5 % queued, 5 % pending), spread over the last 365 days.

So a 90-day window of the target organization covers about 25,000 versions and 25,000 posts.
Requests go in-process through the real URLconf and middleware (``django.test.Client`` with a
real access JWT, ``config.settings.bench``: DEBUG off), on the primary (no replica configured).
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable

ORGS = 10
WORKSPACES = 5
MEMBERS = 10
CONTENTS = 500_000  # two versions each, one post per version
TARGET_TAG = "volume"
TARGET_P50_MS = 200.0


def _admin_url(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def _psql(url: str, sql: str) -> str:
    return subprocess.run(["psql", url, "-Atqc", sql], check=True, capture_output=True, text=True).stdout.strip()


def database_prepare(url: str, *, refill: bool, contents: int) -> bool:
    """Create (or re-create) the dedicated database; True when it must be filled."""
    admin, name = _admin_url(url)
    if not name or name in {"postgres", "template0", "template1"}:
        raise SystemExit(f"refusing to use database {name!r}: give a dedicated one")
    exists = _psql(admin, f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"
    if exists and not refill:
        try:
            versions = int(_psql(url, "SELECT count(*) FROM content_contentversion") or 0)
            posts = int(_psql(url, "SELECT count(*) FROM scheduling_scheduledpost") or 0)
        except subprocess.CalledProcessError:
            versions = posts = 0
        if versions == 2 * contents and posts == 2 * contents:
            return False
    _psql(admin, f'DROP DATABASE IF EXISTS "{name}"')
    _psql(admin, f'CREATE DATABASE "{name}"')
    return True


def accounts_create() -> list:
    """ORGS bench accounts (personal organization, bench plan), with workspaces and members."""
    from apps.organizations.models import OrganizationMember, Role, Workspace
    from apps.users.models import User
    from bench.builders import account_create, bench_plan_create

    plan = bench_plan_create(TARGET_TAG)
    accounts = []
    for o in range(ORGS):
        account = account_create(email=f"bench-{TARGET_TAG}-owner-{o}@example.com", plan=plan)
        Workspace.objects.bulk_create(
            Workspace(organization=account.organization, name=f"W{w}", created_by=account.user)
            for w in range(1, WORKSPACES)
        )
        members = User.objects.bulk_create(
            User(email=f"bench-{TARGET_TAG}-{o}-member-{m}@example.com") for m in range(1, MEMBERS)
        )
        OrganizationMember.objects.bulk_create(
            OrganizationMember(organization=account.organization, user=user, role=Role.EDITOR) for user in members
        )
        accounts.append(account)
    return accounts


# Row i of a series: organization o(i) (target = index 0 holds i % 10 == 0), a timestamp spread over
# 365 days by a multiplicative hash (deterministic), workspace and member picked by i.
_ORG = "CASE WHEN i % 10 = 0 THEN 0 ELSE 1 + (i / 10) % 9 END"
_TS = "(now() - ((i::bigint * 7919) % 31536000) * interval '1 second')"
# A pseudo-random 0..9999 of a row number (md5), so that every organization gets every kind of row.
_H = "(('x' || substr(md5('h' || {n}), 1, 4))::bit(16)::int % 10000)"


def fill_sql(contents: int) -> str:
    return f"""
CREATE TEMP TABLE bench_orgs AS
SELECT (row_number() OVER (ORDER BY u.email) - 1)::int AS o, m.organization_id AS org,
       array_agg(DISTINCT w.id) AS ws, array_agg(DISTINCT mm.user_id) AS users
FROM users_user u
JOIN organizations_organizationmember m ON m.user_id = u.id AND m.role = 'owner'
JOIN organizations_workspace w ON w.organization_id = m.organization_id
JOIN organizations_organizationmember mm ON mm.organization_id = m.organization_id
WHERE u.email LIKE 'bench-{TARGET_TAG}-owner-%'
GROUP BY u.email, m.organization_id;

INSERT INTO content_content (id, platform, tone, audience, prompt, current_version, current_text, review_state,
                             created_at, updated_at, created_by_id, organization_id, workspace_id)
SELECT md5('c' || i)::uuid, (ARRAY['twitter','linkedin','instagram','facebook','threads'])[1 + i % 5],
       'casual', '', 'bench prompt', 2, 'bench text', 'draft', ts, ts,
       b.users[1 + i % array_length(b.users, 1)], b.org, b.ws[1 + (i / 3) % array_length(b.ws, 1)]
FROM (SELECT i, {_ORG} AS o, {_TS} AS ts FROM generate_series(0, {contents} - 1) i) s
JOIN bench_orgs b ON b.o = s.o;

INSERT INTO content_contentversion (id, content_id, organization_id, workspace_id, version, text, source,
                                    provider, model, parameters, prompt_tokens, completion_tokens,
                                    total_tokens, latency_ms, truncated, created_by_id, created_at)
SELECT md5('v' || j)::uuid, c.id, c.organization_id, c.workspace_id, 1 + j % 2, 'bench version text',
       CASE WHEN j % 2 = 0 THEN 'generated' WHEN h % 4 = 3 THEN 'manual_edit' ELSE 'regenerated' END,
       CASE WHEN j % 2 = 1 AND h % 4 = 3 THEN '' WHEN h % 7 = 0 THEN 'gemini' ELSE 'openai' END,
       CASE WHEN j % 2 = 1 AND h % 4 = 3 THEN '' WHEN h % 7 = 0 THEN 'gemini-1.5-flash'
            WHEN h % 3 = 0 THEN 'gpt-4o' ELSE 'gpt-4o-mini' END,
       CASE WHEN h % 7 = 0 THEN '{{"fallback_used": true}}'::jsonb ELSE '{{"tone": "casual"}}'::jsonb END,
       CASE WHEN j % 2 = 1 AND h % 4 = 3 THEN 0 ELSE 40 + h % 200 END,
       CASE WHEN j % 2 = 1 AND h % 4 = 3 THEN 0 ELSE 60 + h % 400 END,
       CASE WHEN j % 2 = 1 AND h % 4 = 3 THEN 0 ELSE 100 + h % 200 + h % 400 END,
       CASE WHEN j % 2 = 1 AND h % 4 = 3 THEN 0 ELSE 300 + (h * 37) % 4000 END,
       h % 50 = 0, c.created_by_id, c.created_at + (j % 2) * interval '5 minutes'
FROM (SELECT j, {_H.format(n="j")} AS h FROM generate_series(0, 2 * {contents} - 1) j) s
JOIN content_content c ON c.id = md5('c' || (j / 2))::uuid;

INSERT INTO scheduling_scheduledpost (id, organization_id, content_id, content_version_id, text, text_hash, platform,
                                      scheduled_at, status, backend, job_id, platform_post_id, last_error,
                                      attempts, created_by_id, created_at, updated_at, queued_at,
                                      published_at, cancelled_at, failed_at)
SELECT md5('p' || k)::uuid, c.organization_id, c.id, v.id, 'bench post', '', c.platform, at,
       st, 'http', CASE WHEN st IN ('queued', 'published') THEN 'bench-job-' || k END,
       CASE WHEN st = 'published' THEN 'pp-' || k ELSE '' END,
       CASE WHEN st = 'failed' THEN (ARRAY['rate limited by the platform', 'token expired',
            'text too long', 'scheduler unreachable'])[1 + k % 4] ELSE '' END,
       1, c.created_by_id, v.created_at, v.created_at, v.created_at,
       CASE WHEN st = 'published' THEN at + (k % 900) * interval '1 second' END,
       CASE WHEN st = 'cancelled' THEN at END, CASE WHEN st = 'failed' THEN at END
FROM (SELECT k, CASE WHEN h % 20 < 14 THEN 'published' WHEN h % 20 < 16 THEN 'failed'
                     WHEN h % 20 < 18 THEN 'cancelled' WHEN h % 20 = 18 THEN 'queued' ELSE 'pending' END AS st
      FROM (SELECT k, {_H.format(n="k")} AS h FROM generate_series(0, 2 * {contents} - 1) k) hk) s
JOIN content_contentversion v ON v.id = md5('v' || k)::uuid
JOIN content_content c ON c.id = v.content_id
CROSS JOIN LATERAL (SELECT v.created_at + (1 + k % 47) * interval '1 hour' AS at) t;
"""


def fill(contents: int) -> float:
    from django.db import connection, transaction

    started = time.monotonic()
    with transaction.atomic():
        accounts_create()
        with connection.cursor() as cursor:
            for statement in fill_sql(contents).split(";\n"):
                if statement.strip():
                    cursor.execute(statement)
    with connection.cursor() as cursor:
        # What autovacuum does to a table this size soon after (insert threshold): statistics and
        # the visibility map, without which no index-only scan is possible.
        cursor.execute("VACUUM ANALYZE")
    return time.monotonic() - started


def target_account():
    from apps.organizations.models import OrganizationMember
    from apps.users.models import User
    from apps.users.tokens import token_pair_for_user

    owner = User.objects.get(email=f"bench-{TARGET_TAG}-owner-0@example.com")
    org_id = OrganizationMember.objects.get(user=owner, role="owner").organization_id
    return org_id, token_pair_for_user(user=owner)["access"]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def measure(*, requests: int, days: int) -> dict:
    from datetime import timedelta

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    org_id, access = target_account()
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {access}")
    end = timezone.now().date()
    start = end - timedelta(days=days - 1)
    query = f"organization_id={org_id}&start={start}&end={end}"
    endpoints = {
        "generation": f"/api/v1/analytics/generation/?{query}",
        "publishing": f"/api/v1/analytics/publishing/?{query}",
        "quota": f"/api/v1/analytics/quota/?{query}",
    }
    results: dict[str, dict] = {}
    captured: list[tuple[str, str]] = []
    for name, url in endpoints.items():
        with CaptureQueriesContext(connection) as ctx:
            first = client.get(url)
        if first.status_code != 200:
            raise SystemExit(f"{name}: HTTP {first.status_code} {first.content[:300]!r}")
        queries = [(name, q["sql"]) for q in ctx.captured_queries]  # now: the next request resets the log
        captured += queries
        client.get(url)  # warm-up
        times = []
        for _ in range(requests):
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, response.status_code
        body = first.json()
        body["series"] = len(body.get("series", []))
        results[name] = {
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "queries": len(queries),
            "summary": {k: body[k] for k in ("versions", "tokens", "scheduled", "published", "series") if k in body},
        }
    # The slowest query: each captured SELECT once more under EXPLAIN ANALYZE, the longest kept.
    slowest = (0.0, "", "", "")
    timings: list[tuple[str, float, str]] = []
    with connection.cursor() as cursor:
        for name, sql in captured:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            ms = float(plan.rsplit("Execution Time:", 1)[1].split()[0])
            timings.append((name, ms, " ".join(sql.split())[:110]))
            if ms > slowest[0]:
                slowest = (ms, name, sql, plan)
    return {"endpoints": results, "slowest": slowest, "timings": timings, "window": (str(start), str(end))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--refill", action="store_true", help="drop and fill again even when filled")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per endpoint")
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument(
        "--contents",
        type=int,
        default=CONTENTS,
        help="contents to make (2 versions and 2 posts each; a smaller run checks the script)",
    )
    args = parser.parse_args()
    url = args.database_url
    if url is None:
        base = os.environ.get("DATABASE_URL", "")
        if not base.startswith("postgres"):
            raise SystemExit("needs PostgreSQL: set DATABASE_URL or --database-url")
        url = base.rstrip("/") + "_volume"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "DATABASE_REPLICA_URL": "",
    }
    started = time.monotonic()
    must_fill = database_prepare(url, refill=args.refill, contents=args.contents)
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    os.environ.update(env)
    import django

    django.setup()
    fill_seconds = fill(args.contents) if must_fill else None
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM content_contentversion), (SELECT count(*) FROM scheduling_scheduledpost),"
            " (SELECT count(*) FROM content_content)"
        )
        versions, posts, contents = cursor.fetchone()
    result = measure(requests=args.requests, days=args.days)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"analytics on volume: {versions:,} versions, {posts:,} posts, {contents:,} contents in {url}")
    print(
        "fill: "
        + (f"{fill_seconds:.0f} s (generate_series)" if fill_seconds is not None else "kept from an earlier run")
    )
    print(f"window: {result['window'][0]} .. {result['window'][1]} ({args.days} days), one organization (10 %)")
    print(f"load average: {load}; {os.cpu_count()} cores; {args.requests} timed requests per endpoint")
    print(f"{'endpoint':<12} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'target p50':>11}  verdict  rows")
    ok = True
    for name, r in result["endpoints"].items():
        good = r["p50_ms"] <= TARGET_P50_MS
        ok &= good
        print(
            f"{name:<12} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['queries']:>8} {'<= 200':>11}  "
            f"{'PASS' if good else 'FAIL':<7}  {r['summary']}"
        )
    print("\neach query once more under EXPLAIN ANALYZE (execution ms):")
    for name, ms, sql in result["timings"]:
        print(f"  {name:<11} {ms:>7.1f}  {sql}")
    ms, name, sql, plan = result["slowest"]
    print(f"\nslowest query ({name}, {ms:.1f} ms):\n{sql}\n\nEXPLAIN (ANALYZE, BUFFERS):\n{plan}")
    print(f"\ntotal {time.monotonic() - started:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
