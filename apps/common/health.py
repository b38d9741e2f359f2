"""Liveness and readiness probes for load balancers."""

import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from apps.common.outages import degraded_log
from apps.common.registry import Registry

# Extra readiness reports filled by higher apps from their hooks.install() (the analytics app
# reports its read replicas). Informational: they never turn the probe into a 503.
_REPORTS: Registry[Callable[[], Any]] = Registry("apps.common.health.reports")


def register_report(name: str, report: Callable[[], Any]) -> None:
    """Add ``name: report()`` to /health/ready's answer (a JSON-serializable value; None: left out);
    the same name again replaces it."""
    _REPORTS.add(name, report)


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
    body: dict[str, Any] = {"status": "ok" if ok else "unavailable", "checks": checks}
    for name, report in _REPORTS.items():
        try:
            value = report()
            if value is not None:  # None: nothing to report (e.g. no replica configured)
                body[name] = value
        except Exception as exc:  # noqa: BLE001 - a report never fails the probe
            degraded_log(f"health:report:{name}", f"readiness: report {name} failed", exc=exc)
            body[name] = "unavailable"
    return JsonResponse(body, status=200 if ok else 503)
