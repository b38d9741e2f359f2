"""The embedded default as ``make run`` serves it: the API server (uvicorn, ``config.asgi``) and the
task worker (``python -m runtime.db_worker``) are two processes on one SQLite file, no Redis. What
one of them changes must decide what the other does at once (docs/architecture.md, "Cached reads"):
here a webhook endpoint registered through the server, after the worker already published a post
for an organization without endpoints (and so asked whether anyone wants ``post.published``), gets
the ``post.published`` of the next post the worker publishes; and a user deactivated by a third
process is refused by the server on its next request. Both failed while each process had a cache of
its own (Django's local memory): the event was dropped, the token accepted for another minute.

Real processes on a fresh SQLite file of their own (whatever database the suite runs on), a local
receiver in this process on a port of its own; the webhook settings let that receiver through
(private address, plain HTTP, its port).
"""

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "two-processes-Pass-2026"


# Ports tried first (then any free one): a range kept for this test on shared machines.
PORTS = range(18200, 18250)


def _free_port() -> int:
    for port in (*PORTS, 0):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise AssertionError("no free port")


class Receiver:
    """A webhook receiver: every request's event type and body, as received."""

    def __init__(self) -> None:
        self.events: list[tuple[str, dict]] = []
        received = self.events

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((self.headers["Webhook-Event"], json.loads(body)))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", _free_port()), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def published(self, post_id: str) -> list[dict]:
        return [
            body
            for kind, body in self.events
            if kind == "post.published" and body["data"]["scheduled_post_id"] == post_id
        ]


class Embedded:
    """The server and the worker of the embedded default, as processes; their output in files."""

    def __init__(self, workdir: Path, *, receiver_port: int) -> None:
        self.workdir, self.port = workdir, _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(workdir),
            "DJANGO_SETTINGS_MODULE": "config.settings.development",
            "DEBUG": "False",
            "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
            "REDIS_URL": "",
            "WEBHOOK_ALLOW_PRIVATE_TARGETS": "true",
            "WEBHOOK_REQUIRE_HTTPS": "false",
            "WEBHOOK_ALLOWED_PORTS": str(receiver_port),
        }
        self.processes: list[subprocess.Popen] = []

    def start(self) -> None:
        """``make run``'s steps: migrate, then the worker beside the server (started meanwhile: it
        reads nothing before its first request)."""
        self._spawn(
            "server", "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1", "--port", str(self.port)
        )
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=self.env,
            check=True,
            timeout=120,
            capture_output=True,
        )
        self._spawn("worker", "-m", "runtime.db_worker", "--no-startup-delay", "--interval", "0.1")
        self.wait_for(lambda: self._answers("/health/live"), what="the server to answer")

    def _spawn(self, name: str, *args: str) -> None:
        with (self.workdir / f"{name}.log").open("wb") as out:
            process = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=self.env, stdout=out, stderr=out)
        self.processes.append(process)

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def output(self) -> str:
        return "\n".join(
            f"--- {log.name}\n{log.read_text(errors='replace')[-4000:]}" for log in self.workdir.glob("*.log")
        )

    def _answers(self, path: str) -> bool:
        try:
            with urllib.request.urlopen(self.base + path, timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def call(self, method: str, path: str, body: dict | None = None, token: str | None = None) -> dict:
        request = urllib.request.Request(
            self.base + path, method=method, data=json.dumps(body).encode() if body else None
        )
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"null")

    def wait_for(self, condition, *, what: str, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            for process in self.processes:
                assert process.poll() is None, f"a process exited ({process.args}): {self.output()}"
            assert time.monotonic() < deadline, f"waited {timeout} s for {what}: {self.output()}"
            time.sleep(0.1)


@pytest.fixture(scope="module")
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.server.shutdown()


@pytest.fixture(scope="module")
def embedded(tmp_path_factory, receiver):
    embedded = Embedded(tmp_path_factory.mktemp("embedded"), receiver_port=receiver.port)
    try:
        embedded.start()
        yield embedded
    finally:
        embedded.stop()


def _sign_up(embedded: Embedded, email: str) -> str:
    """A new account through the server; its access token."""
    account = {"email": email, "password": PASSWORD}
    embedded.call("POST", "/api/v1/auth/register/", account)
    return embedded.call("POST", "/api/v1/auth/login/", account)["access"]


def _publish_soon(embedded: Embedded, *, content_id: str, token: str) -> str:
    """Schedule the content a second ahead (the local backend: the worker publishes it); the post's id."""
    when = (datetime.now(UTC) + timedelta(seconds=1)).isoformat()
    body = {"content_id": content_id, "scheduled_at": when, "allow_duplicate": True}
    return embedded.call("POST", "/api/v1/scheduling/schedule/", body, token=token)["id"]


def test_webhook_registered_after_the_worker_started_receives_the_next_post_published(embedded, receiver):
    token = _sign_up(embedded, "webhooks@example.com")
    generate = {"platform": "twitter", "tone": "casual", "prompt": "Two processes, one answer"}
    content = embedded.call("POST", "/api/v1/content/generate/", generate, token=token)
    organization_id = embedded.call("GET", "/api/v1/organizations/", token=token)["results"][0]["id"]

    # The worker publishes a post while the organization has no endpoint: it asked whether any
    # endpoint wants post.published, and the answer was no.
    first = _publish_soon(embedded, content_id=content["id"], token=token)
    embedded.wait_for(
        lambda: embedded.call("GET", f"/api/v1/scheduling/{first}/", token=token)["status"] == "published",
        what="the first post to be published",
    )

    # Then an endpoint is registered through the server, and the next post is published.
    hook = {
        "organization_id": organization_id,
        "url": f"http://127.0.0.1:{receiver.port}/hook",
        "event_types": ["post.published"],
    }
    embedded.call("POST", "/api/v1/webhooks/endpoints/", hook, token=token)
    second = _publish_soon(embedded, content_id=content["id"], token=token)

    embedded.wait_for(lambda: receiver.published(second), what="post.published of the second post at the receiver")
    assert receiver.published(first) == []  # published before the endpoint existed: not for it
    [event] = receiver.published(second)
    assert event["organization_id"] == organization_id and event["type"] == "post.published"


def test_user_deactivated_by_another_process_is_refused_by_the_server_at_once(embedded):
    token = _sign_up(embedded, "deactivated@example.com")
    assert embedded.call("GET", "/api/v1/auth/profile/", token=token)["email"] == "deactivated@example.com"  # cached

    # An operator's shell, a third process: what the admin's "active" box does.
    script = (
        "from apps.users.models import User\n"
        "user = User.objects.get(email='deactivated@example.com')\n"
        "user.is_active = False\n"
        "user.save()\n"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=embedded.env, check=True, timeout=60
    )

    with pytest.raises(urllib.error.HTTPError) as refused:
        embedded.call("GET", "/api/v1/auth/profile/", token=token)
    assert refused.value.code == 401
