"""Atomic fixed-window rate limiting: on Redis in full mode, counted in the process otherwise.

DRF's SimpleRateThrottle reads the history, then writes it back: two requests that read at the
same moment both pass. Here every hit is one atomic increment (a Redis script; in the process, an
increment under a lock), so at most ``limit`` hits are admitted in a window whatever the
concurrency. The window starts at the first hit and lasts ``window`` seconds.

**Without Redis** (the embedded default) the counters are this process's (``_local_hit``): the file
cache of that mode is shared by the processes but has no atomic increment (a read, then a write),
and a counter in the SQLite database would make every request a write. Only the API server counts
(requests, sign-ins, generations), so with one server process (``make run``) the limits hold as
configured; N server processes without Redis admit up to N x limit (docs/deploy.md).

**While Redis is unreachable** (a failed call, or the breaker of ``apps.common.outages`` still
open) the limiter fails open *to a per-process counter*: the same limit and window, counted in
this process's memory. A Redis outage neither takes the API down nor removes all protection; the
effective limit is then up to (number of processes) x limit. A WARNING is logged once per interval.

**What the client sees** (docs/api.md#rate-limits): each limit checked while serving a request is
noted on it (``rate_limit_report``), and ``RateLimitHeadersMiddleware`` answers them as the IETF
httpapi draft's ``RateLimit-Policy`` (``"requests";q=300;w=60``) and ``RateLimit``
(``"requests";r=299;t=58``: remaining, seconds until the window ends) fields.
"""

import hashlib
import math
import threading
import time
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache, caches
from redis.exceptions import NoScriptError, RedisError

from apps.common.events import current_request
from apps.common.outages import redis_breaker


@dataclass(frozen=True)
class RateLimitResult:
    allowed: bool
    limit: int
    count: int
    retry_after: int


def parse_rate(rate: str) -> tuple[int, int]:
    """'10/minute' -> (10, 60). Accepts s/sec/second, m/min/minute, h/hour, d/day."""
    number, _, period = rate.partition("/")
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period.strip()[0].lower()]
    return int(number), seconds


# Redis: one round trip (instead of add + incr + get), atomic: the counter's TTL is the window.
_REDIS_HIT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
"""
_REDIS_HIT_SHA = hashlib.sha1(_REDIS_HIT.encode(), usedforsecurity=False).hexdigest()
# One Script object for the process (it only holds the script's text and SHA; each call names the
# client it runs on). Not one per client: under the ASGI server every request has its own cache
# backend instance, and a dict of scripts keyed by client grew with every request (a leak).
_redis_script: Any = None


def _django_redis_client() -> Any | None:
    """The django-redis client of the default cache (encodes and decodes values), else None."""
    try:
        from django_redis.cache import RedisCache
    except ImportError:  # pragma: no cover - django-redis is a dependency
        return None
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    return getattr(backend, "raw_client", None) or backend.client


def _redis_client() -> Any | None:
    """The raw redis-py client behind a django-redis default cache, else None."""
    client = _django_redis_client()
    return None if client is None else client.get_client(write=True)


def _redis_hit(client: Any, key: str, *, limit: int, window: int) -> RateLimitResult:
    global _redis_script
    script = _redis_script
    if script is None:
        script = _redis_script = client.register_script(_REDIS_HIT)
    count, ttl_ms = script(keys=[cache.make_key(f"rl:{key}")], args=[window * 1000], client=client)
    retry_after = max(1, math.ceil(int(ttl_ms) / 1000))
    return RateLimitResult(allowed=int(count) <= limit, limit=limit, count=int(count), retry_after=retry_after)


def rate_limit_count(key: str, *, window: int, reading: list[str]) -> tuple[int, int, dict[str, Any]]:
    """Count one hit against ``key`` and read the cache keys ``reading``, in ONE round trip to Redis
    (a pipeline: the hit script and an MGET), for a caller that learns the limit from what it reads
    (the plan's rate). Returns (hits in the window so far, seconds until the window ends, the values
    read, as ``cache.get_many`` returns them). The hit is the same atomic increment as
    ``rate_limit_hit``'s (whose ``allowed`` is ``count <= limit``), with the same fallbacks."""
    django_client = _django_redis_client()
    if django_client is None or not redis_breaker.available():
        result = rate_limit_hit(key, limit=0, window=window)
        return result.count, result.retry_after, cache.get_many(reading)
    client = django_client.get_client(write=True)
    made, counter = [cache.make_key(name) for name in reading], cache.make_key(f"rl:{key}")

    def pipelined() -> list[Any]:
        # EVALSHA itself: a Script object run in a pipeline costs a SCRIPT EXISTS round trip first.
        pipeline = client.pipeline(transaction=False)
        pipeline.mget(made)
        pipeline.evalsha(_REDIS_HIT_SHA, 1, counter, window * 1000)
        return pipeline.execute()

    try:
        try:
            raw_values, (count, ttl_ms) = pipelined()
        except NoScriptError:  # not loaded on this server yet (or flushed): nothing ran; load, run again
            client.script_load(_REDIS_HIT)
            raw_values, (count, ttl_ms) = pipelined()
    except RedisError as exc:
        redis_breaker.failed(exc, what="rate limits")
        result = _local_hit(key, limit=0, window=window)
        return result.count, result.retry_after, cache.get_many(reading)
    redis_breaker.succeeded()
    values = {name: django_client.decode(raw) for name, raw in zip(reading, raw_values, strict=True) if raw is not None}
    return int(count), max(1, math.ceil(int(ttl_ms) / 1000)), values


def rate_limit_hit(key: str, *, limit: int, window: int) -> RateLimitResult:
    """Count one hit against ``key``; ``allowed`` is False once more than ``limit`` hits fell in the window."""
    client = _redis_client()
    if client is not None:
        if not redis_breaker.available():
            return _local_hit(key, limit=limit, window=window)
        try:
            result = _redis_hit(client, key, limit=limit, window=window)
        except RedisError as exc:  # connection refused, timeout, OOM, read-only replica, ...
            redis_breaker.failed(exc, what="rate limits")
            return _local_hit(key, limit=limit, window=window)
        redis_breaker.succeeded()
        return result
    return _local_hit(key, limit=limit, window=window)  # no Redis: counted in this process


# ---------------------------------------------------------------------------
# Per-process counters: without Redis, and while Redis is unreachable
# ---------------------------------------------------------------------------
_LOCAL_MAX_KEYS = 10_000
_local_lock = threading.Lock()
_local_counters: dict[str, tuple[int, float]] = {}  # key -> (count, window end, monotonic)


def _local_hit(key: str, *, limit: int, window: int) -> RateLimitResult:
    """The same fixed window, counted in this process only."""
    now = time.monotonic()
    with _local_lock:
        count, ends = _local_counters.get(key, (0, 0.0))
        if ends <= now:
            count, ends = 0, now + window
            if len(_local_counters) >= _LOCAL_MAX_KEYS:  # drop expired windows; never grow unbounded
                for stale in [k for k, (_, end) in _local_counters.items() if end <= now]:
                    del _local_counters[stale]
                if len(_local_counters) >= _LOCAL_MAX_KEYS:
                    _local_counters.clear()
        count += 1
        _local_counters[key] = (count, ends)
    # Rounded first: (now + window) - now can come out a hair above window in floating point, and
    # ceil would then answer window + 1 (a flaky test found it).
    retry_after = max(1, math.ceil(round(ends - now, 6)))
    return RateLimitResult(allowed=count <= limit, limit=limit, count=count, retry_after=retry_after)


def local_counters_reset() -> None:
    """Forget the per-process counters (tests)."""
    with _local_lock:
        _local_counters.clear()


# --------------------------------------------------------------------------- the RateLimit fields


def rate_limit_report(*, policy: str, limit: int, count: int, window: int, reset: int) -> None:
    """Note, on the request being served (none outside a request), one limit it was counted against:
    ``policy`` is its name in the RateLimit fields, ``count`` the hits so far in a window of ``window``
    seconds that ends in ``reset`` seconds."""
    request = current_request()
    if request is not None:
        reports = request.__dict__.setdefault("rate_limits", {})
        reports[policy] = (limit, window, max(0, limit - count), reset)


def rate_limit_fields(request: Any) -> dict[str, str]:
    """The ``RateLimit-Policy`` and ``RateLimit`` fields of the limits ``request`` was counted against."""
    reports = getattr(request, "rate_limits", None)
    if not reports:
        return {}
    policies = ", ".join(f'"{name}";q={limit};w={window}' for name, (limit, window, _, _) in reports.items())
    states = ", ".join(f'"{name}";r={remaining};t={reset}' for name, (_, _, remaining, reset) in reports.items())
    return {"RateLimit-Policy": policies, "RateLimit": states}
