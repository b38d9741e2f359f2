"""The usage ledger: reserve → settle → release, with conditional updates.

Quota invariant (SPEC §5): for every period, tokens_used + tokens_reserved never passes the
plan's token limit through a reservation, whatever the concurrency. Each reservation is one
``UPDATE ... WHERE tokens_used + tokens_reserved + n <= limit``; PostgreSQL re-checks the WHERE
clause after waiting for a concurrent writer's row lock, so two callers cannot both take the
last tokens. Call ``usage_reserve`` outside any enclosing transaction: it commits at once, so no
row lock is held while the AI provider is called.

Settling records the provider's real count, even when it exceeds the reservation (then the
recorded usage may pass the limit, and the next reservation is refused). A reservation left HELD
by a process that died is given back by ``usage_release_stale`` (scheduled housekeeping).
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from apps.common.exceptions import QuotaExceeded
from apps.organizations.models import Organization
from apps.subscriptions.models import ReservationStatus, UsagePeriod, UsageReservation
from apps.subscriptions.selectors import (
    billing_period_bounds,
    subscription_effective_plan,
    subscription_for_organization,
)

logger = logging.getLogger(__name__)

_MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class Limits:
    tokens: int | None
    posts: int | None


def usage_period_current(*, organization_id) -> tuple[UsagePeriod, Limits]:
    """The organization's ledger row for the current billing period (created on first use)."""
    subscription = subscription_for_organization(organization_id=organization_id)
    plan = subscription_effective_plan(subscription=subscription)
    start, end = billing_period_bounds(subscription=subscription)
    period, created = UsagePeriod.objects.get_or_create(
        organization_id=organization_id, period_start=start, defaults={"period_end": end}
    )
    if not created and period.period_end != end:
        # A period rolled forward before Stripe's renewal arrived: keep the row, take Stripe's end.
        UsagePeriod.objects.filter(pk=period.pk).update(period_end=end)
        period.period_end = end
    return period, Limits(tokens=plan.monthly_token_limit, posts=plan.monthly_post_limit)


def _quota_error(*, kind: str, limit: int, used: int, reserved: int, period: UsagePeriod) -> QuotaExceeded:
    """402 quota_exceeded; ``used`` counts settled usage plus what calls in flight hold (``reserved``)."""
    return QuotaExceeded(
        f"Your plan's {kind} quota for this billing period is used up.",
        details={
            "quota": kind,
            "limit": limit,
            "used": used + reserved,
            "reserved": reserved,
            "resets_at": period.period_end.isoformat(),
        },
    )


def _tokens_error(period: UsagePeriod, limit: int) -> QuotaExceeded:
    return _quota_error(
        kind="tokens", limit=limit, used=period.tokens_used, reserved=period.tokens_reserved, period=period
    )


def _posts_error(period: UsagePeriod, limit: int) -> QuotaExceeded:
    return _quota_error(
        kind="posts", limit=limit, used=period.posts_used, reserved=period.posts_reserved, period=period
    )


def usage_reserve(
    *, organization: Organization, tokens: int, posts: int = 0, min_tokens: int | None = None
) -> UsageReservation:
    """Hold ``tokens`` (at least ``min_tokens``, at most ``tokens``: as many as remain) and ``posts``.

    Raises QuotaExceeded (402, details: quota, limit, used, reserved, resets_at) when not even
    ``min_tokens`` (at least 1 when ``tokens`` > 0) or the ``posts`` fit in what remains of the period.
    """
    if tokens < 0 or posts < 0 or (min_tokens is not None and min_tokens < 0):
        raise ValueError("tokens, posts and min_tokens must be >= 0")
    min_tokens = tokens if min_tokens is None else min(min_tokens, tokens)
    if tokens > 0:
        min_tokens = max(min_tokens, 1)  # a reservation of 0 tokens for a token-spending call is useless
    for _ in range(_MAX_ATTEMPTS):
        period, limits = usage_period_current(organization_id=organization.pk)
        amount = tokens
        if limits.tokens is not None and tokens > 0:
            remaining = limits.tokens - period.tokens_used - period.tokens_reserved
            amount = min(tokens, remaining)
            if amount < min_tokens:
                raise _tokens_error(period, limits.tokens)
        if limits.posts is not None and posts > 0:
            if period.posts_used + period.posts_reserved + posts > limits.posts:
                raise _posts_error(period, limits.posts)
        # The same conditions again, evaluated by the database on the row's latest version.
        rows = UsagePeriod.objects.filter(pk=period.pk)
        if limits.tokens is not None and amount > 0:
            rows = rows.filter(tokens_used__lte=limits.tokens - amount - F("tokens_reserved"))
        if limits.posts is not None and posts > 0:
            rows = rows.filter(posts_used__lte=limits.posts - posts - F("posts_reserved"))
        with transaction.atomic():
            updated = rows.update(
                tokens_reserved=F("tokens_reserved") + amount,
                posts_reserved=F("posts_reserved") + posts,
                updated_at=timezone.now(),
            )
            if updated:
                return UsageReservation.objects.create(period=period, tokens=amount, posts=posts)
        # Lost a race (what we read was taken meanwhile): read the period again and retry.
    period, limits = usage_period_current(organization_id=organization.pk)
    if limits.posts is not None and posts > 0 and period.posts_used + period.posts_reserved + posts > limits.posts:
        raise _posts_error(period, limits.posts)
    raise _tokens_error(period, limits.tokens or 0)


@transaction.atomic
def usage_settle(*, reservation: UsageReservation, tokens: int, posts: int | None = None) -> bool:
    """Turn a held reservation into real usage (``tokens`` as reported by the provider).
    Returns False when the reservation was already settled or released (nothing changes).
    A count above the reservation is recorded as reported (never hidden); the period may then
    exceed its limit, and the next reservation is refused."""
    posts = reservation.posts if posts is None else posts
    if tokens < 0 or posts < 0:
        raise ValueError("tokens and posts must be >= 0")
    closed = UsageReservation.objects.filter(pk=reservation.pk, status=ReservationStatus.HELD).update(
        status=ReservationStatus.SETTLED, tokens_settled=tokens, closed_at=timezone.now()
    )
    if not closed:
        return False
    if tokens > reservation.tokens:
        logger.warning(
            "provider reported more tokens than reserved",
            extra={"reservation_id": str(reservation.pk), "reserved": reservation.tokens, "reported": tokens},
        )
    UsagePeriod.objects.filter(pk=reservation.period_id).update(
        tokens_reserved=F("tokens_reserved") - reservation.tokens,
        tokens_used=F("tokens_used") + tokens,
        posts_reserved=F("posts_reserved") - reservation.posts,
        posts_used=F("posts_used") + posts,
        updated_at=timezone.now(),
    )
    return True


@transaction.atomic
def usage_release(*, reservation: UsageReservation) -> bool:
    """Give back a held reservation (the provider call failed: nothing is spent)."""
    closed = UsageReservation.objects.filter(pk=reservation.pk, status=ReservationStatus.HELD).update(
        status=ReservationStatus.RELEASED, closed_at=timezone.now()
    )
    if not closed:
        return False
    UsagePeriod.objects.filter(pk=reservation.period_id).update(
        tokens_reserved=F("tokens_reserved") - reservation.tokens,
        posts_reserved=F("posts_reserved") - reservation.posts,
        updated_at=timezone.now(),
    )
    return True


def usage_release_stale(*, older_than: timedelta) -> int:
    """Release every reservation still HELD after ``older_than`` (its process died between reserve
    and settle/release). Each release is conditional, so a late settle or a concurrent run is safe.
    Returns how many were released."""
    cutoff = timezone.now() - older_than
    stale = UsageReservation.objects.filter(status=ReservationStatus.HELD, created_at__lt=cutoff).only(
        "pk", "period_id", "tokens", "posts"
    )
    released = 0
    for reservation in stale.iterator(chunk_size=500):
        if usage_release(reservation=reservation):
            released += 1
    if released:
        logger.info("released stale usage reservations", extra={"count": released})
    return released
