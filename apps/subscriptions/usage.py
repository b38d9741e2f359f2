"""The usage ledger: reserve → settle → release, with conditional updates.

Quota invariant (SPEC §5): a request is admitted while ``used + reserved < limit`` and then holds
its whole upper bound, so of simultaneous requests near the limit at most one crosses it and none
is admitted after it: usage never exceeds the limit by more than one reservation. Each admission is
one ``UPDATE ... SET reserved = reserved + n WHERE used + reserved < limit``; PostgreSQL re-checks
the WHERE clause after waiting for a concurrent writer's row lock, so two callers cannot both pass
the line. Call ``usage_reserve`` outside any enclosing transaction: it commits at once, so no
row lock is held while the AI provider is called.

Settling records the provider's real count, even when it exceeds the reservation or the limit
(then the next reservation is refused). A reservation left HELD
by a process that died is given back by ``usage_release_stale`` (scheduled housekeeping).
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from apps.common.events import emit
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
    allowance_withheld: bool = False  # a Free organization other than a personal one


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
    return period, Limits(
        tokens=plan.monthly_token_limit,
        posts=plan.monthly_post_limit,
        allowance_withheld=getattr(plan, "allowance_withheld", False),
    )


def _quota_error(
    *, kind: str, limit: int, used: int, reserved: int, period: UsagePeriod, withheld: bool = False
) -> QuotaExceeded:
    """402 quota_exceeded that tells the truth: settled usage, what calls in flight hold, the limit
    and when the period resets (details: quota, limit, used, reserved, resets_at)."""
    resets_at = period.period_end.isoformat()
    noun = "tokens" if kind == "tokens" else "posts"
    if withheld:
        message = (
            "The Free plan's monthly allowance goes to your personal organization only. Upgrade this "
            "organization (POST /api/v1/subscriptions/create-checkout-session/) to generate content in it."
        )
    elif limit == 0:
        message = f"This organization's plan includes no {noun}. Upgrade the organization's plan to generate content."
    else:
        message = f"This organization has used {used} of its {limit} {noun} for this billing period"
        if reserved:
            message += f", and {reserved} more are held by generations in progress"
        message += f". New generations can start when the period resets at {resets_at}, or after an upgrade."
    return QuotaExceeded(
        message,
        details={"quota": kind, "limit": limit, "used": used, "reserved": reserved, "resets_at": resets_at},
    )


def _refusal(
    period: UsagePeriod, limits: Limits, *, tokens: int, posts: int, posts_whole: bool = False
) -> QuotaExceeded | None:
    """The error a request for ``tokens``/``posts`` gets against ``period`` as read, or None if it is
    admissible. ``posts_whole``: every post asked must fit under the limit (a campaign), not just one."""
    posts_needed = posts if posts_whole else 1
    if (
        limits.posts is not None
        and posts > 0
        and period.posts_used + period.posts_reserved + posts_needed > limits.posts
    ):
        return _quota_error(
            kind="posts",
            limit=limits.posts,
            used=period.posts_used,
            reserved=period.posts_reserved,
            period=period,
            withheld=limits.allowance_withheld,
        )
    if limits.tokens is not None and tokens > 0 and period.tokens_used + period.tokens_reserved >= limits.tokens:
        return _quota_error(
            kind="tokens",
            limit=limits.tokens,
            used=period.tokens_used,
            reserved=period.tokens_reserved,
            period=period,
            withheld=limits.allowance_withheld,
        )
    return None


def usage_reserve(*, organization: Organization, tokens: int, posts: int = 0) -> UsageReservation:
    """Admit one request and hold its whole upper bound: ``tokens`` (prompt estimate + output cap)
    and ``posts`` (1 for a new piece of content).

    Admission (SPEC §5 "Quota invariant"): while ``used + reserved < limit`` for each limited quota
    the request spends. The full bound is held even when it crosses the limit, in ONE conditional
    UPDATE, so of simultaneous requests near the limit at most one crosses it and none is admitted
    after it. Raises QuotaExceeded (402, details: quota, limit, used, reserved, resets_at) otherwise.
    """
    return _reserve(organization=organization, requests=[{"tokens": tokens, "posts": posts}], posts_whole=False)[0]


def usage_reserve_many(*, organization: Organization, requests: list[dict[str, int]]) -> list[UsageReservation]:
    """Admit several requests together, all or nothing (a campaign: one generation per platform),
    and hold each one's bound in its own reservation (settled or released one by one, as a
    single generation's). ``requests``: ``[{"tokens": ..., "posts": ...}, ...]``.

    One conditional UPDATE for all: admitted while ``tokens used + reserved < limit`` (as one
    request: the whole bound of every request is held, so the campaign that crosses the token
    limit crosses it by at most its own total reservation) and while EVERY post asked fits
    (``posts used + reserved + posts asked <= limit``: a campaign never crosses the post limit).
    Raises QuotaExceeded (402) and holds nothing otherwise."""
    return _reserve(organization=organization, requests=requests, posts_whole=True)


def _reserve(
    *, organization: Organization, requests: list[dict[str, int]], posts_whole: bool
) -> list[UsageReservation]:
    tokens = sum(r["tokens"] for r in requests)
    posts = sum(r.get("posts", 0) for r in requests)
    if not requests or any(r["tokens"] < 0 or r.get("posts", 0) < 0 for r in requests):
        raise ValueError("tokens and posts must be >= 0")
    posts_needed = posts if posts_whole else min(posts, 1)
    for _ in range(_MAX_ATTEMPTS):
        period, limits = usage_period_current(organization_id=organization.pk)
        refusal = _refusal(period, limits, tokens=tokens, posts=posts, posts_whole=posts_whole)
        if refusal is not None:
            raise refusal
        # The admission rule again, evaluated by the database on the row's latest version.
        rows = UsagePeriod.objects.filter(pk=period.pk)
        if limits.tokens is not None and tokens > 0:
            rows = rows.filter(tokens_used__lt=limits.tokens - F("tokens_reserved"))
        if limits.posts is not None and posts > 0:
            rows = rows.filter(posts_used__lte=limits.posts - F("posts_reserved") - posts_needed)
        with transaction.atomic():
            updated = rows.update(
                tokens_reserved=F("tokens_reserved") + tokens,
                posts_reserved=F("posts_reserved") + posts,
                updated_at=timezone.now(),
            )
            if updated:
                return [
                    UsageReservation.objects.create(period=period, tokens=r["tokens"], posts=r.get("posts", 0))
                    for r in requests
                ]
        # Another request crossed the line meanwhile (or the period rolled): read again.
    period, limits = usage_period_current(organization_id=organization.pk)
    raise _refusal(period, limits, tokens=tokens, posts=posts, posts_whole=posts_whole) or _quota_error(
        kind="tokens",
        limit=limits.tokens or 0,
        used=period.tokens_used,
        reserved=period.tokens_reserved,
        period=period,
    )


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
    if tokens or posts:
        usage_thresholds_emit(period_id=reservation.period_id)
    return True


QUOTA_THRESHOLDS = (80, 100)


def usage_thresholds_emit(*, period_id: int) -> list[tuple[str, int]]:
    """Emit ``quota.threshold`` for each threshold (80 %, 100 %) of each quota the period has reached
    and not yet announced: once per period each, whoever settles concurrently (one conditional UPDATE
    per threshold decides). In the caller's transaction. Returns what was emitted."""
    period = UsagePeriod.objects.get(pk=period_id)
    plan = subscription_effective_plan(
        subscription=subscription_for_organization(organization_id=period.organization_id)
    )
    emitted = []
    for quota, used, limit in (
        ("tokens", period.tokens_used, plan.monthly_token_limit),
        ("posts", period.posts_used, plan.monthly_post_limit),
    ):
        if not limit:
            continue
        field = f"{quota}_threshold_notified"
        for threshold in QUOTA_THRESHOLDS:
            if used * 100 < limit * threshold:
                break
            if not UsagePeriod.objects.filter(pk=period.pk, **{f"{field}__lt": threshold}).update(**{field: threshold}):
                continue
            emit(
                "quota.threshold",
                organization_id=period.organization_id,
                target=("usage_period", period.pk),
                data={
                    "quota": quota,
                    "threshold_percent": threshold,
                    "used": used,
                    "limit": limit,
                    "period_start": period.period_start.isoformat(),
                    "period_end": period.period_end.isoformat(),
                },
            )
            emitted.append((quota, threshold))
    return emitted


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
