"""Per-tier rate limits per organization: the plan's per-minute rates, their check, and the DRF throttle.

Each plan carries ``requests_per_minute`` (every authenticated API request, ``PlanRateThrottle``)
and ``generations_per_minute`` (AI generations, checked by the content services through
``organization_rate_limit_hit``). Unlike DRF's ``SimpleRateThrottle`` (read the history, then write
it back: concurrent requests that read together all pass), every hit is one atomic increment on the
shared cache (``apps.common.ratelimit``), so no more than the plan allows are admitted per window
whatever the concurrency.

Which organization a request counts against (cheap: one membership query, plan limits cached), the
same one the view's permission check is about:
1. the organization the view names through ``rate_limit_organization(request, kwargs)`` (the path's
   organization id, or the organization of the workspace, content or post the path or body points
   at: one indexed query), else ``organization_id`` from the query string, else from a JSON object
   body — if the user is a member of it;
2. otherwise the user's first organization (the personal one for most users): a foreign or unknown
   id is charged to the caller's own budget;
3. a user with no organization at all is counted on their own, with the Free plan's limit.
A request authenticated with an API key is counted on the key's own bucket, at the rate of its
organization's plan (docs/api-keys.md).
Anonymous requests (login, register, public plans, the Stripe webhook) are not counted here.
"""

from typing import Any, Literal
from uuid import UUID

from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from apps.common.exceptions import RateLimited
from apps.common.ratelimit import rate_limit_count, rate_limit_hit, rate_limit_report
from apps.organizations.authentication import request_api_key
from apps.organizations.selectors import memberships_prefetch
from apps.subscriptions.models import Subscription
from apps.subscriptions.plan_cache import rate_limits_cache
from apps.subscriptions.selectors import plan_free, subscription_effective_plan, subscription_for_organization

WINDOW_SECONDS = 60

Kind = Literal["requests", "generations"]


# ---------------------------------------------------------------------------
# The plan's rates of an organization, and one hit against them
# ---------------------------------------------------------------------------
def _limits_cache_key(organization_id: UUID | str) -> str:
    """The cache key of the organization's rates (the entry: ``plan_cache.rate_limits_cache``)."""
    return rate_limits_cache.key(organization_id)


def organization_rate_limits(*, organization_id: UUID | str, cached: dict[str, Any] | None = None) -> dict[str, int]:
    """The plan's per-minute limits of the organization, from the shared cache (one round trip for
    the entry and its versions; none when the caller read ``organization_rate_limits_keys`` already
    and passes them as ``cached``). Exact across processes: a subscription change
    (``organization_rate_limits_invalidate``) or any plan edit (``plan_cache.plans_forget``) voids it
    at once (``apps.subscriptions.plan_cache``). An organization without a subscription gets Free's."""

    def load() -> dict[str, int]:
        try:
            subscription = subscription_for_organization(organization_id=organization_id)
            plan = subscription_effective_plan(subscription=subscription)
        except (Subscription.DoesNotExist, ValueError):
            plan = plan_free()
        return {"requests": plan.requests_per_minute, "generations": plan.generations_per_minute}

    return dict(rate_limits_cache.get(organization_id, load, cached=cached))


def organization_rate_limits_keys(*, organization_id: UUID | str) -> list[str]:
    """The cache keys ``organization_rate_limits`` reads."""
    return rate_limits_cache.keys(organization_id)


def _rate_hit(key: str, *, organization_id: UUID | str, kind: Kind) -> tuple[bool, int, int]:
    """One hit counted on ``key`` against the organization's per-minute rate of ``kind``: the hit and
    the read of the cached rate in one round trip (``rate_limit_count``).
    Returns (allowed, retry after, the limit)."""
    count, retry_after, cached = rate_limit_count(
        key, window=WINDOW_SECONDS, reading=organization_rate_limits_keys(organization_id=organization_id)
    )
    limit = organization_rate_limits(organization_id=organization_id, cached=cached)[kind]
    rate_limit_report(policy=kind, limit=limit, count=count, window=WINDOW_SECONDS, reset=retry_after)
    return count <= limit, retry_after, limit


def organization_rate_limits_invalidate(*, organization_id: UUID | str) -> None:
    """Call when the organization's plan or subscription status changes (at once and after the commit)."""
    rate_limits_cache.forget([organization_id])


def organization_rate_limit_hit(*, organization_id: UUID | str, kind: Kind) -> None:
    """Count one request (or generation) of the organization; RateLimited (429) past the plan's limit."""
    allowed, retry_after, limit = _rate_hit(f"org:{organization_id}:{kind}", organization_id=organization_id, kind=kind)
    if not allowed:
        raise RateLimited(
            f"Your plan allows {limit} {kind.removesuffix('s') if limit == 1 else kind} per minute.",
            retry_after=retry_after,
            details={"limit": limit, "window_seconds": WINDOW_SECONDS},
        )


# ---------------------------------------------------------------------------
# The DRF throttle: requests per minute
# ---------------------------------------------------------------------------
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
    """The organization a request is attributed to (see the module docstring): the user's
    memberships from the shared cache (one query on a miss), which a read-only request keeps as
    ``request.memberships`` for its view's membership checks (``memberships_prefetch``)."""
    wanted = _requested_organization_id(request, view)
    read_only = request.method in ("GET", "HEAD", "OPTIONS")
    memberships = [m.organization_id for m in memberships_prefetch(user=request.user, keep=read_only)]
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
        api_key = request_api_key(request)
        if api_key is not None:
            # Each API key has its own bucket, at its organization's plan rate: a runaway script
            # exhausts its key, not the people's budget of the organization.
            allowed, retry_after, _ = _rate_hit(
                f"apikey:{api_key.pk}:requests", organization_id=api_key.organization_id, kind="requests"
            )
        else:
            organization_id = request_organization_id(request, view)
            if organization_id is None:
                limit = plan_free().requests_per_minute
                result = rate_limit_hit(f"user:{user.pk}:requests", limit=limit, window=WINDOW_SECONDS)
                rate_limit_report(
                    policy="requests", limit=limit, count=result.count, window=WINDOW_SECONDS, reset=result.retry_after
                )
                allowed, retry_after = result.allowed, result.retry_after
            else:
                allowed, retry_after, _ = _rate_hit(
                    f"org:{organization_id}:requests", organization_id=organization_id, kind="requests"
                )
        if not allowed:
            self._wait = retry_after
        return allowed

    def wait(self) -> float | None:
        return self._wait
