"""Liveness and readiness probes for load balancers."""

import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from apps.common.outages import degraded_log


@require_GET
def live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@require_GET
def ready(request: HttpRequest) -> JsonResponse:
    checks = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        # Load balancers probe every few seconds: one line per interval, not per probe.
        degraded_log("health:database", "readiness: database unreachable", exc=exc)
        checks["database"] = "unavailable"
    try:
        probe = f"health:{uuid.uuid4().hex}"
        cache.set(probe, "1", timeout=5)
        if cache.get(probe) != "1":
            raise RuntimeError("cache did not return the probe value")
        cache.delete(probe)
    except Exception as exc:  # noqa: BLE001
        degraded_log("health:cache", "readiness: cache unreachable", exc=exc)
        checks["cache"] = "unavailable"
    ok = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if ok else "unavailable", "checks": checks}, status=200 if ok else 503)
