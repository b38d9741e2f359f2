"""One local HTTP server that answers like the upstreams the app calls, for ``schemathesis_run.py``
and the benchmarks (``bench/``).

- OpenAI-compatible ``POST /v1/chat/completions`` (JSON, or SSE when ``stream`` is true);
- Gemini ``POST /v1beta/models/<model>:generateContent`` and ``:streamGenerateContent`` (SSE);
- Stripe ``POST /v1/customers``, ``/v1/checkout/sessions``, ``/v1/billing_portal/sessions``;
- the Node.js scheduler ``POST /jobs`` (one job per ``Idempotency-Key``, docs/scheduler-contract.md);
- the local backend's publisher webhook ``POST /publish``;
- webhook receivers ``POST /hooks/<name>``, answering 204 at once.

It counts the ``Idempotency-Key`` of every scheduler and publisher call (``keys``) and records the
``Webhook-Id`` of each receiver's calls in arrival order (``hooks``), so a benchmark can check
"effectively once" and per-endpoint order.

With it the fuzzed server runs fully configured (keys set, base URLs pointed here), so the official
SDKs and our upstream handling run for real and a 5xx can only mean a bug, never "not configured".
``latency`` (seconds, settable while it runs) delays every AI answer: the benchmarks' provider
"thinking" time.

The pytest suites use their own, per-test scripted fakes (``pytest-httpserver``): they need an
answer chosen by each test (errors, timeouts, refusals) and the requests recorded; this one answers
the same every time, fast and concurrently, for a whole server under load.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import Counter, defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TEXT = "Fake run: our new product launches today, built for speed. #launch"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # 50 generations arrive at once in the benchmark
    latency = 0.0

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lock = threading.Lock()
        self.keys: Counter[str] = Counter()  # Idempotency-Key -> calls (scheduler, publisher)
        self.hooks: dict[str, list[str]] = defaultdict(list)  # receiver name -> Webhook-Id, in order


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: with Nagle on, the body waits for the client's delayed
    # ACK (~40 ms on Linux), which added 40 ms to every "1 s" call (measured by bench/run.py).
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, *args):
        pass

    def _send(self, status: int, payload: dict, content_type: str = "application/json") -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _send_sse(self, events: list[dict], *, done: bool) -> None:
        chunks = [f"data: {json.dumps(event)}\n\n" for event in events]
        if done:
            chunks.append("data: [DONE]\n\n")
        data = "".join(chunks).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path = self.path.split("?")[0]
        if path.endswith("/chat/completions"):
            time.sleep(self.server.latency)
            return self._openai(json.loads(raw or b"{}"))
        if ":generateContent" in path or ":streamGenerateContent" in path:
            time.sleep(self.server.latency)
            return self._gemini(stream=":stream" in path)
        if path in ("/jobs", "/publish"):
            key = self.headers.get("Idempotency-Key", "")
            with self.server.lock:
                self.server.keys[key] += 1
            if path == "/jobs":
                return self._send(201, {"job_id": f"job-{uuid.uuid5(uuid.NAMESPACE_URL, key).hex}"})
            return self._send(200, {"platform_post_id": f"pp-{uuid.uuid5(uuid.NAMESPACE_URL, key).hex[:12]}"})
        if path.startswith("/hooks/"):
            with self.server.lock:
                self.server.hooks[path.removeprefix("/hooks/")].append(self.headers.get("Webhook-Id", ""))
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if path == "/v1/customers":
            return self._send(200, {"id": f"cus_{uuid.uuid4().hex[:14]}", "object": "customer"})
        if path == "/v1/checkout/sessions":
            sid = f"cs_{uuid.uuid4().hex[:14]}"
            return self._send(
                200, {"id": sid, "object": "checkout.session", "url": f"https://checkout.stripe.test/c/{sid}"}
            )
        if path == "/v1/billing_portal/sessions":
            sid = f"bps_{uuid.uuid4().hex[:14]}"
            return self._send(
                200, {"id": sid, "object": "billing_portal.session", "url": f"https://billing.stripe.test/p/{sid}"}
            )
        return self._send(404, {"error": {"message": f"no fake for {path}"}})

    def _openai(self, body: dict) -> None:
        completion = min(12, body.get("max_tokens") or body.get("max_completion_tokens") or 12)
        usage = {"prompt_tokens": 40, "completion_tokens": completion, "total_tokens": 40 + completion}
        base = {"id": "chatcmpl-fuzz", "created": int(time.time()), "model": body.get("model", "fuzz-model")}
        if body.get("stream"):
            events = [
                {**base, "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": TEXT}}]},
                {
                    **base,
                    "object": "chat.completion.chunk",
                    "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
                },
                {**base, "object": "chat.completion.chunk", "choices": [], "usage": usage},
            ]
            return self._send_sse(events, done=True)
        message = {"role": "assistant", "content": TEXT}
        choice = {"index": 0, "message": message, "finish_reason": "stop"}
        return self._send(200, {**base, "object": "chat.completion", "choices": [choice], "usage": usage})

    def _gemini(self, *, stream: bool) -> None:
        payload = {
            "candidates": [{"content": {"parts": [{"text": TEXT}], "role": "model"}, "finishReason": "STOP"}],
            "usageMetadata": {"promptTokenCount": 40, "candidatesTokenCount": 12, "totalTokenCount": 52},
            "modelVersion": "gemini-fuzz",
        }
        if stream:
            return self._send_sse([payload], done=False)
        return self._send(200, payload)


class FakeUpstreams:
    """``with FakeUpstreams(latency=1.0) as fake: fake.url`` — a threaded server on a free port of
    127.0.0.1 (or on ``port``)."""

    def __init__(self, *, latency: float = 0.0, port: int = 0):
        self.server = _Server(("127.0.0.1", port), _Handler)
        self.server.latency = latency
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def keys(self) -> Counter[str]:
        return self.server.keys

    @property
    def hooks(self) -> dict[str, list[str]]:
        return self.server.hooks

    @property
    def latency(self) -> float:
        return self.server.latency

    @latency.setter
    def latency(self, seconds: float) -> None:
        self.server.latency = seconds

    def __enter__(self) -> FakeUpstreams:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
