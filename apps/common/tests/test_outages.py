"""Outages of Redis and PostgreSQL, in process: Redis unreachable is a cache miss and per-process
rate limits (logged once per interval), PostgreSQL unreachable is 503 database_unavailable with
Retry-After. Nothing is mocked on our side: the caches point at a closed port and the database
connection at an unreachable server. The real outages (servers stopped under gunicorn) are
scripts/outage_test.py, run by .ci/run."""

import logging
import os
import time
import uuid

import pytest
from django.db import InterfaceError, OperationalError, ProgrammingError
from django.test import override_settings

from apps.common.handlers import api_error
from apps.common.outages import database_unavailable, degraded_log, outages_reset, redis_breaker
from apps.common.ratelimit import local_counters_reset, rate_limit_count, rate_limit_hit
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db

_CLOSED = {"LOCATION": "redis://127.0.0.1:1/0", "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 0.25}}
CLOSED_PLAIN_REDIS = {"default": {"BACKEND": "django_redis.cache.RedisCache", **_CLOSED}}
CLOSED_RESILIENT_REDIS = {"default": {"BACKEND": "apps.common.cache.ResilientRedisCache", **_CLOSED}}


@pytest.fixture(autouse=True)
def _fresh_outage_state():
    outages_reset()
    local_counters_reset()
    yield
    outages_reset()
    local_counters_reset()


def _outage_warnings(caplog):
    return [r for r in caplog.records if r.name == "apps.outages" and r.levelno == logging.WARNING]


# --- Redis: the rate limiter ------------------------------------------------------------------


def test_rate_limit_count_falls_back_to_the_per_process_counter_when_redis_is_unreachable(caplog):
    key = f"test-{uuid.uuid4().hex}"
    with override_settings(CACHES=CLOSED_RESILIENT_REDIS), caplog.at_level(logging.WARNING, logger="apps.outages"):
        results = [rate_limit_count(key, window=30, reading=["anything"]) for _ in range(3)]

    assert [(count, values) for count, _, values in results] == [(1, {}), (2, {}), (3, {})]
    assert redis_breaker.down


@pytest.mark.parametrize("caches", [CLOSED_PLAIN_REDIS, CLOSED_RESILIENT_REDIS], ids=["django-redis", "resilient"])
def test_rate_limit_hit_falls_back_to_a_per_process_counter_when_redis_is_unreachable(caches, caplog):
    key = f"test-{uuid.uuid4().hex}"
    with override_settings(CACHES=caches), caplog.at_level(logging.WARNING, logger="apps.outages"):
        started = time.monotonic()
        results = [rate_limit_hit(key, limit=3, window=30) for _ in range(5)]
        elapsed = time.monotonic() - started

    assert [r.allowed for r in results] == [True, True, True, False, False]  # protection kept
    assert [r.count for r in results] == [1, 2, 3, 4, 5]
    assert 1 <= results[-1].retry_after <= 30
    assert elapsed < 1.0  # one refused connection, then the breaker: no call is tried
    assert len(_outage_warnings(caplog)) == 1  # logged once, not per hit
    assert redis_breaker.down


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL unset: the test cache is a file cache")
def test_rate_limit_hit_returns_to_redis_once_the_breaker_closes(settings):
    settings.REDIS_RETRY_SECONDS = 0.0
    key = f"test-{uuid.uuid4().hex}"
    with override_settings(CACHES=CLOSED_PLAIN_REDIS):
        rate_limit_hit(key, limit=3, window=30)
    assert redis_breaker.down

    rate_limit_hit(key, limit=3, window=30)  # the test cache, a live Redis, answers

    assert not redis_breaker.down


def test_degraded_log_logs_once_per_interval_per_kind(settings, caplog):
    settings.OUTAGE_LOG_INTERVAL_SECONDS = 60
    with caplog.at_level(logging.WARNING, logger="apps.outages"):
        logged = [degraded_log("redis:cache", "down"), degraded_log("redis:cache", "down"), degraded_log("db", "down")]

    assert logged == [True, False, True]
    assert len(_outage_warnings(caplog)) == 2


# --- Redis: the API keeps serving ---------------------------------------------------------------


def test_api_serves_from_the_database_when_redis_is_unreachable(user, caplog):
    client = client_for(user)
    with override_settings(CACHES=CLOSED_RESILIENT_REDIS), caplog.at_level(logging.WARNING, logger="apps.outages"):
        started = time.monotonic()
        profile = client.get("/api/v1/auth/profile/")
        organizations = client.get("/api/v1/organizations/")
        plans = client.get("/api/v1/subscriptions/plans/")
        elapsed = time.monotonic() - started

    assert (profile.status_code, organizations.status_code, plans.status_code) == (200, 200, 200)
    assert profile.json()["email"] == user.email
    assert elapsed < 2.0
    assert 1 <= len(_outage_warnings(caplog)) <= 2  # cache and rate limits, once each


def test_login_throttle_still_refuses_when_redis_is_unreachable(api_client, user, settings):
    settings.LOGIN_RATE_PER_EMAIL = "2/minute"
    body = {"email": user.email, "password": "correct-horse-battery-9"}
    with override_settings(CACHES=CLOSED_RESILIENT_REDIS):
        statuses = [api_client.post("/api/v1/auth/login/", body, format="json").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


# --- PostgreSQL ---------------------------------------------------------------------------------


def test_api_error_maps_an_unreachable_database_to_503_with_retry_after():
    exc = OperationalError("connection failed: Connection refused")

    error = api_error(exc)

    assert error.status == 503
    assert error.body == {
        "error": {
            "code": "database_unavailable",
            "message": "The database is unavailable right now. Try again after Retry-After seconds.",
            "details": {"retry_after": 5},
        }
    }
    assert error.headers == {"Retry-After": "5"}
    assert error.logged  # once per interval by apps.outages; Django must not log each 503


class _Cause(Exception):
    def __init__(self, sqlstate):
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("exc", "sqlstate", "expected"),
    [
        (OperationalError, None, True),  # refused, timed out, terminated: libpq gives no SQLSTATE
        (OperationalError, "08006", True),  # connection failure
        (OperationalError, "57P01", True),  # admin shutdown
        (OperationalError, "57P03", True),  # cannot connect now (starting up)
        (OperationalError, "53300", True),  # too many connections
        (OperationalError, "40P01", False),  # deadlock: a 500 to fix, not an outage
        (InterfaceError, None, True),  # connection already closed
        (ProgrammingError, None, False),
    ],
)
def test_database_unavailable_tells_outages_from_faulty_queries(exc, sqlstate, expected):
    error = exc("boom")
    if sqlstate:
        error.__cause__ = _Cause(sqlstate)

    assert database_unavailable(error) is expected


def test_api_answers_503_database_unavailable_when_the_database_is_unreachable(user, caplog):
    client = client_for(user)
    from django.db import connections

    original = connections["default"]
    try:
        with caplog.at_level(logging.WARNING):
            connections["default"] = _broken(original)
            started = time.monotonic()
            response = client.get("/api/v1/organizations/")
            elapsed = time.monotonic() - started
    finally:
        connections["default"] = original

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["error"]["code"] == "database_unavailable"
    assert elapsed < 2.5
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]  # no 500, no trace


def _broken(original):
    from django.db.utils import load_backend

    settings_dict = dict(original.settings_dict)
    if original.vendor == "postgresql":
        settings_dict.update(PORT="1", HOST="127.0.0.1")
        # A direct connection: the pool is per alias and would hand out the working one. What the
        # pool does while PostgreSQL is down is proven against a real stopped server by
        # scripts/outage_test.py (run by .ci/run).
        settings_dict["OPTIONS"] = {k: v for k, v in settings_dict.get("OPTIONS", {}).items() if k != "pool"}
    else:
        settings_dict["NAME"] = "/nonexistent-directory/db.sqlite3"
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")
