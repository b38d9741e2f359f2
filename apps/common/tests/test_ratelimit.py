"""apps.common.ratelimit on every cache: a fixed window that starts at the first hit, the limit
admitted exactly, Retry-After within the window, and a fresh window once it expired. On Redis it is
one atomic script (INCR + PEXPIRE + PTTL), which must never leave a counter without expiry."""

import hashlib
import os
import time
import uuid

import pytest
from django.core.cache import cache, caches

from apps.common.ratelimit import rate_limit_count, rate_limit_hit

REDIS_URL = os.environ.get("REDIS_URL", "")
BACKENDS = {
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit-tests"},
    "file": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache"},  # LOCATION: the test's
    "redis": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "ratelimit-tests",
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
    },
}


@pytest.fixture(
    params=[
        "locmem",
        "file",  # the embedded mode
        pytest.param("redis", marks=pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL unset")),
    ]
)
def backend(request, settings, tmp_path):
    settings.CACHES = {"default": {"LOCATION": str(tmp_path / "cache"), **BACKENDS[request.param]}}
    return request.param


def test_rate_limit_hit_admits_the_limit_then_refuses_within_the_window(backend):
    key = f"test-{uuid.uuid4().hex}"

    results = [rate_limit_hit(key, limit=3, window=30) for _ in range(5)]

    assert [r.allowed for r in results] == [True, True, True, False, False]
    assert [r.count for r in results] == [1, 2, 3, 4, 5]
    assert all(1 <= r.retry_after <= 30 for r in results)


def test_rate_limit_hit_starts_a_new_window_after_expiry(backend):
    key = f"test-{uuid.uuid4().hex}"
    assert [rate_limit_hit(key, limit=1, window=1).allowed for _ in range(2)] == [True, False]

    time.sleep(1.2)

    assert rate_limit_hit(key, limit=1, window=1).allowed


@pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL unset")
def test_rate_limit_hit_on_redis_repairs_a_counter_without_expiry(settings):
    settings.CACHES = {"default": BACKENDS["redis"]}
    key = f"test-{uuid.uuid4().hex}"
    client = caches["default"].client.get_client(write=True)
    raw_key = cache.make_key(f"rl:{key}")
    client.set(raw_key, 7)  # e.g. left by a crash between two commands of an older version

    result = rate_limit_hit(key, limit=100, window=30)

    assert (result.allowed, result.count) == (True, 8)
    assert 0 < client.pttl(raw_key) <= 30_000
    client.delete(raw_key)


@pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL unset")
def test_rate_limit_and_cache_calls_from_many_threads_share_one_redis_client(settings):
    """Django builds a cache backend per thread (per request under the ASGI server): they share one
    redis-py client and one script, so the process does not grow with the requests it served."""
    import threading

    from apps.common import cache as resilient_cache
    from apps.common import ratelimit

    settings.CACHES = {
        "default": {**BACKENDS["redis"], "BACKEND": "apps.common.cache.ResilientRedisCache"},
    }
    key = f"test-{uuid.uuid4().hex}"
    clients = []

    def one_request():
        rate_limit_hit(key, limit=1000, window=30)
        caches["default"].get("anything")
        clients.append(caches["default"].client)

    for _ in range(3):
        threads = [threading.Thread(target=one_request) for _ in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if _ == 0:
            shared_after_first = dict(resilient_cache._shared_clients)

    assert len({id(client) for client in clients}) == 1
    assert resilient_cache._shared_clients == shared_after_first
    assert ratelimit._redis_script is not None
    assert rate_limit_hit(key, limit=1000, window=30).count == 31


def test_rate_limit_count_counts_like_rate_limit_hit_and_reads_the_keys_in_the_same_call(backend):
    key = f"test-{uuid.uuid4().hex}"
    cache.set("rl-read-a", {"requests": 3}, timeout=30)

    results = [rate_limit_count(key, window=30, reading=["rl-read-a", "rl-read-missing"]) for _ in range(4)]

    assert [count for count, _, _ in results] == [1, 2, 3, 4]
    assert all(1 <= retry_after <= 30 for _, retry_after, _ in results)
    assert all(values == {"rl-read-a": {"requests": 3}} for _, _, values in results)
    assert rate_limit_hit(key, limit=5, window=30).count == 5  # one counter for both functions


@pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL unset")
def test_rate_limit_count_loads_its_script_when_redis_does_not_have_it(settings, monkeypatch):
    from apps.common import ratelimit

    settings.CACHES = {"default": BACKENDS["redis"]}
    script = ratelimit._REDIS_HIT + f"-- {uuid.uuid4().hex}\n"  # a script this server never saw
    monkeypatch.setattr(ratelimit, "_REDIS_HIT", script)
    monkeypatch.setattr(ratelimit, "_REDIS_HIT_SHA", hashlib.sha1(script.encode()).hexdigest())
    key = f"test-{uuid.uuid4().hex}"

    assert [rate_limit_count(key, window=30, reading=[])[0] for _ in range(2)] == [1, 2]
