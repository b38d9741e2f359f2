"""The request body's bounds before Django reads it (runtime.body_limit; issue 25 item 5).

Django's ASGI handler read every body whole before its 413: an anonymous login declaring and sending
300 MB grew the server's temporary disk by 286 MB first, and one declaring more than it sent was held
open with no answer. In-process tests pin the middleware's decisions; the real gunicorn (gunicorn.conf.py,
``config.asgi:application``) is then driven over raw sockets.
"""

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from apps.csvio.apis import ScheduledPostImportApi
from runtime.asgi import RequestThreadsASGIHandler
from runtime.body_limit import RequestBodyLimit
from tests.support.asgi import asgi_request
from tests.support.servers import server_environ

ROOT = Path(__file__).resolve().parents[2]
LOGIN = "/api/v1/auth/login/"
CSV_IMPORT = "/api/v1/csv/scheduled-posts/import/"


class _Client:
    """The server side of one ASGI request: the body's messages as given (then it stays), and what
    the application received and sent."""

    def __init__(self, chunks: list[bytes], *, then_wait: bool = False) -> None:
        self.pending = [
            {"type": "http.request", "body": chunk, "more_body": then_wait or i < len(chunks) - 1}
            for i, chunk in enumerate(chunks)
        ]
        self.receives = 0
        self.sent: list[dict] = []

    async def receive(self) -> dict:
        self.receives += 1
        if self.pending:
            return self.pending.pop(0)
        await asyncio.Event().wait()  # the client sends nothing more and stays
        raise AssertionError("unreachable")

    async def send(self, message: dict) -> None:
        self.sent.append(message)

    @property
    def answer(self) -> tuple[int, dict[str, str], dict]:
        start, *body = self.sent
        headers = {k.decode(): v.decode() for k, v in start["headers"]}
        return start["status"], headers, json.loads(b"".join(m.get("body", b"") for m in body))


def _scope(path: str, headers: list[tuple[bytes, bytes]]) -> dict:
    return {"type": "http", "method": "POST", "path": path, "query_string": b"", "headers": headers}


class _Recorder:
    """An inner application that reads the whole body as Django does, and records what it saw."""

    def __init__(self) -> None:
        self.messages: list[dict] = []

    async def __call__(self, scope, receive, send) -> None:
        while True:
            message = await receive()
            self.messages.append(message)
            if message["type"] == "http.disconnect":
                return  # Django's read_body: the client left, no answer
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})


def _run(app, scope, client) -> None:
    asyncio.run(asyncio.wait_for(app(scope, client.receive, client.send), timeout=10))


def test_a_declared_length_over_the_limit_is_413_before_any_body_is_read(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    inner, client = _Recorder(), _Client([b"x" * 2000])
    headers = [(b"content-length", b"314572800"), (b"x-request-id", b"client-id-1")]

    _run(RequestBodyLimit(inner), _scope(LOGIN, headers), client)

    assert client.receives == 0 and inner.messages == []
    status, response_headers, body = client.answer
    assert status == 413 and response_headers["connection"] == "close"
    assert response_headers["content-type"] == "application/json" and response_headers["x-request-id"] == "client-id-1"
    assert body["error"]["code"] == "payload_too_large" and body["error"]["details"] == {"max_bytes": 1000}


def test_a_chunked_body_is_refused_as_soon_as_it_passes_the_limit(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    inner, client = _Recorder(), _Client([b"x" * 600] * 100)

    _run(RequestBodyLimit(inner), _scope(LOGIN, [(b"transfer-encoding", b"chunked")]), client)

    assert client.receives == 2  # 600 bytes, then 1,200: refused, 98 chunks never read
    assert [m["type"] for m in inner.messages] == ["http.request", "http.disconnect"]
    status, headers, body = client.answer
    assert (status, headers["connection"], body["error"]["code"]) == (413, "close", "payload_too_large")


def test_a_body_that_stops_arriving_is_408_within_the_timeout(settings):
    settings.REQUEST_BODY_TIMEOUT_SECONDS = 0.3
    inner, client = _Recorder(), _Client([b"x" * 100], then_wait=True)
    started = time.monotonic()

    _run(RequestBodyLimit(inner), _scope(LOGIN, [(b"content-length", b"500")]), client)

    assert 0.25 < time.monotonic() - started < 3
    status, headers, body = client.answer
    assert (status, headers["connection"]) == (408, "close")
    assert body["error"]["code"] == "request_timeout" and body["error"]["details"] == {"timeout_seconds": 0.3}


def test_a_body_within_the_limit_reaches_the_application_whole(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    inner, client = _Recorder(), _Client([b"a" * 400, b"b" * 400, b"c" * 200])

    _run(RequestBodyLimit(inner), _scope(LOGIN, [(b"transfer-encoding", b"chunked")]), client)

    assert b"".join(m["body"] for m in inner.messages) == b"a" * 400 + b"b" * 400 + b"c" * 200
    assert client.sent[0]["status"] == 204


def test_the_csv_import_takes_its_larger_limit_and_answers_its_own_413(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    settings.CSV_IMPORT_MAX_BYTES = 5000
    limit = ScheduledPostImportApi.max_body_bytes()
    inner, client = _Recorder(), _Client([b"x" * limit])

    _run(RequestBodyLimit(inner), _scope(CSV_IMPORT, [(b"content-length", str(limit).encode())]), client)
    assert client.sent[0]["status"] == 204  # passed on whole

    inner, client = _Recorder(), _Client([])
    _run(RequestBodyLimit(inner), _scope(CSV_IMPORT, [(b"content-length", str(limit + 1).encode())]), client)
    status, _, body = client.answer
    assert (status, body["error"]["code"], body["error"]["details"]) == (413, "csv_file_too_large", {"max_bytes": 5000})


def test_a_request_without_a_body_and_other_scopes_pass_through_untouched():
    seen = []

    async def app(scope, receive, send):
        seen.append(receive)

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    asyncio.run(RequestBodyLimit(app)({"type": "http", "path": "/", "headers": []}, receive, None))
    asyncio.run(RequestBodyLimit(app)({"type": "lifespan"}, receive, None))

    assert seen == [receive, receive]


def test_django_behind_the_middleware_answers_a_body_within_the_limit():
    app = RequestBodyLimit(RequestThreadsASGIHandler())
    body = json.dumps({"email": "nobody@example.com"}).encode()

    status, _, content = asyncio.run(
        asgi_request(app, "POST", LOGIN, body=body, headers=[(b"content-type", b"application/json")])
    )

    assert status == 400 and json.loads(content)["error"]["details"] == {"password": ["This field is required."]}


# --------------------------------------------------------------------------- the real server

TIMEOUT = 2.0  # REQUEST_BODY_TIMEOUT_SECONDS of the server below
needs_proc = pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="reads the server's open files in /proc")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn as deployed (gunicorn.conf.py, config.asgi), one worker, its temporary files in a
    directory of their own. No request below reaches the database."""
    base = tmp_path_factory.mktemp("body-limit")
    temp = base / "tmp"
    temp.mkdir()
    port = _free_port()
    env = server_environ()
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.development",
        DATABASE_URL=f"sqlite:///{base / 'unused.sqlite3'}",
        DEBUG="false",
        SECRET_KEY="body-limit-test-secret-key-0123456789-0123456789-0123456789",
        REQUEST_BODY_TIMEOUT_SECONDS=str(TIMEOUT),
        TMPDIR=str(temp),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        LOG_LEVEL="WARNING",
    )
    log = open(base / "server.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "config.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
                    sock.sendall(b"GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    if sock.recv(100).startswith(b"HTTP/1.1 200"):
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise AssertionError((base / "server.log").read_text()[-3000:])
            time.sleep(0.3)
        yield port, process.pid, temp
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _head(path: str, *headers: str) -> bytes:
    lines = [f"POST {path} HTTP/1.1", "Host: localhost", "Content-Type: application/json", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _read_answer(sock: socket.socket, timeout: float) -> tuple[int, dict[str, str], dict]:
    """One HTTP response read to its end (the server closes the connection after it)."""
    sock.settimeout(timeout)
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, json.loads(body)


def _family(pid: int) -> list[int]:
    """The process and its descendants (gunicorn's master and its worker)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            children = []
        pending.extend(int(child) for child in children)
    return found


def _temporary_bytes(pid: int, directory: Path) -> int:
    """Bytes of the files the server's processes hold open in ``directory`` (Django spools a body
    there past FILE_UPLOAD_MAX_MEMORY_SIZE; unlinked files count too, as /proc shows them)."""
    total = 0
    for member in _family(pid):
        for fd in Path(f"/proc/{member}/fd").glob("*"):
            try:
                if os.readlink(fd).startswith(str(directory)):
                    total += os.stat(fd).st_size
            except OSError:
                continue
    return total


def test_server_answers_413_from_the_declared_length_before_the_body_is_sent(server):
    port, _, _ = server
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(_head(LOGIN, "Content-Length: 314572800"))  # 300 MB declared, none sent

        status, headers, body = _read_answer(sock, timeout=10)

    assert (status, headers["connection"], body["error"]["code"]) == (413, "close", "payload_too_large")
    assert len(headers["x-request-id"]) == 32


@needs_proc
def test_server_reads_no_300_mb_body_to_its_temporary_disk(server):
    """The body declared AND sent: answered from the first bytes; the server never holds a
    temporary file of it (before: 286 MB on disk, then the 413)."""
    port, pid, temp = server
    chunk = b"x" * (1 << 20)
    sent, spooled = 0, 0
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(_head(LOGIN, f"Content-Length: {300 * len(chunk)}"))
        try:
            for _ in range(300):
                sock.sendall(chunk)
                sent += len(chunk)
                spooled = max(spooled, _temporary_bytes(pid, temp))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed
        status, _, body = _read_answer(sock, timeout=10)

    assert (status, body["error"]["code"]) == (413, "payload_too_large")
    assert spooled == 0 and sent < 64 * len(chunk)


@needs_proc
def test_server_refuses_a_chunked_body_once_past_the_limit(server):
    port, pid, temp = server
    piece = b"x" * 65536
    sent, spooled = 0, 0
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(_head(LOGIN, "Transfer-Encoding: chunked"))
        try:
            for _ in range(1024):  # 64 MiB
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
                sent += len(piece)
                if sent % (1 << 20) == 0:
                    spooled = max(spooled, _temporary_bytes(pid, temp))
        except (BrokenPipeError, ConnectionResetError):
            pass
        status, _, body = _read_answer(sock, timeout=10)

    assert (status, body["error"]["code"]) == (413, "payload_too_large")
    assert spooled == 0 and sent < 32 * (1 << 20)


def test_server_answers_a_client_declaring_more_than_it_sends_within_the_timeout(server):
    """Declares 500 KB (within the limit), sends 64 KB, then nothing: 408 after
    REQUEST_BODY_TIMEOUT_SECONDS (before: no answer, the connection held for ever)."""
    port, _, _ = server
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(_head(LOGIN, "Content-Length: 512000") + b"x" * 65536)
        started = time.monotonic()

        status, headers, body = _read_answer(sock, timeout=TIMEOUT + 10)
        elapsed = time.monotonic() - started

    assert (status, headers["connection"], body["error"]["code"]) == (408, "close", "request_timeout")
    assert TIMEOUT - 0.5 < elapsed < TIMEOUT + 5


def test_server_serves_a_body_within_the_limit(server):
    port, _, _ = server
    body = json.dumps({"email": "nobody@example.com"}).encode()
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(_head(LOGIN, f"Content-Length: {len(body)}", "Connection: close") + body)

        status, _, answer = _read_answer(sock, timeout=10)

    assert status == 400 and answer["error"]["details"] == {"password": ["This field is required."]}


# --------------------------------------------------------------------------- compose's proxy


def test_compose_puts_a_proxy_bounding_bodies_in_front_of_the_web_process(settings):
    """Read without Docker (docs/deploy.md, "Request bodies"): nginx publishes the port, web none;
    its body limit lets the CSV import's largest form through and answers 413 in the error shape."""
    import re

    import yaml

    services = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]
    proxy, web = services["proxy"], services["web"]
    mounted = {volume.split(":")[1]: volume.split(":")[0] for volume in proxy["volumes"]}
    conf = (ROOT / mounted["/etc/nginx/conf.d/default.conf"]).read_text()

    assert proxy["ports"] == ["8000:8000"] and "ports" not in web
    assert web["environment"]["NUM_PROXIES"] == "1"  # the address nginx appends to X-Forwarded-For
    assert "proxy_pass http://caas_web;" in conf and "server web:8000;" in conf
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in conf
    size = re.search(r"client_max_body_size (\d+)m;", conf)
    assert size and int(size.group(1)) * 1024 * 1024 >= settings.CSV_IMPORT_MAX_BYTES + 64 * 1024
    assert int(size.group(1)) * 1024 * 1024 >= settings.MEDIA_DIRECT_UPLOAD_MAX_BYTES + 64 * 1024
    assert re.search(r"client_body_timeout \d+s;", conf) and re.search(r"client_header_timeout \d+s;", conf)
    answer = re.search(r"return 413 '(.*)';", conf)
    assert answer and json.loads(answer.group(1))["error"]["code"] == "payload_too_large"
    assert json.loads(answer.group(1))["error"]["details"] == {"max_bytes": int(size.group(1)) * 1024 * 1024}
