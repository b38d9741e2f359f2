"""The Redis cache backend of full mode: django-redis, failing soft when Redis is unreachable.

Every cached value in this project (the authentication copy of a user, a plan's rate limits, the
public plan list) can be read again from the database, so a Redis outage must cost a cache miss,
not a 500. This backend is django-redis's ``RedisCache`` with:

- exceptions ignored (``IGNORE_EXCEPTIONS``): a failed read is a miss, a failed write is dropped;
- the process-wide circuit breaker of ``apps.common.outages``: after one failure no call is tried
  for ``REDIS_RETRY_SECONDS`` (a hung Redis costs one socket timeout per period, not one per
  call), and the fallback is logged once per interval, not per request (django-redis's own
  logging of ignored exceptions stays off: it logs a trace per call).
"""

import threading
from typing import Any

from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

from apps.common.outages import redis_breaker


class _GuardedClient:
    """Wraps a django-redis client: no call while the breaker is open; failures open it."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            if not redis_breaker.available():
                raise ConnectionInterrupted(connection=None)
            try:
                result = attribute(*args, **kwargs)
            except ConnectionInterrupted as exc:
                redis_breaker.failed(exc.__cause__ or exc, what="cache")
                raise
            redis_breaker.succeeded()
            return result

        return call


# One django-redis client per configuration for the whole process. Django keeps a cache backend
# instance per thread and per async context: under the ASGI server that is one per request, and
# each built its own redis-py client (its callbacks table, locks, an event dispatcher) before its
# first call. The client and its connection pool are thread-safe.
_shared_clients: dict[tuple[str, str], _GuardedClient] = {}
_shared_lock = threading.Lock()


class ResilientRedisCache(RedisCache):
    """django-redis ``RedisCache`` that degrades to cache misses while Redis is unreachable."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._ignore_exceptions = True
        self._log_ignored_exceptions = False
        self._guarded: _GuardedClient | None = None

    @property
    def client(self) -> Any:
        if self._guarded is None:
            key = (repr(self._server), repr(self._params))
            with _shared_lock:
                guarded = _shared_clients.get(key)
                if guarded is None:
                    guarded = _shared_clients[key] = _GuardedClient(super().client)
            self._guarded = guarded
        return self._guarded

    @property
    def raw_client(self) -> Any:
        """The django-redis client itself (the rate counter handles failures on its own)."""
        return super().client
