"""Per-tier rate limits, per organization, on the shared cache (atomic; see apps.common.ratelimit)."""

from typing import Literal
from uuid import UUID

from django.core.cache import cache

from apps.common.exceptions import RateLimited
from apps.common.ratelimit import rate_limit_hit
from apps.subscriptions.models import Subscription
from apps.subscriptions.selectors import plan_free, subscription_effective_plan, subscription_for_organization

WINDOW_SECONDS = 60
_LIMITS_CACHE_SECONDS = 30

Kind = Literal["requests", "generations"]


def _limits_cache_key(organization_id: UUID | str) -> str:
    return f"org-rate-limits:{organization_id}"


def organization_rate_limits(*, organization_id: UUID | str) -> dict[str, int]:
    """The plan's per-minute limits of the organization, cached briefly (plans change rarely; a
    subscription change invalidates at once). An organization without a subscription gets Free's."""
    key = _limits_cache_key(organization_id)
    limits = cache.get(key)
    if limits is None:
        try:
            subscription = subscription_for_organization(organization_id=organization_id)
            plan = subscription_effective_plan(subscription=subscription)
        except (Subscription.DoesNotExist, ValueError):
            plan = plan_free()
        limits = {"requests": plan.requests_per_minute, "generations": plan.generations_per_minute}
        cache.set(key, limits, timeout=_LIMITS_CACHE_SECONDS)
    return limits


def organization_rate_limits_invalidate(*, organization_id: UUID | str) -> None:
    """Call after the organization's plan or subscription status changed."""
    cache.delete(_limits_cache_key(organization_id))


def organization_rate_limit_hit(*, organization_id: UUID | str, kind: Kind) -> None:
    """Count one request (or generation) of the organization; RateLimited (429) past the plan's limit."""
    limit = organization_rate_limits(organization_id=organization_id)[kind]
    result = rate_limit_hit(f"org:{organization_id}:{kind}", limit=limit, window=WINDOW_SECONDS)
    if not result.allowed:
        raise RateLimited(
            f"Your plan allows {limit} {kind.removesuffix('s') if limit == 1 else kind} per minute.",
            retry_after=result.retry_after,
            details={"limit": limit, "window_seconds": WINDOW_SECONDS},
        )
