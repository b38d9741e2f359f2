"""Gunicorn configuration: ASGI workers (uvicorn), so a generation waiting on the AI provider holds
no thread — one worker process serves hundreds of them on its event loop.

Serve with: ``gunicorn config.asgi:application --config gunicorn.conf.py`` (the Dockerfile's CMD).
Every value comes from the environment (defaults in brackets):

- ``GUNICORN_WORKER_CLASS`` [``runtime.gunicorn_worker.JsonAccessUvicornWorker``]: the ASGI worker
  (uvicorn's, writing gunicorn's JSON access line per request). Generate and regenerate (plain
  and streamed) are async views: they await the provider's async SDK client and do their short
  database steps (reserve, save the version, settle) in a thread pool, each with a pooled
  connection taken and given back; the CSV exports too (each chunk one step, sent as it is read).
  Every other view is sync and runs in Django's thread pool, as under WSGI. ``gthread`` (with
  ``config.wsgi:application``) still works: then every request holds a thread, as before (see
  ``GUNICORN_THREADS``).
- ``GUNICORN_BIND`` [``0.0.0.0:$PORT`` or ``0.0.0.0:8000``]
- ``GUNICORN_WORKERS`` [``CPU cores + 1``, at most 8]: processes, for CPU parallelism and isolation.
  The waiting is on the event loop, so more processes than cores buys nothing but memory.
- ``GUNICORN_THREADS`` [24]: threads per worker, for the ``gthread`` worker class only.
- ``GUNICORN_TIMEOUT`` [derived]: longer than the slowest legitimate request — every attempt of a
  provider call (``AI_TIMEOUT_SECONDS`` x (``AI_MAX_RETRIES`` + 1)), a fallback provider as long,
  and one shorten call — plus 30 s. (The worker's loop keeps heart-beating while requests wait,
  so this is a safety net for a stuck worker, not a per-request limit: a request body's time is
  bounded by ``REQUEST_BODY_TIMEOUT_SECONDS``, its size by ``DATA_UPLOAD_MAX_MEMORY_SIZE``, in
  ``runtime/body_limit.py`` — uvicorn has no body timeout of its own.)
- ``GUNICORN_GRACEFUL_TIMEOUT`` [same as the timeout]: in-flight generations finish on a reload.
- ``GUNICORN_MAX_REQUESTS`` [2000, ``GUNICORN_MAX_REQUESTS_JITTER`` 200]: recycle workers to bound
  memory growth.
- ``GUNICORN_KEEPALIVE`` [5], ``GUNICORN_ACCESS_LOG`` [``-``, stdout], ``GUNICORN_LOG_LEVEL`` [info],
  ``FORWARDED_ALLOW_IPS`` [127.0.0.1: the proxies whose X-Forwarded-* headers are trusted].

An empty value means the default (``.env.example`` lists every variable).

PostgreSQL: each worker process has its own connection pool (``DATABASE_POOL_MAX_SIZE``), so the
peak is replicas x workers x pool size (+ task workers), whatever the number of requests in flight.
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
worker_class = os.environ.get("GUNICORN_WORKER_CLASS") or "runtime.gunicorn_worker.JsonAccessUvicornWorker"
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
# Access lines as JSON with the request id, like the application's logs (runtime/gunicorn_logging.py).
logger_class = "runtime.gunicorn_logging.JsonAccessLogger"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL") or "info"
# Behind a proxy that terminates TLS (X-Forwarded-Proto is trusted by the production settings).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1"


def post_worker_init(worker) -> None:
    """Import the URLconf (with it every view, serializer and service module it routes to: Django
    imports them on the first request it resolves), the AI SDKs, the JWT backend (simplejwt loads
    PyJWT and ``cryptography`` on the first authenticated request) and twitter-text's regular
    expressions (X's length, compiled on first use) before the worker takes requests, not in the
    first ones it serves — under ASGI that would stall the event loop, and every request on it, for
    as long. The application (and so Django) is loaded by now.

    Then ``gc.freeze()``: the objects of the start-up (modules, classes, Django's and the SDKs'
    tables) move to the collector's permanent generation, so its full collections, frequent with
    hundreds of requests in flight, no longer walk them (figures: docs/benchmarks.md). They live as
    long as the worker anyway."""
    import gc

    import rest_framework_simplejwt.state  # noqa: F401
    from django.urls import get_resolver

    from apps.content import measure
    from apps.content.providers import gemini_provider, openai_provider  # noqa: F401

    get_resolver().url_patterns  # noqa: B018 - the property imports ROOT_URLCONF and what it includes
    measure.text_length(platform="twitter", text="warm-up https://example.com")
    gc.collect()  # what is garbage already is not frozen
    gc.freeze()
