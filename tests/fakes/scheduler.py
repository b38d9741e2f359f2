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

    # -- HTTP
    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _reply(self, status: int, body: dict | None = None) -> None:
                raw = json.dumps(body or {}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

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
                with fake.lock:
                    fake.requests.append(entry)
                fake.received.set()
                return entry

            def _guard(self, entry) -> bool:
                if fake.fail_with:
                    self._reply(fake.fail_with, {"error": "down"})
                    return False
                if entry["auth"] != f"Bearer {fake.token}":
                    self._reply(401, {"error": "unauthorized"})
                    return False
                if not entry["key"]:
                    self._reply(400, {"error": "Idempotency-Key required"})
                    return False
                return True

            def do_POST(self):
                entry = self._record()
                if not self._guard(entry):
                    return
                if self.path != "/jobs":
                    return self._reply(404, {"error": "no such route"})
                with fake.lock:
                    job_id = fake.job_by_key.get(entry["key"])
                    created = job_id is None
                    if created:
                        job_id = f"job_{uuid.uuid4().hex[:12]}"
                        fake.job_by_key[entry["key"]] = job_id
                        fake.jobs[job_id] = {"body": entry["body"], "state": "waiting"}
                if fake.delay_seconds:
                    time.sleep(fake.delay_seconds)
                self._reply(201 if created else 200, {"job_id": job_id})

            def do_GET(self):
                entry = self._record()
                if fake.fail_with:
                    return self._reply(fake.fail_with, {"error": "down"})
                if entry["auth"] != f"Bearer {fake.token}":
                    return self._reply(401, {"error": "unauthorized"})
                job_id = self.path.removeprefix("/jobs/")
                with fake.lock:
                    job = dict(fake.jobs.get(job_id) or {})
                if not job:
                    return self._reply(404, {"error": "unknown job"})
                body = {"job_id": job_id, "status": job["state"]}
                for field in ("platform_post_id", "error"):
                    if job.get(field):
                        body[field] = job[field]
                self._reply(200, body)

            def do_DELETE(self):
                entry = self._record()
                if not self._guard(entry):
                    return
                job_id = self.path.removeprefix("/jobs/")
                if job_id not in fake.jobs:
                    return self._reply(404, {"error": "unknown job"})
                if fake.cancel_status == 200:
                    fake.jobs[job_id]["state"] = "cancelled"
                    return self._reply(200, {"job_id": job_id, "status": "cancelled"})
                self._reply(fake.cancel_status, {"error": "already published"})

        return Handler
