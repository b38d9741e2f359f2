"""A real S3-compatible server for the media tests: moto's standalone server (``moto[server]``),
spoken to over HTTP with SigV4 and path-style addressing exactly as a production store is.

``s3_server`` (session): the endpoint of the server that ``.ci/run`` started and exported as
``MEDIA_TEST_S3_ENDPOINT_URL``, else one this test run starts itself on a free port of 127.0.0.1
(``python -m moto.server``) and stops at the end: ``make test`` on a fresh machine runs the media
tests against the real server too.

``media_s3`` (per test): a bucket of the test's own, ``STORAGES["media"]`` switched to it through
django-storages' ``S3Storage`` (Django's ``setting_changed`` drops the cached storage), emptied and
removed afterwards. ``media_s3.keys()`` lists what the bucket holds.
"""

import hmac
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import boto3
import pytest
import requests
from botocore.auth import S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

from tests.support.servers import server_environ

ACCESS_KEY = "testing"
SECRET_KEY = "testing"
REGION = "us-east-1"
ENDPOINT_ENV = "MEDIA_TEST_S3_ENDPOINT_URL"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(endpoint: str, process: subprocess.Popen | None, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"moto_server exited with {process.returncode}")
        try:
            requests.get(f"{endpoint}/moto-api/", timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"no S3 server answering at {endpoint}")


def s3_client(endpoint: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    )


def media_storage_config(*, endpoint: str, bucket: str) -> dict:
    """``STORAGES["media"]`` on that server, as config/settings/base.py builds it from MEDIA_S3_*."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": REGION,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "addressing_style": "path",
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 3600,
            "file_overwrite": False,
            "max_memory_size": 2_621_440,
        },
    }


def presigned_signature_valid(url: str, method: str) -> bool:
    """What an S3 server that checks signatures does with a presigned link (moto's does not: see
    docs/media.md): recompute its SigV4 query-string signature, from the server's copy of the secret,
    for the method, host, path and query the request names; a link altered in any of them fails."""
    parts = urlsplit(url)
    params = parse_qsl(parts.query, keep_blank_values=True)
    fields = dict(params)
    if "X-Amz-Signature" not in fields:
        return False
    unsigned = urlencode([(key, value) for key, value in params if key != "X-Amz-Signature"])
    request = AWSRequest(
        method=method,
        url=urlunsplit((parts.scheme, parts.netloc, parts.path, unsigned, "")),
        headers={"host": parts.netloc},
    )
    request.context["timestamp"] = fields.get("X-Amz-Date", "")
    auth = S3SigV4QueryAuth(Credentials(ACCESS_KEY, SECRET_KEY), "s3", REGION, expires=int(fields["X-Amz-Expires"]))
    expected = auth.signature(auth.string_to_sign(request, auth.canonical_request(request)), request)
    return hmac.compare_digest(expected, fields["X-Amz-Signature"])


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    endpoint = os.environ.get(ENDPOINT_ENV, "").rstrip("/")
    if endpoint:
        _wait_until_up(endpoint, None)
        yield endpoint
        return
    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        env=server_environ(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_up(endpoint, process)
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)


@dataclass
class MediaBucket:
    endpoint: str
    bucket: str
    client: object

    def keys(self, prefix: str = "") -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def get(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def put(self, key: str, body: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=key, Body=body)


@pytest.fixture
def media_s3(s3_server, settings) -> Iterator[MediaBucket]:
    bucket = f"media-test-{uuid.uuid4().hex[:16]}"
    client = s3_client(s3_server)
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {**settings.STORAGES, "media": media_storage_config(endpoint=s3_server, bucket=bucket)}
    media_bucket = MediaBucket(endpoint=s3_server, bucket=bucket, client=client)
    yield media_bucket
    for key in media_bucket.keys():
        client.delete_object(Bucket=bucket, Key=key)
    client.delete_bucket(Bucket=bucket)
