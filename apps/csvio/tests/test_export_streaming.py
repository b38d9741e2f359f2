"""CSV exports stream under ASGI (issue 26 item 1): each keyset chunk is sent before the next is read.

Django's ASGI handler sends a sync iterator only once it has read it whole (its warning "must consume
synchronous iterators"): a 100,000-row export was built in memory before its first byte. The proof
here is a row added once the first rows have reached the client, sorting after every other: an export
read whole before its first byte cannot hold it; a streamed one reads it at its last chunk.
In process through Django's ASGI handler (both database modes), then through gunicorn as deployed.
"""

import asyncio
import csv
import http.client
import io
import socket
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from apps.common.db import db_step
from apps.content.models import Content
from apps.organizations.selectors import workspace_default
from apps.scheduling.models import ScheduledPost
from apps.users.tokens import token_pair_for_user
from scripts.harness import gunicorn_running
from tests.factories import ContentFactory, ScheduledPostFactory
from tests.support.clients import client_for
from tests.support.organizations import organization_of
from tests.support.servers import server_environ

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the plans (data migrations) kept

ROUTES = {"content": "csvio:content-export", "scheduled-posts": "csvio:scheduled-post-export"}


def _add_late_row(route: str, user, *, text: str = "late") -> str:
    """A row of ``route`` sorting after every other (created or scheduled a year ahead): its id."""
    org = organization_of(user)
    ahead = timezone.now() + timedelta(days=365)
    if route == "content":
        content = ContentFactory(organization=org, created_by=user, current_text=text)
        Content.objects.filter(pk=content.pk).update(created_at=ahead)
        return str(content.pk)
    content = ContentFactory(organization=org, created_by=user)
    return str(ScheduledPostFactory(content=content, text=text, scheduled_at=ahead).pk)


async def _late_row_added(route: str, user) -> str:
    """``_add_late_row`` on the database steps' pool, while the export streams. On SQLite's shared-cache
    test database the export's read of its next chunk, running meanwhile, can hold a table lock that
    the INSERT meets at once (SQLITE_LOCKED: no busy timeout applies to it): tried again once that read
    is over. The late row still sorts after every row, so the export's last chunk must hold it."""
    for _ in range(49):
        try:
            return await db_step(_add_late_row)(route, user)
        except OperationalError as exc:
            if "table is locked" not in str(exc):
                raise
            await asyncio.sleep(0.02)
    return await db_step(_add_late_row)(route, user)


def _add_rows(route: str, user, count: int) -> None:
    for i in range(count):
        if route == "content":
            ContentFactory(organization=organization_of(user), created_by=user, current_text=f"post {i}")
        else:
            content = ContentFactory(organization=organization_of(user), created_by=user)
            ScheduledPostFactory(content=content, scheduled_at=timezone.now() + timedelta(days=1, minutes=i))


def _rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode())))


async def _asgi_download(
    app, path: str, token: str, *, on_first_rows, leave: asyncio.Event | None = None
) -> tuple[dict, list[bytes]]:
    """GET ``path`` through the ASGI application; ``on_first_rows`` is awaited when the first body
    part with rows (after the header's) is sent; the client leaves once ``leave`` is set (else it
    stays to the end). Returns (the start message, the body parts)."""
    pending = [{"type": "http.request", "body": b"", "more_body": False}]
    start: dict = {}
    parts: list[bytes] = []

    async def receive() -> dict:
        if pending:
            return pending.pop(0)
        await (leave or asyncio.Event()).wait()
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message.get("body"):
            parts.append(message["body"])
            if len(parts) == 2:
                await on_first_rows()

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"localhost"), (b"authorization", f"Bearer {token}".encode())],
        "client": ("127.0.0.1", 5000),
        "server": ("localhost", 80),
    }
    await app(scope, receive, send)
    return start, parts


@pytest.mark.parametrize("route", ROUTES)
def test_export_under_asgi_sends_each_chunk_before_reading_the_next(route, user, settings, recwarn):
    settings.CSV_EXPORT_CHUNK_SIZE = 2
    settings.DB_STEPS_ON_CALLER_THREAD = False  # each chunk a step on the steps' pool, as served
    _add_rows(route, user, 5)
    late: list[str] = []

    async def on_first_rows() -> None:
        late.append(await _late_row_added(route, user))

    start, parts = asyncio.run(
        _asgi_download(
            ASGIHandler(),  # Django's, which production's (runtime.asgi) extends
            reverse(ROUTES[route]),
            token_pair_for_user(user=user)["access"],
            on_first_rows=on_first_rows,
        )
    )

    rows = _rows(b"".join(parts))
    assert start["status"] == 200 and len(rows) == 6
    assert rows[-1]["id"] == late[0]  # read after the first rows were sent
    assert len(parts) >= 4  # the header, then one part per chunk of 2 rows
    assert not [w for w in recwarn if "StreamingHttpResponse must consume" in str(w.message)]
    # The same answer as under WSGI (the test client), byte for byte, headers included.
    wsgi = client_for(user).get(reverse(ROUTES[route]))
    assert b"".join(wsgi.streaming_content) == b"".join(parts)
    headers = {name.decode().lower(): value.decode() for name, value in start["headers"]}
    for name in ("Content-Type", "Content-Disposition", "Cache-Control"):
        assert headers[name.lower()] == wsgi[name]


def test_export_under_asgi_stops_reading_when_the_client_leaves(user, settings):
    settings.CSV_EXPORT_CHUNK_SIZE = 2
    settings.DB_STEPS_ON_CALLER_THREAD = False
    _add_rows("content", user, 20)
    token = token_pair_for_user(user=user)["access"]

    async def download() -> tuple[dict, list[bytes]]:
        leave = asyncio.Event()

        async def on_first_rows() -> None:
            leave.set()
            await asyncio.sleep(0.5)  # the disconnect is seen while this chunk is being sent

        return await asyncio.wait_for(
            _asgi_download(
                ASGIHandler(),
                reverse(ROUTES["content"]),
                token,
                on_first_rows=on_first_rows,
                leave=leave,
            ),
            timeout=30,
        )

    start, parts = asyncio.run(download())

    assert start["status"] == 200 and len(parts) == 2  # the header and the first rows, nothing after
    # Nothing left half-done: the next export reads every row.
    assert len(_rows(b"".join(client_for(user).get(reverse(ROUTES["content"])).streaming_content))) == 20


# --------------------------------------------------------------------------- through gunicorn

CHUNK_ROWS = 100
TEXT = "x" * 4000  # ~4 KB a row: megabytes of CSV from a few thousand rows
CLIENT_RCVBUF = 64 * 1024


def _read_ahead_bound() -> int:
    """The most the server can have read and sent while the client reads nothing: the kernel's
    socket buffers (the server's send buffer grows up to tcp_wmem's maximum, the client's receive
    buffer is fixed below, doubled by the kernel), uvicorn's write buffer (64 KiB before it waits to
    drain), the chunk being sent and the one read ahead, with a margin."""
    wmem = Path("/proc/sys/net/ipv4/tcp_wmem")
    send_buffer = int(wmem.read_text().split()[2]) if wmem.exists() else 4 << 20
    return send_buffer + 2 * CLIENT_RCVBUF + 64 * 1024 + 2 * CHUNK_ROWS * (len(TEXT) + 500) + (1 << 20)


def _bulk_rows(route: str, user, count: int) -> None:
    org = organization_of(user)
    if route == "content":
        workspace = workspace_default(organization_id=org.pk)
        Content.objects.bulk_create(
            Content(
                organization=org,
                workspace=workspace,
                created_by=user,
                platform="twitter",
                tone="casual",
                prompt=f"prompt {i}",
                current_version=1,
                current_text=TEXT,
            )
            for i in range(count)
        )
        return
    content = ContentFactory(organization=org, created_by=user)
    version = content.versions.get()
    soon = timezone.now() + timedelta(days=1)
    ScheduledPost.objects.bulk_create(
        ScheduledPost(
            organization=org,
            content=content,
            content_version=version,
            text=TEXT,
            platform="twitter",
            scheduled_at=soon + timedelta(seconds=i),
            backend="local",
            created_by=user,
        )
        for i in range(count)
    )


def _database_url() -> str:
    db = settings.DATABASES["default"]  # the test database, once created
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else "")
    return f"postgresql://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="module")
def gunicorn_on_the_test_database(django_db_setup):
    """gunicorn as deployed (gunicorn.conf.py, config.asgi), one worker, on the test database."""
    env = server_environ()
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.development",
        DEBUG="false",
        DATABASE_URL=_database_url(),
        SECRET_KEY=settings.SECRET_KEY,
        JWT_SECRET_KEY=settings.JWT_SECRET_KEY,
        CSV_EXPORT_CHUNK_SIZE=str(CHUNK_ROWS),
        GUNICORN_WORKERS="1",
        GUNICORN_ACCESS_LOG="/dev/null",
        LOG_LEVEL="WARNING",
    )
    with gunicorn_running(env) as server:
        yield server


@pytest.mark.postgres
@pytest.mark.parametrize("route", ROUTES)
def test_export_through_gunicorn_sends_the_first_rows_before_the_last_row_is_read(
    route, user, gunicorn_on_the_test_database
):
    """The client reads the first rows, then stops reading while a row sorting last is added: the
    server cannot have read further than the socket buffers hold (a third of the export) since it
    waits for the client, so a streamed export reads the late row at its end."""
    count = 3 * _read_ahead_bound() // len(TEXT) + 1
    _bulk_rows(route, user, count)
    port = urlsplit(gunicorn_on_the_test_database.url).port
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, CLIENT_RCVBUF)  # before connecting: fixed, not autotuned
    sock.settimeout(60)
    sock.connect(("127.0.0.1", port))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.sock = sock
    token = token_pair_for_user(user=user)["access"]
    try:
        connection.request("GET", reverse(ROUTES[route]), headers={"Authorization": f"Bearer {token}"})
        response = connection.getresponse()
        assert response.status == 200 and response.getheader("Content-Type") == "text/csv; charset=utf-8"
        first = b""
        while first.count(b"\r\n") < 2:  # the header and at least one row
            part = response.read1(65536)
            assert part, "the export ended before its first row"
            first += part

        late = _add_late_row(route, user, text="added once the first rows had arrived")

        body = first + response.read()
    finally:
        connection.close()

    rows = _rows(body)
    assert len(rows) == count + 1, "the export was read whole before its first rows were sent"
    assert rows[-1]["id"] == late and rows[-1]["text"] == "added once the first rows had arrived"
