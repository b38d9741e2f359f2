"""A local stand-in for the Node.js scheduler, honouring docs/scheduler-contract.md (dedupe by
Idempotency-Key included), with switches to be down, slow or to refuse cancellations, and
``GET /jobs/{job_id}`` answering each job's ``state`` (set it with ``set_state``)."""

import json
import threading
import time
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeScheduler:
    def __init__(self, *, token: str, port: int = 0) -> None:
        self.token = token
        self.port = port
        self.jobs: dict[str, dict[str, Any]] = {}  # job_id -> job
        self.job_by_key: dict[str, str] = {}  # Idempotency-Key -> job_id
        self.requests: list[dict[str, Any]] = []
        self.fail_with: int | None = None  # answer this status to everything
        self.delay_seconds = 0.0  # sleep after creating the job, before answering
        self.cancel_status = 200
        self.received = threading.Event()
        self.in_flight = 0  # requests being answered right now
        self.peak_in_flight = 0  # the most at once
        self.lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # -- lifecycle
    def start(self) -> "FakeScheduler":
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def set_state(self, job_id: str, state: str, **fields: Any) -> None:
        """What ``GET /jobs/{job_id}`` answers: waiting, publishing, published, failed, cancelled
        (``platform_post_id=`` / ``error=`` as extra fields)."""
        with self.lock:
            self.jobs[job_id].update(state=state, **fields)

    def forget(self, job_id: str) -> None:
        """The scheduler lost the job: GET and DELETE answer 404."""
        with self.lock:
            self.jobs.pop(job_id, None)

    # -- figures
    def keys(self, method: str = "POST") -> Counter:
        return Counter(r["key"] for r in self.requests if r["method"] == method)

    def jobs_created(self) -> int:
        return len(self.jobs)

    # -- HTTP: each request recorded, then answered by its method
    def _handler(self) -> type[BaseHTTPRequestHandler]:
        return type("Handler", (_Handler,), {"fake": self})

    def record(self, entry: dict[str, Any]) -> None:
        with self.lock:
            self.requests.append(entry)
        self.received.set()

    def answer(self, entry: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """The status and JSON body for the recorded request ``entry``."""
        route = {"POST": self._create, "GET": self._read, "DELETE": self._cancel}[entry["method"]]
        return route(entry)

    def _refusal(self, entry: dict[str, Any], *, key_required: bool = True) -> tuple[int, dict[str, Any]] | None:
        if self.fail_with:
            return self.fail_with, {"error": "down"}
        if entry["auth"] != f"Bearer {self.token}":
            return 401, {"error": "unauthorized"}
        if key_required and not entry["key"]:
            return 400, {"error": "Idempotency-Key required"}
        return None

    def _create(self, entry: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """``POST /jobs``: one job per Idempotency-Key (201 the first time, 200 with the same job after)."""
        if refused := self._refusal(entry):
            return refused
        if entry["path"] != "/jobs":
            return 404, {"error": "no such route"}
        with self.lock:
            job_id = self.job_by_key.get(entry["key"])
            created = job_id is None
            if created:
                job_id = f"job_{uuid.uuid4().hex[:12]}"
                self.job_by_key[entry["key"]] = job_id
                self.jobs[job_id] = {"body": entry["body"], "state": "waiting"}
        if self.delay_seconds:
            time.sleep(self.delay_seconds)
        return (201 if created else 200), {"job_id": job_id}

    def _read(self, entry: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """``GET /jobs/{job_id}``: the job's state (no Idempotency-Key needed)."""
        if refused := self._refusal(entry, key_required=False):
            return refused
        job_id = entry["path"].removeprefix("/jobs/")
        with self.lock:
            job = dict(self.jobs.get(job_id) or {})
        if not job:
            return 404, {"error": "unknown job"}
        extra = {name: job[name] for name in ("platform_post_id", "error") if job.get(name)}
        return 200, {"job_id": job_id, "status": job["state"], **extra}

    def _cancel(self, entry: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """``DELETE /jobs/{job_id}``: cancelled, unless ``cancel_status`` says otherwise."""
        if refused := self._refusal(entry):
            return refused
        job_id = entry["path"].removeprefix("/jobs/")
        if job_id not in self.jobs:
            return 404, {"error": "unknown job"}
        if self.cancel_status == 200:
            self.jobs[job_id]["state"] = "cancelled"
            return 200, {"job_id": job_id, "status": "cancelled"}
        return self.cancel_status, {"error": "already published"}


class _Handler(BaseHTTPRequestHandler):
    """Records the request on ``fake`` and sends its answer."""

    fake: FakeScheduler

    def log_message(self, *args):  # quiet
        pass

    def _record(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        entry = {
            "method": self.command,
            "path": self.path,
            "key": self.headers.get("Idempotency-Key"),
            "auth": self.headers.get("Authorization"),
            "content_type": self.headers.get("Content-Type"),
            "body": json.loads(raw) if raw else None,
            "at": time.time(),
        }
        self.fake.record(entry)
        return entry

    def _respond(self) -> None:
        with self.fake.lock:
            self.fake.in_flight += 1
            self.fake.peak_in_flight = max(self.fake.peak_in_flight, self.fake.in_flight)
        try:
            status, body = self.fake.answer(self._record())
        finally:
            with self.fake.lock:
                self.fake.in_flight -= 1
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    do_POST = do_GET = do_DELETE = _respond
