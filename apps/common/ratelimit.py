"""Atomic fixed-window rate limiting on the shared cache (Redis in full mode, local memory otherwise).

DRF's SimpleRateThrottle reads the history, then writes it back: two requests that read at the
same moment both pass. Here every hit is one atomic increment (Redis INCRBY; LocMemCache holds a
lock), so at most ``limit`` hits are admitted in a window whatever the concurrency. The window
starts at the first hit and lasts ``window`` seconds.
"""

import math
import time
from dataclasses import dataclass

from django.core.cache import cache


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


def rate_limit_hit(key: str, *, limit: int, window: int) -> RateLimitResult:
    """Count one hit against ``key``; ``allowed`` is False once more than ``limit`` hits fell in the window."""
    counter_key = f"rl:{key}"
    start_key = f"rl:{key}:start"
    now = time.time()
    if cache.add(counter_key, 0, timeout=window):
        cache.set(start_key, now, timeout=window)
    try:
        count = cache.incr(counter_key)
    except ValueError:  # the window expired between add() and incr()
        cache.add(counter_key, 0, timeout=window)
        cache.set(start_key, now, timeout=window)
        count = cache.incr(counter_key)
    started = cache.get(start_key) or now
    retry_after = max(1, math.ceil(started + window - now))
    return RateLimitResult(allowed=count <= limit, limit=limit, count=count, retry_after=retry_after)
