"""Django's PostgreSQL backend, with one change to its psycopg connection pool: a connection that
fails the check before it is handed out (``CONN_HEALTH_CHECKS``) drains the pool.

Why: after a PostgreSQL restart (maintenance, failover) every idle connection of the pool died
with the old server. psycopg's pool checks a connection before lending it and replaces a broken
one, but it tries the next idle one with a growing backoff (at once, then after 1 s, then 2 s):
with three dead connections in a pool a request waits out ``DATABASE_POOL_TIMEOUT`` (1.5 s) and
answers 503 ``database_unavailable`` although the server is back, and the next requests meet the
dead connections that remain. A failed check means the server went away, so every connection made
before it is presumed dead: ``ConnectionPool.drain()`` closes the idle ones (no round trip) and
opens new ones, and closes those lent out when they come back. The request that found the broken
connection waits for a new one (a few milliseconds once the server is up), so no request fails
once the server is back. Connections killed one at a time (``idle_session_timeout``, an
administrator's ``pg_terminate_backend``) cost a reconnection of the pool, which is cheap.

Django 5.2 builds the pool itself with psycopg's plain check and refuses another one in
``OPTIONS["pool"]`` (a TypeError; Django ticket #37075 lets a later version take a ``"check"``
there). So this backend builds the pool as Django does, with this check: ``pool`` and ``_new_pool``
follow ``django.db.backends.postgresql.base.DatabaseWrapper.pool`` (Django 5.2), to be compared
with it on a Django upgrade.
"""

from typing import Any

from django.db.backends.base.base import NO_DB_ALIAS
from django.db.backends.postgresql import base
from psycopg_pool import ConnectionPool


class DrainingConnectionPool(ConnectionPool):
    """psycopg's pool; with ``checked``, each connection is checked before it is lent (an empty
    query: one round trip) and one failing the check drains the pool before the pool discards it
    and lends another."""

    def __init__(self, *args: Any, checked: bool, **kwargs: Any) -> None:
        super().__init__(*args, check=self.check_or_drain if checked else None, **kwargs)

    def check_or_drain(self, connection) -> None:
        try:
            self.check_connection(connection)
        except Exception:
            self.drain()
            raise


class DatabaseWrapper(base.DatabaseWrapper):
    @property
    def pool(self) -> ConnectionPool | None:
        options = self.settings_dict["OPTIONS"].get("pool")
        building = options and self.alias != NO_DB_ALIAS and self.alias not in self._connection_pools
        if building and not self.settings_dict.get("CONN_MAX_AGE"):  # else Django's error about it
            self._connection_pools.setdefault(self.alias, self._new_pool({} if options is True else options))
        return super().pool

    def _new_pool(self, options: dict[str, Any]) -> ConnectionPool:
        """The pool Django would build (unopened, autocommit, Django's ``configure``), checked with
        ``CONN_HEALTH_CHECKS``."""
        connect_kwargs = self.get_connection_params()
        connect_kwargs["autocommit"] = True  # Django sets the wanted mode once the connection is lent
        return DrainingConnectionPool(
            kwargs=connect_kwargs,
            open=False,
            configure=self._configure_connection,
            checked=self.settings_dict["CONN_HEALTH_CHECKS"],
            **options,
        )
