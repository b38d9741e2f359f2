"""HTTP load generators for the benchmarks: ``wrk`` when installed (C, cheap on a 2-core machine),
else a pure-Python one (threads, one keep-alive ``httpx.Client`` each). Both take the same input:
a list of requests cycled round-robin (split into disjoint slices, one per wrk thread / Python
worker), a duration bound and an optional bound on the number of responses. Both return a
``LoadResult``. Only 127.0.0.1 targets are accepted.
"""

import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx


@dataclass(frozen=True)
class Req:
    path: str
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    errors: int  # non-2xx/3xx answers + socket errors/timeouts
    p99_ms: float
    tool: str

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk_path() -> str | None:
    if os.environ.get("BENCH_LOADGEN", "") == "python":
        return None
    return shutil.which("wrk")


def _check_local(base: str) -> None:
    host = urlsplit(base).hostname
    if host not in ("127.0.0.1", "localhost"):
        raise ValueError(f"benchmarks only target 127.0.0.1, not {host!r}")


def run(
    base: str,
    requests: list[Req],
    *,
    seconds: float,
    connections: int = 16,
    max_requests: int | None = None,
) -> LoadResult:
    """Fire ``requests`` (cycled) at ``base`` for ``seconds`` (or until ``max_requests`` answers)."""
    _check_local(base)
    wrk = wrk_path()
    if wrk:
        return _run_wrk(wrk, base, requests, seconds=seconds, connections=connections, max_requests=max_requests)
    return _run_python(base, requests, seconds=seconds, connections=connections, max_requests=max_requests)


def run_count(base: str, requests: list[Req], *, count: int, connections: int = 16, max_seconds: float = 120) -> int:
    """Send about ``count`` requests (at least ``count`` unless ``max_seconds`` ran out); returns how
    many were answered. wrk is bounded by time only (a stopped thread still waits for ``-d``), so
    its runs are sized from the rate measured so far."""
    done, errors, spent, rate = 0, 0, 0.0, 0.0
    while done < count and spent < max_seconds:
        remaining = count - done
        seconds = 1.0 if rate == 0 else min(max_seconds - spent, max(1.0, remaining / rate))
        result = run(base, requests, seconds=seconds, connections=connections, max_requests=remaining)
        done += result.requests
        errors += result.errors
        spent += result.seconds
        rate = done / spent if spent else 0.0
    if errors:
        raise RuntimeError(f"{errors} failed requests")
    return done


# ---------------------------------------------------------------------------
# wrk
# ---------------------------------------------------------------------------
_LUA = r"""
local specs = %(specs)s
local n_threads = %(threads)d
local max_per_thread = %(max_per_thread)d
local next_tid = 0
function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
end
function init(args)
  reqs = {}
  for i, r in ipairs(specs) do
    if (i - 1) %% n_threads == tid then
      table.insert(reqs, wrk.format(r[1], r[2], r[3], r[4]))
    end
  end
  if #reqs == 0 then
    local r = specs[1]
    table.insert(reqs, wrk.format(r[1], r[2], r[3], r[4]))
  end
  idx = 0
  answered = 0
end
function request()
  idx = idx %% #reqs + 1
  return reqs[idx]
end
%(response)s
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRKJSON {\"requests\": %%d, \"duration_us\": %%d, \"status\": %%d, \"connect\": %%d, \"read\": %%d, " ..
    "\"write\": %%d, \"timeout\": %%d, \"p99_us\": %%d}\n",
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout, latency:percentile(99)))
end
"""

_LUA_RESPONSE_BOUNDED = """
function response(status, headers, body)
  answered = answered + 1
  if answered >= max_per_thread then wrk.thread:stop() end
end
"""


def _lua_str(value: str) -> str:
    return json.dumps(value)  # a JSON string literal is a valid Lua string literal for our ASCII payloads


def _lua_request(r: Req) -> str:
    headers = ", ".join(f"[{_lua_str(k)}] = {_lua_str(v)}" for k, v in r.headers.items())
    body = _lua_str(r.body) if r.body else "nil"
    return f"{{{_lua_str(r.method)}, {_lua_str(r.path)}, {{{headers}}}, {body}}}"


def _run_wrk(
    wrk: str, base: str, requests: list[Req], *, seconds: float, connections: int, max_requests: int | None
) -> LoadResult:
    threads = max(1, min(int(os.environ.get("BENCH_WRK_THREADS", "1")), connections))
    specs = ",\n".join(_lua_request(r) for r in requests)
    max_per_thread = -(-max_requests // threads) if max_requests else 0
    script = _LUA % {
        "specs": "{\n" + specs + "\n}",
        "threads": threads,
        "max_per_thread": max_per_thread,
        "response": _LUA_RESPONSE_BOUNDED if max_requests else "",
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="caas-bench-", delete=False) as handle:
        handle.write(script)
    try:
        completed = subprocess.run(
            [wrk, "-t", str(threads), "-c", str(connections), "-d", f"{max(1, round(seconds))}s", "--timeout", "10s"]
            + ["-s", handle.name, base],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
        )
    finally:
        os.unlink(handle.name)
    line = next((ln for ln in completed.stdout.splitlines() if ln.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed ({completed.returncode}): {completed.stderr or completed.stdout}")
    data = json.loads(line.removeprefix("WRKJSON "))
    errors = data["status"] + data["connect"] + data["read"] + data["write"] + data["timeout"]
    return LoadResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        errors=errors,
        p99_ms=data["p99_us"] / 1000,
        tool="wrk",
    )


# ---------------------------------------------------------------------------
# Pure Python
# ---------------------------------------------------------------------------
def _run_python(
    base: str, requests: list[Req], *, seconds: float, connections: int, max_requests: int | None
) -> LoadResult:
    lock = threading.Lock()
    state = {"answered": 0, "errors": 0}
    latencies: list[float] = []
    stop = threading.Event()
    deadline = time.monotonic() + seconds

    def worker(index: int) -> None:
        mine = requests[index::connections] or requests[:1]
        local_latencies = []
        with httpx.Client(base_url=base, timeout=10) as client:
            i = 0
            while not stop.is_set() and time.monotonic() < deadline:
                r = mine[i % len(mine)]
                i += 1
                started = time.perf_counter()
                try:
                    response = client.request(r.method, r.path, headers=r.headers, content=r.body or None)
                    bad = response.status_code >= 400
                except httpx.HTTPError:
                    bad = True
                local_latencies.append(time.perf_counter() - started)
                with lock:
                    state["answered"] += 1
                    state["errors"] += bad
                    if max_requests and state["answered"] >= max_requests:
                        stop.set()
        with lock:
            latencies.extend(local_latencies)

    started = time.monotonic()
    workers = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(connections)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(seconds + 30)
    elapsed = time.monotonic() - started
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000 if latencies else 0.0
    return LoadResult(requests=state["answered"], seconds=elapsed, errors=state["errors"], p99_ms=p99, tool="python")
