"""N generations released at once (``make bench``'s burst phase), with an asynchronous load generator
and an asynchronous stand-in for the AI provider.

- ``standin``: an ASGI app (served by uvicorn in its own process) speaking OpenAI's
  ``POST /v1/chat/completions``, plain or streamed (SSE: six deltas spread over the latency, then the
  usage), answering after ``latency`` seconds whatever the number of calls in flight, and counting
  its peak of calls in flight (``GET /stats``; ``POST /config`` sets the latency and resets the peak).
- ``fire``: one process, one event loop, one connection per request (HTTP written by hand on asyncio
  streams, ``_raw_post``; ``client="httpx"`` uses ``httpx.AsyncClient`` instead): every request is
  released at the same instant; a streamed answer counts as answered when its ``done`` event
  arrived. It reports its own CPU, so a load generator that became the bottleneck shows.
- ``PeakConnections``: samples ``pg_stat_activity`` of the benchmarked database every 20 ms.
"""

import asyncio
import contextlib
import json
import os
import statistics
import threading
import time

import httpx

TEXT = "Bench run: our new product launches today, built for speed. #launch"
_state = {"latency": float(os.environ.get("BENCH_STANDIN_LATENCY", "3")), "in_flight": 0, "peak": 0, "calls": 0}


async def _body(receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def _send_json(send, status: int, payload: dict) -> None:
    data = json.dumps(payload).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})


async def standin(scope, receive, send) -> None:
    """The asynchronous stand-in provider (ASGI)."""
    if scope["type"] != "http":
        return
    raw = await _body(receive)
    path = scope["path"]
    if path == "/stats":
        return await _send_json(send, 200, {"peak": _state["peak"], "calls": _state["calls"]})
    if path == "/config":
        config = json.loads(raw or b"{}")
        _state.update(latency=float(config.get("latency", _state["latency"])), peak=0, calls=0)
        return await _send_json(send, 200, {"ok": True})
    body = json.loads(raw or b"{}")
    _state["in_flight"] += 1
    _state["calls"] += 1
    _state["peak"] = max(_state["peak"], _state["in_flight"])
    try:
        latency = _state["latency"]
        completion = min(16, body.get("max_tokens") or 16)
        usage = {"prompt_tokens": 60, "completion_tokens": completion, "total_tokens": 60 + completion}
        base = {"id": "chatcmpl-bench", "created": int(time.time()), "model": body.get("model", "bench-model")}
        if not body.get("stream"):
            await asyncio.sleep(latency)
            message = {"role": "assistant", "content": TEXT}
            choice = {"index": 0, "message": message, "finish_reason": "stop"}
            return await _send_json(
                send, 200, {**base, "object": "chat.completion", "choices": [choice], "usage": usage}
            )
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/event-stream")]})
        words = TEXT.split(" ")
        pieces = [" ".join(words[i::6]) for i in range(6)]  # six deltas over the latency
        for i, piece in enumerate(pieces):
            await asyncio.sleep(latency / len(pieces))
            delta = {"content": piece if i == 0 else f" {piece}"}
            chunk = {**base, "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": delta}]}
            await send(
                {"type": "http.response.body", "body": f"data: {json.dumps(chunk)}\n\n".encode(), "more_body": True}
            )
        tail = [
            {
                **base,
                "object": "chat.completion.chunk",
                "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
            },
            {**base, "object": "chat.completion.chunk", "choices": [], "usage": usage},
        ]
        data = "".join(f"data: {json.dumps(c)}\n\n" for c in tail) + "data: [DONE]\n\n"
        await send({"type": "http.response.body", "body": data.encode()})
    finally:
        _state["in_flight"] -= 1


def standin_configure(url: str, *, latency: float) -> None:
    httpx.post(f"{url}/config", json={"latency": latency}, timeout=5).raise_for_status()


def standin_peak(url: str) -> int:
    return httpx.get(f"{url}/stats", timeout=5).json()["peak"]


def generation_body(i: int, org_id: str, *, stream: bool = False) -> dict:
    """The body of the benchmarks' ``POST /api/v1/content/generate/`` number ``i``."""
    return {
        "platform": "twitter",
        "tone": "enthusiastic",
        "prompt": f"Announce our new product launch (request {i})",
        "audience": "tech enthusiasts",
        "organization_id": org_id,
        "ai_provider": "openai",
        "stream": stream,
    }


async def _raw_post(host: str, port: int, path: str, body: bytes, token: str) -> tuple[int, bytes]:
    """One POST on its own connection (``Connection: close``), read to the end: (status, body).

    The load generator's HTTP is written by hand on asyncio streams: httpx's client scans its whole
    pool at every request and answer (quadratic in a burst of hundreds: 12–16 ms of CPU per request
    in a burst of 400, docs/benchmarks.md), CPU the benchmarked server, on the same 2 cores, would
    lose (``bench/run.py --burst-client httpx`` measures the difference). A streamed answer's
    chunked framing is left in the body: each SSE event is one chunk, so ``event: done`` is found
    whole."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        )
        writer.write(head.encode() + body)
        raw = await reader.read(-1)
    finally:
        writer.close()
    status_line, _, rest = raw.partition(b"\r\n")
    return int(status_line.split(b" ", 2)[1]), rest.partition(b"\r\n\r\n")[2]


def fire(
    base: str,
    accounts: list[tuple[str, str]],
    n: int,
    *,
    stream: bool,
    timeout: float = 180,
    client: str = "raw",
) -> tuple[float, list[tuple[int, float, bool]], float]:
    """n generations released at once from one event loop: (wall seconds, [(status, seconds, ended
    well)], the load generator's own CPU seconds). ``client``: ``raw`` (asyncio streams) or ``httpx``."""
    url = httpx.URL(base)
    path = "/api/v1/content/generate/"

    async def main():
        limits = httpx.Limits(max_connections=n + 8, max_keepalive_connections=n + 8)
        # httpx's client only when asked for: opened for nothing, its pool would still be in the way.
        http_client = httpx.AsyncClient(timeout=timeout, limits=limits) if client == "httpx" else None
        async with http_client or contextlib.nullcontext() as http:
            gate = asyncio.Event()

            async def one(i: int):
                org_id, token = accounts[i % len(accounts)]
                body = generation_body(i, org_id, stream=stream)
                await gate.wait()
                started = time.monotonic()
                try:
                    if client == "raw":
                        status, raw = await asyncio.wait_for(
                            _raw_post(url.host, url.port, path, json.dumps(body).encode(), token), timeout
                        )
                    elif not stream:
                        response = await http.post(
                            f"{base}{path}", json=body, headers={"Authorization": f"Bearer {token}"}
                        )
                        status, raw = response.status_code, b""
                    else:
                        async with http.stream(
                            "POST", f"{base}{path}", json=body, headers={"Authorization": f"Bearer {token}"}
                        ) as response:
                            raw = b"".join([chunk async for chunk in response.aiter_bytes()])
                        status = response.status_code
                except (TimeoutError, httpx.HTTPError, OSError, ValueError):
                    return -1, time.monotonic() - started, False
                elapsed = time.monotonic() - started
                if not stream:
                    return status, elapsed, status == 201
                return status, elapsed, b"event: done" in raw and b"event: error" not in raw

            tasks = [asyncio.ensure_future(one(i)) for i in range(n)]
            await asyncio.sleep(0.2)  # every task is waiting at the gate
            cpu_before = time.process_time()
            started = time.monotonic()
            gate.set()
            results = await asyncio.gather(*tasks)
            return time.monotonic() - started, results, time.process_time() - cpu_before

    return asyncio.run(main())


class PeakConnections:
    """``with PeakConnections(database_url) as peak: ...; peak.value`` — the most connections to the
    benchmarked database seen in ``pg_stat_activity`` (this sampler's own excluded); None on SQLite."""

    def __init__(self, database_url: str) -> None:
        self.url = database_url if database_url.startswith("postgres") else None
        self.value: int | None = None
        self._stop = threading.Event()

    def _run(self) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            sql = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            while not self._stop.is_set():
                self.value = max(self.value or 0, conn.execute(sql).fetchone()[0])
                time.sleep(0.02)

    def __enter__(self) -> "PeakConnections":
        if self.url:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self.url:
            self._thread.join(timeout=5)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def burst(
    base: str,
    accounts: list[tuple[str, str]],
    n: int,
    *,
    stream: bool,
    latency: float,
    standin_url: str,
    database_url: str,
    cpu_seconds,
    worker_rss,
    client: str = "raw",
) -> dict:
    """One burst with every figure of the issue's table: ratio (ideal ÷ wall), p50/p99, errors, the
    provider's peak in flight, server CPU per generation, peak PostgreSQL connections, worker RSS."""
    standin_configure(standin_url, latency=latency)
    cpu_before = cpu_seconds()
    with PeakConnections(database_url) as peak:
        wall, results, client_cpu = fire(base, accounts, n, stream=stream, client=client)
    cpu = cpu_seconds() - cpu_before
    good = [seconds for status, seconds, ended in results if status in (200, 201) and ended]
    statuses: dict[int, int] = {}
    for status, _, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    return {
        "n": n,
        "stream": stream,
        "latency": latency,
        "wall": wall,
        "ratio": latency / wall,
        "ok": len(good),
        "errors": n - len(good),
        "statuses": statuses,
        "p50": statistics.median(good) if good else None,
        "p99": percentile(good, 99) if good else None,
        "provider_peak": standin_peak(standin_url),
        "cpu_ms_per_generation": cpu * 1000 / n,
        "client": client,
        "client_cpu_ms_per_request": client_cpu * 1000 / n,
        "pg_peak": peak.value,
        "rss_mib": worker_rss(),
    }


class Standin:
    """``with Standin() as standin: standin.url`` — the asynchronous stand-in served by uvicorn in its
    own process (its own event loop and CPU), on a free port of 127.0.0.1."""

    def __init__(self, *, latency: float = 1.0) -> None:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.latency = latency

    def __enter__(self) -> "Standin":
        import subprocess
        import sys
        from pathlib import Path

        command = [sys.executable, "-m", "uvicorn", "bench.burst:standin", "--port", str(self.port)]
        self.process = subprocess.Popen(
            [*command, "--log-level", "warning", "--timeout-keep-alive", "120"],
            cwd=Path(__file__).resolve().parent.parent,
            env={**os.environ, "BENCH_STANDIN_LATENCY": str(self.latency)},
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{self.url}/stats", timeout=1).raise_for_status()
                return self
            except httpx.HTTPError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.__exit__()
                    raise RuntimeError("the stand-in provider did not start") from None
                time.sleep(0.2)

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except Exception:  # noqa: BLE001 - a stuck stand-in is killed
            self.process.kill()
