#!/usr/bin/env python
"""Concurrent direct media uploads through the production server: all stored, worker memory flat.

    .venv/bin/python bench/media_upload.py                       # throwaway SQLite file
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/caas_bench .venv/bin/python bench/media_upload.py

A real S3-compatible server is started (moto's standalone server, ``python -m moto.server``, on a
free port; or the one given by ``--s3-endpoint`` / ``MEDIA_TEST_S3_ENDPOINT_URL``) with a bucket of
the bench's own, then gunicorn as deployed (``gunicorn -c gunicorn.conf.py config.asgi:application``,
``config.settings.bench``, ONE worker, ``MEDIA_S3_*`` pointing at that server). ``--uploads`` clients
(50) then POST at once a ``--mib`` (5) MiB MP4 each to ``/api/v1/media/`` (multipart, an access JWT),
each body streamed from one shared buffer (the client holds one copy). Measured: every answer 201,
every object in the bucket with its size, the wall time, and the growth of the worker's resident set
(sampled every 10 ms, against the RSS after the warm-up: ``--warm`` uploads at once, one per storage
thread, whose boto3 sessions are a fixed cost of the process). Target (issue 27): RSS growth
<= 64 MiB for 50 x 5 MiB (the bodies are streamed to temporary files and from there to storage,
never held whole).
"""

import argparse
import http.client
import os
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.csv_export import _PeakRss, _rss, _worker_pid  # noqa: E402

MIB = 1024 * 1024
BOUNDARY = "----caas-media-bench-boundary"


def _mp4(size: int) -> bytes:
    """An MP4 of ``size`` bytes: ftyp (isom), a minimal moov/mvhd, an mdat of random bytes."""
    import struct

    def box(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", 8 + len(payload)) + kind + payload

    head = box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2avc1mp41")
    head += box(b"moov", box(b"mvhd", bytes(4) + struct.pack(">IIII", 0, 0, 1000, 10_000) + bytes(80)))
    return head + box(b"mdat", os.urandom(size - len(head) - 8))


def _s3_server(endpoint: str | None):
    """(endpoint, process or None): the given server, or moto's started on a free port."""
    if endpoint:
        return endpoint.rstrip("/"), None
    from scripts.harness import free_port

    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own command line
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/moto-api/")
            connection.getresponse().read()
            return endpoint, process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("moto_server did not start")


def _setup(tmp: str, endpoint: str) -> tuple[str, str]:
    """Django in this process (migrations, one user on the Team plan), the bucket; (token, bucket)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/media-bench.sqlite3"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import boto3

    from apps.organizations.services import account_register
    from apps.subscriptions.models import Plan, Subscription
    from apps.users.tokens import token_pair_for_user

    bucket = f"media-bench-{uuid.uuid4().hex[:12]}"
    boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s"
    ).create_bucket(Bucket=bucket)
    user = account_register(email=f"media-bench-{uuid.uuid4().hex[:8]}@example.com", password="bench-pass-0123456789")
    Subscription.objects.filter(organization__members__user=user).update(plan=Plan.objects.get(slug="team"))
    return token_pair_for_user(user=user)["access"], bucket


def _upload(url: str, token: str, payload: bytes, index: int) -> int:
    """One multipart upload, the body streamed from ``payload`` (no copy of it); the status."""
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="alt_text"\r\n\r\nbench {index}\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="clip-{index}.mp4"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    view = memoryview(payload)
    chunks = [head, *(view[i : i + 65536] for i in range(0, len(payload), 65536)), tail]
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
        "Content-Length": str(len(head) + len(payload) + len(tail)),
    }
    connection.request("POST", "/api/v1/media/", body=iter(chunks), headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    if response.status != 201:
        print(f"upload {index}: {response.status} {body[:300]!r}", flush=True)
    return response.status


def _measure(args: argparse.Namespace, endpoint: str, token: str, bucket: str) -> dict:
    from scripts.harness import gunicorn_running

    env = {key: value for key, value in os.environ.items() if not key.startswith("GUNICORN_")}
    env.update(
        GUNICORN_WORKERS="1",
        GUNICORN_ACCESS_LOG="/dev/null",
        GUNICORN_LOG_LEVEL="warning",
        MEDIA_S3_BUCKET=bucket,
        MEDIA_S3_ENDPOINT_URL=endpoint,
        MEDIA_S3_ACCESS_KEY_ID="bench-key",
        MEDIA_S3_SECRET_ACCESS_KEY="bench-secret",
    )
    payload = _mp4(args.mib * MIB)
    with gunicorn_running(env, port=args.port) as server:
        worker = _worker_pid(server.pid)
        # Warm-up: imports, and one upload per storage thread (each keeps its boto3 session: a fixed
        # cost of the process, MEDIA_STORAGE_THREADS x about 12 MB, apps/media/storage.py).
        with ThreadPoolExecutor(max_workers=args.warm) as pool:
            assert (
                list(pool.map(lambda i: _upload(server.url, token, payload, -i), range(1, args.warm + 1)))
                == [201] * args.warm
            )
        rss_before = _rss(worker)
        sampler = _PeakRss(worker)
        sampler.start()
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.uploads) as pool:
            statuses = list(pool.map(lambda i: _upload(server.url, token, payload, i), range(1, args.uploads + 1)))
        seconds = time.perf_counter() - started
        sampler.done.set()
        sampler.join()
    return {
        "statuses": statuses,
        "seconds": seconds,
        "rss_growth": max(sampler.peak - rss_before, 0),
        "size": len(payload),
    }


def _stored(endpoint: str, bucket: str, size: int) -> int:
    import boto3

    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s"
    )
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return sum(1 for page in pages for item in page.get("Contents", []) if item["Size"] == size)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--mib", type=int, default=5)
    parser.add_argument("--s3-endpoint", default=os.environ.get("MEDIA_TEST_S3_ENDPOINT_URL", ""))
    parser.add_argument("--warm", type=int, default=4, help="warm-up uploads at once (MEDIA_STORAGE_THREADS)")
    parser.add_argument("--port", type=int, default=None, help="gunicorn's port (default: a free one)")
    args = parser.parse_args()
    endpoint, moto = _s3_server(args.s3_endpoint)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            token, bucket = _setup(tmp, endpoint)
            result = _measure(args, endpoint, token, bucket)
            stored = _stored(endpoint, bucket, result["size"])
    finally:
        if moto is not None:
            moto.terminate()
            moto.wait(timeout=10)
    from django.db import connection

    created = result["statuses"].count(201)
    growth = result["rss_growth"] / MIB
    print(
        f"\n{args.uploads} concurrent direct uploads of {args.mib} MiB through gunicorn config.asgi, 1 worker, "
        f"S3-compatible store (moto_server), {connection.vendor}"
    )
    print(
        f"201 answers: {created}/{args.uploads}; objects stored (warm-up included): {stored}/{args.uploads + args.warm}"
    )
    print(f"wall: {result['seconds']:.2f} s ({args.uploads * args.mib / result['seconds']:.1f} MiB/s)")
    met = "met" if growth <= 64 and created == args.uploads and stored == args.uploads + args.warm else "MISSED"
    print(f"worker RSS growth: {growth:.1f} MiB (target <= 64 MiB, all stored: {met})")
    return 0 if met == "met" else 1


if __name__ == "__main__":
    sys.exit(main())
