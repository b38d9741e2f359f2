"""Does caching an organization's plan limits in Redis pay (issue 14, deliver 5)? Every
authenticated request reads them (the rate limiter, ``organization_rate_limits``). This measures
one read from the shared cache (entry and plans' generation in one round trip) against the read it
replaces (the subscription, its plan and organization from PostgreSQL), in alternating rounds.

    DATABASE_URL=postgresql://… REDIS_URL=redis://… .venv/bin/python bench/hot_reads.py [--calls 500 --rounds 5]

Uses a dedicated database (DATABASE_URL's name + ``_hot``, dropped and re-created).
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    base, redis = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not base.startswith("postgres") or not redis:
        raise SystemExit("needs PostgreSQL and Redis: set DATABASE_URL and REDIS_URL")
    url = base.rstrip("/") + "_hot"
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    name = parts.path.lstrip("/")
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin, "-qc", sql], check=True, capture_output=True)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.bench"}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.cache import cache

    from apps.subscriptions.throttles import _limits_cache_key, organization_rate_limits
    from bench.builders import account_create

    org_id = account_create(email="bench-hot-owner@example.com").organization.pk
    key = _limits_cache_key(org_id)

    def cached() -> float:
        organization_rate_limits(organization_id=org_id)
        t0 = time.perf_counter()
        for _ in range(args.calls):
            organization_rate_limits(organization_id=org_id)
        return (time.perf_counter() - t0) / args.calls * 1e6

    def uncached() -> float:
        total = 0.0
        for _ in range(args.calls):
            cache.delete(key)  # not timed
            t0 = time.perf_counter()
            organization_rate_limits(organization_id=org_id)
            total += time.perf_counter() - t0
        return total / args.calls * 1e6  # includes the cache.set that follows a miss

    pairs = [(uncached(), cached()) for _ in range(args.rounds)]
    db_us = statistics.median(p[0] for p in pairs)
    cache_us = statistics.median(p[1] for p in pairs)
    ratios = sorted(p[0] / p[1] for p in pairs)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"organization_rate_limits: cache hit {cache_us:.0f} µs, miss (PostgreSQL + set) {db_us:.0f} µs per call; "
        f"miss/hit {statistics.median(ratios):.1f}x (range {ratios[0]:.1f}-{ratios[-1]:.1f}); "
        f"{args.rounds} alternating rounds of {args.calls}; load average {load}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
