"""Outages of our own dependencies (Redis, PostgreSQL): how the process notices them and degrades.

- **Redis** is a cache and a coordinator, never a single point of failure. After a failed call the
  process stops calling Redis for ``REDIS_RETRY_SECONDS`` (a small circuit breaker, so a hung Redis
  costs one socket timeout per retry period, not one per call); meanwhile cache reads miss (callers
  read the database) and the rate counter falls back to a per-process counter
  (``apps.common.ratelimit``).
- **PostgreSQL** unreachable: ``database_unavailable(exc)`` tells the error handler to answer
  ``503 database_unavailable`` with a ``Retry-After`` instead of a 500.

Every fallback is logged as a WARNING at most once per ``OUTAGE_LOG_INTERVAL_SECONDS`` per process
and kind (``degraded_log``), never once per request; the return of Redis is logged once.
"""

import logging
import threading
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError

logger = logging.getLogger("apps.outages")

# Retry-After (seconds) of a 503 answered while the database is unreachable.
DATABASE_RETRY_AFTER_SECONDS = 5

_log_lock = threading.Lock()
_last_logged: dict[str, float] = {}


def degraded_log(kind: str, message: str, *, exc: BaseException | None = None) -> bool:
    """Log ``message`` as a WARNING unless the same ``kind`` was logged less than the interval ago
    in this process. Returns True if it was logged."""
    interval = getattr(settings, "OUTAGE_LOG_INTERVAL_SECONDS", 60)
    now = time.monotonic()
    with _log_lock:
        last = _last_logged.get(kind)
        if last is not None and now - last < interval:
            return False
        _last_logged[kind] = now
    error = f"{type(exc).__name__}: {exc}" if exc is not None else ""
    logger.warning(message, extra={"outage": kind, "error": error})
    return True


# ---------------------------------------------------------------------------
# Redis: a process-wide circuit breaker
# ---------------------------------------------------------------------------
class RedisBreaker:
    """Closed: call Redis. After a failure: open for ``REDIS_RETRY_SECONDS`` (no call is tried), then
    the next call tries again (one success closes it, one failure opens it again)."""

    def __init__(self) -> None:
        self._open_until = 0.0
        self._down = False
        self._lock = threading.Lock()

    def available(self) -> bool:
        return time.monotonic() >= self._open_until

    @property
    def down(self) -> bool:
        return self._down

    def failed(self, exc: BaseException, *, what: str) -> None:
        retry = getattr(settings, "REDIS_RETRY_SECONDS", 3.0)
        with self._lock:
            self._open_until = time.monotonic() + retry
            self._down = True
        degraded_log(
            "redis",
            f"Redis unreachable ({what}): cache reads go to the database, rate limits are counted per "
            f"process; retrying every {retry:g} s",
            exc=exc,
        )

    def succeeded(self) -> None:
        if not self._down:
            return
        with self._lock:
            was_down, self._down = self._down, False
            self._open_until = 0.0
        if was_down:
            logger.warning("Redis reachable again: cache and shared rate limits restored", extra={"outage": "redis"})

    def reset(self) -> None:
        """Forget any failure (tests)."""
        with self._lock:
            self._open_until, self._down = 0.0, False


redis_breaker = RedisBreaker()


def outages_reset() -> None:
    """Forget every failure and every "already logged" mark of this process (tests)."""
    redis_breaker.reset()
    with _log_lock:
        _last_logged.clear()


# ---------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------
# SQLSTATE classes and codes that mean "the server is not there or not accepting us", as opposed
# to a bug in a query: connection exceptions, operator intervention (shutdown, starting up),
# insufficient resources (too many connections).
_UNAVAILABLE_SQLSTATE_PREFIXES = ("08", "57P", "53")
_SQLITE_UNAVAILABLE_MESSAGES = ("database is locked", "unable to open database file", "disk i/o error")


def database_unavailable(exc: BaseException) -> bool:
    """True if ``exc`` means the database cannot be reached right now (answer 503, retry later)
    rather than a faulty query (a 500 that must be fixed)."""
    if not isinstance(exc, (OperationalError, InterfaceError)):
        return False
    if isinstance(exc, InterfaceError):  # "connection already closed" and the like
        return True
    cause = exc.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate:
        return sqlstate.startswith(_UNAVAILABLE_SQLSTATE_PREFIXES)
    if cause is not None and type(cause).__module__.startswith("sqlite3"):
        return any(text in str(cause).lower() for text in _SQLITE_UNAVAILABLE_MESSAGES)
    # psycopg's connection failures (refused, timeout, terminated) carry no SQLSTATE.
    return True
