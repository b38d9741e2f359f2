"""Gunicorn configuration: threaded workers, so AI calls (seconds of network wait) do not serialize.

Every value comes from the environment (defaults in brackets):

- ``GUNICORN_BIND`` [``0.0.0.0:$PORT`` or ``0.0.0.0:8000``]
- ``GUNICORN_WORKERS`` [``CPU cores + 1``, at most 8]: processes, for CPU parallelism and isolation.
  Not the classic ``2 * cores + 1``: the work is I/O-bound (the AI call) and threads cover the
  waiting; measured on 2 cores with 50 concurrent generations (bench/generate_concurrency.py),
  5 x 16 reached 41 % of the ideal throughput, 3 x 32 and 2 x 32 about 65 %.
- ``GUNICORN_THREADS`` [24]: threads per worker (``gthread``). An AI call holds a thread while it
  waits on the network; the GIL is released during I/O, so one worker serves ``threads`` calls at
  once. Capacity in simultaneous generations = workers x threads (2 cores: 3 x 24 = 72); more
  concurrent requests queue in the listen backlog.
- ``GUNICORN_TIMEOUT`` [derived]: longer than the slowest legitimate request — every attempt of a
  provider call (``AI_TIMEOUT_SECONDS`` x (``AI_MAX_RETRIES`` + 1)), a fallback provider as long,
  and one shorten call — plus 30 s. (With gthread the worker's main loop keeps heart-beating while
  its threads wait, so this is a safety net for a stuck worker, not a per-request limit.)
- ``GUNICORN_GRACEFUL_TIMEOUT`` [same as the timeout]: in-flight generations finish on a reload.
- ``GUNICORN_MAX_REQUESTS`` [2000, ``GUNICORN_MAX_REQUESTS_JITTER`` 200]: recycle workers to bound
  memory growth.
- ``GUNICORN_KEEPALIVE`` [5], ``GUNICORN_ACCESS_LOG`` [``-``, stdout], ``GUNICORN_LOG_LEVEL`` [info],
  ``FORWARDED_ALLOW_IPS`` [127.0.0.1: the proxies whose X-Forwarded-* headers are trusted].

An empty value means the default (``.env.example`` lists every variable).

PostgreSQL: each thread may hold one connection (``CONN_MAX_AGE``), so size ``max_connections``
for replicas x workers x threads (+ task workers), or put PgBouncer in front (docs/deploy.md).
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def _float(name: str, default: float) -> float:
    value = os.environ.get(name, "")
    return float(value) if value.strip() else default


_ai_timeout = _float("AI_TIMEOUT_SECONDS", 30.0)
_ai_attempts = _int("AI_MAX_RETRIES", 2) + 1
# primary attempts + fallback attempts + one shorten call, plus margin.
_derived_timeout = int(_ai_timeout * (2 * _ai_attempts + 1) + 30)

_port = _int("PORT", 8000)
bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{_port}"
worker_class = "gthread"
workers = _int("GUNICORN_WORKERS", min(multiprocessing.cpu_count() + 1, 8))
threads = _int("GUNICORN_THREADS", 24)
timeout = _int("GUNICORN_TIMEOUT", _derived_timeout)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", timeout)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# The longest request line gunicorn reads (its maximum; default 4094). The application answers a
# longer URL than its own documented limit (4,096 characters, apps/common/request_limits.py) with
# 414 in the API's error shape, so no client within gunicorn's limit sees its HTML 414.
limit_request_line = 8190
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# Heartbeat files in memory, not on a possibly slow container filesystem.
_SHM = "/dev/shm"  # noqa: S108 - gunicorn heartbeat files, not data
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or "-"
# Access lines as JSON with the request id, like the application's logs (apps/common/gunicorn_logging.py).
logger_class = "apps.common.gunicorn_logging.JsonAccessLogger"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL") or "info"
# Behind a proxy that terminates TLS (X-Forwarded-Proto is trusted by the production settings).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1"
