#!/usr/bin/env python
"""What the embedded default's shared cache costs an authenticated request (issue 26, item 2).

    .venv/bin/python bench/embedded_cache.py [--requests 300 --rounds 5 --path /api/v1/auth/profile/]

Every authenticated request reads three cached copies (the user row, the memberships, the plan's
rates: docs/architecture.md, "Cached reads"). In-process on a fresh SQLite file (Django's test
``Client``, the whole middleware stack, a real access JWT), alternating round by round:

- ``local memory``: Django's per-process cache, what the embedded default used before: the floor,
  but NOT exact across the server and the worker;
- ``file cache``: the embedded default now (a directory shared by the processes);
- ``no cache``: the three copies read from SQLite on every request (``VersionedCache.get`` loads).

Prints ms per request (median of the rounds) and the ratio to local memory. The rate counters are
the process's in all three (``apps.common.ratelimit`` without Redis).
"""

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _variants(directory: str) -> dict[str, tuple[dict, bool]]:
    """Name -> (CACHES, bypass the versioned cache)."""
    local = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    files = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": directory}}
    return {"local memory": (local, False), "file cache": (files, False), "no cache": (local, True)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--path", default="/api/v1/auth/profile/")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="caas-bench-cache-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.development",
        DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}",
        REDIS_URL="",
        DEBUG="False",
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, check=True)
    import django

    django.setup()
    from django.test import Client, override_settings
    from rest_framework_simplejwt.tokens import RefreshToken

    from apps.common.versioned_cache import VersionedCache
    from apps.organizations.services import account_register
    from apps.subscriptions.models import Plan

    Plan.objects.update(requests_per_minute=10**9)  # measure the reads, not the 429s
    user = account_register(email="bench-cache@example.com", password="bench-Password-2026!")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}", HTTP_HOST="localhost")

    def per_request() -> float:
        started = time.perf_counter()
        for _ in range(args.requests):
            assert client.get(args.path).status_code == 200
        return (time.perf_counter() - started) / args.requests * 1000

    def load_only(self, owner, load, **kwargs):  # noqa: ANN001, ANN202, ARG001
        return load()

    rounds: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        for name, (caches, bypass) in _variants(str(work / "cache")).items():
            with (
                override_settings(CACHES=caches),
                mock.patch.object(VersionedCache, "get", load_only) if bypass else contextlib.nullcontext(),
            ):
                per_request()  # warm
                rounds.setdefault(name, []).append(per_request())
    floor = statistics.median(rounds["local memory"])
    print(f"{args.path}, SQLite, {args.requests} requests per round, median of {args.rounds} rounds")
    for name, values in rounds.items():
        median = statistics.median(values)
        print(f"{name:<13} {median:7.3f} ms/request  {median / floor:.2f}x   rounds: {[round(v, 2) for v in values]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
