"""Which database answers the analytics: a healthy, caught-up read replica, else the primary.

Replicas are the ``DATABASES`` aliases ``replica_<n>`` (from ``DATABASE_REPLICA_URL``). Each one's
state is checked with one short query (``connect_timeout`` 2 s) and remembered by the process for
``DATABASE_REPLICA_CHECK_SECONDS``: up or down, and its replay lag in seconds. A replica is used
when it is up and lags at most ``DATABASE_REPLICA_MAX_LAG_SECONDS``; otherwise the primary answers
(the same answers, only fresher). ``as_of`` is the replica's last replayed transaction
(``pg_last_xact_replay_timestamp()``), or the current time on the primary.
"""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils import timezone

from apps.analytics.routers import PRIMARY

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Lag: 0 when everything received is replayed (an idle primary writes nothing, so the replay
# timestamp ages without any lag), else the age of the last replayed transaction.
_STATE_SQL = """
SELECT pg_is_in_recovery(),
       pg_last_xact_replay_timestamp(),
       CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
            ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END
"""


@dataclass(frozen=True)
class ReplicaState:
    alias: str
    up: bool
    lag_seconds: float | None
    replayed_at: datetime | None
    checked_at: float  # time.monotonic()
    error: str = ""

    @property
    def usable(self) -> bool:
        return (
            self.up and self.lag_seconds is not None and self.lag_seconds <= settings.DATABASE_REPLICA_MAX_LAG_SECONDS
        )


_states: dict[str, ReplicaState] = {}
_lock = threading.Lock()


def replica_aliases() -> list[str]:
    """The configured replicas, in order (none without ``DATABASE_REPLICA_URL``)."""
    return sorted((a for a in settings.DATABASES if a.startswith("replica_")), key=lambda a: int(a.split("_")[1]))


def replica_state_reset() -> None:
    """Forget every remembered state (the next use checks again)."""
    with _lock:
        _states.clear()


def _check(alias: str) -> ReplicaState:
    connection = connections[alias]
    try:
        if connection.vendor != "postgresql":  # a mirror in tests, or a misconfiguration
            return ReplicaState(alias, True, 0.0, None, time.monotonic())
        with connection.cursor() as cursor:
            cursor.execute(_STATE_SQL)
            in_recovery, replayed_at, lag = cursor.fetchone()
        if not in_recovery:  # a primary given as a replica (or a promoted one): as fresh as it gets
            return ReplicaState(alias, True, 0.0, None, time.monotonic())
        return ReplicaState(alias, True, float(lag), replayed_at, time.monotonic())
    except Exception as exc:  # down, refusing, misconfigured: never an error for the client
        logger.warning("read replica %s unavailable: %s", alias, exc, exc_info=True)
        try:
            connection.close()
        except Exception:  # the broken connection may refuse to close cleanly
            logger.debug("closing replica %s failed", alias, exc_info=True)
        return ReplicaState(alias, False, None, None, time.monotonic(), error=type(exc).__name__)


def replica_state(alias: str, *, fresh: bool = False) -> ReplicaState:
    with _lock:
        state = _states.get(alias)
    if fresh or state is None or time.monotonic() - state.checked_at > settings.DATABASE_REPLICA_CHECK_SECONDS:
        state = _check(alias)
        with _lock:
            _states[alias] = state
    return state


def replica_mark_down(alias: str, error: Exception) -> None:
    with _lock:
        _states[alias] = ReplicaState(alias, False, None, None, time.monotonic(), error=type(error).__name__)


def replica_alias() -> str:
    """The first usable replica, else the primary ("default")."""
    for alias in replica_aliases():
        if replica_state(alias).usable:
            return alias
    return PRIMARY


def as_of(alias: str) -> datetime:
    """How fresh an answer from ``alias`` is: the replica's last replayed transaction, else now."""
    if alias == PRIMARY:
        return timezone.now()
    state = replica_state(alias)
    return state.replayed_at or timezone.now()


def analytics_read(read: Callable[[str], T]) -> tuple[T, str]:
    """``read(alias)`` on the replica chosen now; if the replica fails midway, once more on the
    primary. Returns what ``read`` returned and the alias that answered."""
    alias = replica_alias()
    if alias == PRIMARY:
        return read(PRIMARY), PRIMARY
    try:
        return read(alias), alias
    except DatabaseError as exc:
        logger.warning("read replica %s failed during an analytics read; the primary answers: %s", alias, exc)
        replica_mark_down(alias, exc)
        try:
            connections[alias].close()
        except Exception:
            logger.debug("closing replica %s failed", alias, exc_info=True)
        return read(PRIMARY), PRIMARY


def replica_report() -> list[dict[str, Any]] | None:
    """Each replica's state for /health/ready (checked now; a replica down keeps the probe 200);
    None without replicas (the probe's answer is then unchanged)."""
    if not replica_aliases():
        return None
    report = []
    for alias in replica_aliases():
        state = replica_state(alias, fresh=True)
        report.append(
            {
                "alias": alias,
                "status": ("ok" if state.usable else "lagging") if state.up else "unavailable",
                "lag_seconds": None if state.lag_seconds is None else round(state.lag_seconds, 3),
                "max_lag_seconds": settings.DATABASE_REPLICA_MAX_LAG_SECONDS,
            }
        )
    return report
