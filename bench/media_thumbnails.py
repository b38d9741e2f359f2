#!/usr/bin/env python
"""Benchmark: thumbnails made per second by ONE task worker (``python -m runtime.db_worker``, the
compose worker's command), from the database queue.

    .venv/bin/python bench/media_thumbnails.py                       # SQLite and media in a temp dir
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/caas_bench .venv/bin/python bench/media_thumbnails.py

Stores ``--images`` originals through ``media_create`` (``--width`` x ``--height``; ``--kind photo``:
a noisy JPEG, what a camera upload costs to decode; ``placeholder``: the offline AI image, a PNG),
enqueues one ``media_thumbnail`` task each, runs one worker with ``--batch`` (it exits when the
queue is empty) and reports N / (last task finished − first task started), from the queue's own
timestamps, so the worker's start-up is not counted. Media on the filesystem storage in the temp
dir (an S3 store adds a GET and a PUT per thumbnail).
"""

import argparse
import io
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate_concurrency import PYTHON, django_setup  # noqa: E402
from scripts.harness import time_bound  # noqa: E402


def original_bytes(kind: str, width: int, height: int, i: int) -> bytes:
    from PIL import Image

    if kind == "placeholder":
        from apps.content.providers.offline_images import placeholder_jpeg

        return placeholder_jpeg(prompt=f"A lighthouse at dusk, picture {i}")
    image = Image.effect_noise((width, height), 64).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=60)
    parser.add_argument("--kind", choices=["photo", "placeholder"], default="photo")
    parser.add_argument("--width", type=int, default=2048)
    parser.add_argument("--height", type=int, default=1536)
    parser.add_argument("--max-seconds", type=int, default=300)
    args = parser.parse_args()

    tag = secrets.token_hex(4)
    with tempfile.TemporaryDirectory(prefix="caas-bench-") as tmp, time_bound(args.max_seconds):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.bench",
            "MEDIA_ROOT": f"{tmp}/media",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        }
        env.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
        env.pop("REDIS_URL", None)
        database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
        django_setup(env)
        from django.db import connections
        from django.db.models import Max, Min
        from django_tasks_db.models import DBTaskResult

        from apps.media.models import DerivativeKind, Media
        from apps.media.services import media_create
        from apps.media.tasks import media_thumbnail
        from bench.builders import account_create, bench_data_delete

        task_path = "apps.media.tasks.media_thumbnail"
        try:
            DBTaskResult.objects.filter(task_path=task_path).delete()
            account = account_create(email=f"bench-{tag}-0@example.com")
            sizes = []
            for i in range(args.images):
                data = original_bytes(args.kind, args.width, args.height, i)
                sizes.append(len(data))
                media = media_create(workspace=account.workspace, created_by=account.user, data=data, filename="b")
                media_thumbnail.enqueue(media_id=str(media.pk))
            connections.close_all()
            worker = [PYTHON, "-m", "runtime.db_worker", "--batch", "--no-startup-delay", "--interval", "0.05"]
            subprocess.run(worker, cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
            done = DBTaskResult.objects.filter(task_path=task_path, status="SUCCESSFUL")
            span = done.aggregate(first=Min("started_at"), last=Max("finished_at"))
            made = Media.objects.filter(
                organization=account.organization, derivative_kind=DerivativeKind.THUMBNAIL
            ).count()
        finally:
            DBTaskResult.objects.filter(task_path=task_path).delete()
            bench_data_delete(tag)
            connections.close_all()
    seconds = (span["last"] - span["first"]).total_seconds()
    print(f"one worker (runtime.db_worker), database {database}, filesystem storage, cores {os.cpu_count()}")
    what = f"{args.kind} {args.width}x{args.height}" if args.kind == "photo" else "offline placeholder 1024x1024 PNG"
    print(f"{args.images} originals ({what}, mean {sum(sizes) / len(sizes) / 1024:.0f} KiB), {made} thumbnails made")
    print(f"thumbnails per second per worker: {made / seconds:.1f} ({seconds:.2f} s, WebP <= 320 px)")
    return 0 if made == args.images else 1


if __name__ == "__main__":
    sys.exit(main())
