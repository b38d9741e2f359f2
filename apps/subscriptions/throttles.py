"""Per-tier API rate limit: requests per minute per organization, as a DRF throttle.

Unlike DRF's ``SimpleRateThrottle`` (read the history, then write it back: concurrent requests that
read together all pass), every request is one atomic increment on the shared cache
(``apps.common.ratelimit``), so no more than the plan's ``requests_per_minute`` are admitted per
window whatever the concurrency.

Which organization a request counts against (cheap: one membership query, plan limits cached), the
same one the view's permission check is about:
1. the organization the view names through ``rate_limit_organization(request, kwargs)`` (the path's
   organization id, or the organization of the workspace, content or post the path or body points
   at: one indexed query), else ``organization_id`` from the query string, else from a JSON object
   body — if the user is a member of it;
2. otherwise the user's first organization (the personal one for most users): a foreign or unknown
   id is charged to the caller's own budget;
3. a user with no organization at all is counted on their own, with the Free plan's limit.
Anonymous requests (login, register, public plans, the Stripe webhook) are not counted here.
"""

from typing import Any
from uuid import UUID

from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from apps.common.ratelimit import rate_limit_hit
from apps.organizations.selectors import memberships_prefetch
from apps.subscriptions.ratelimits import WINDOW_SECONDS, organization_rate_limits
from apps.subscriptions.selectors import plan_free


def _as_uuid(raw: Any) -> UUID | None:
    try:
        return raw if isinstance(raw, UUID) else (UUID(str(raw)) if raw else None)
    except ValueError:
        return None


def _requested_organization_id(request: Request, view: Any = None) -> UUID | None:
    # The view names the organization its permission check is about (path id, or the content/post
    # the path or body points at) through ``rate_limit_organization(request, kwargs)``.
    resolve = getattr(view, "rate_limit_organization", None)
    if resolve is not None:
        wanted = _as_uuid(resolve(request, getattr(view, "kwargs", None) or {}))
        if wanted is not None:
            return wanted
    raw: Any = request.query_params.get("organization_id")
    if not raw and request.method in ("POST", "PUT", "PATCH"):
        data = request.data
        if isinstance(data, dict):
            raw = data.get("organization_id")
    return _as_uuid(raw)


def request_organization_id(request: Request, view: Any = None) -> UUID | None:
    """The organization a request is attributed to (see the module docstring); one query, whose
    rows also answer a read-only view's membership check (``memberships_prefetch``)."""
    wanted = _requested_organization_id(request, view)
    read_only = request.method in ("GET", "HEAD", "OPTIONS")
    memberships = [m.organization_id for m in memberships_prefetch(user=request.user, remember=read_only)]
    if wanted is not None and wanted in memberships:
        return wanted
    return memberships[0] if memberships else None


class PlanRateThrottle(BaseThrottle):
    """429 (with Retry-After) once the organization made more requests this minute than its plan allows."""

    def __init__(self) -> None:
        self._wait: int | None = None

    def allow_request(self, request: Request, view: Any) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return True
        organization_id = request_organization_id(request, view)
        if organization_id is None:
            key, limit = f"user:{user.pk}:requests", plan_free().requests_per_minute
        else:
            key = f"org:{organization_id}:requests"
            limit = organization_rate_limits(organization_id=organization_id)["requests"]
        result = rate_limit_hit(key, limit=limit, window=WINDOW_SECONDS)
        if not result.allowed:
            self._wait = result.retry_after
        return result.allowed

    def wait(self) -> float | None:
        return self._wait
