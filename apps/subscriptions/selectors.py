"""Reads on plans and subscriptions: the plan in force, the current billing period, usage summaries."""

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from apps.organizations.models import Role, Workspace
from apps.organizations.selectors import membership_require, organization_seats_taken
from apps.subscriptions.models import Plan, Subscription, SubscriptionStatus, UsagePeriod
from apps.subscriptions.storage_usage import storage_used_for
from apps.users.models import User

FREE_PLAN_SLUG = "free"

# Statuses that no longer give the paid plan's limits: the organization falls back to Free,
# keeping all its data. ``past_due`` keeps the paid limits while Stripe retries the payment;
# once Stripe gives up, the subscription becomes ``unpaid`` or ``canceled`` and Free applies.
LAPSED_STATUSES = {
    SubscriptionStatus.CANCELED,
    SubscriptionStatus.INCOMPLETE,
    SubscriptionStatus.INCOMPLETE_EXPIRED,
    SubscriptionStatus.UNPAID,
    SubscriptionStatus.PAUSED,
}
# Statuses of a subscription that is (still) being paid for: a second checkout is refused.
PAYING_STATUSES = {SubscriptionStatus.ACTIVE, SubscriptionStatus.TRIALING, SubscriptionStatus.PAST_DUE}

# Safety bound when rolling a Stripe period forward (see billing_period_bounds).
_MAX_ROLLOVERS = 36


def plan_free() -> Plan:
    return Plan.objects.get(slug=FREE_PLAN_SLUG)


def plan_list_active() -> QuerySet[Plan]:
    return Plan.objects.filter(is_active=True).order_by("sort_order", "price_cents")


def plan_price_id(*, plan: Plan) -> str:
    """The Stripe price of a plan: ``Plan.stripe_price_id``, else ``STRIPE_PRICE_ID_<SLUG>``."""
    return plan.stripe_price_id or getattr(settings, f"STRIPE_PRICE_ID_{plan.slug.upper()}", "") or ""


def plan_for_price_id(*, price_id: str, plans: Iterable[Plan] | None = None) -> Plan | None:
    """The (paid) plan sold at a Stripe price id, or None for a price we do not know. ``plans``: all
    the plans, when the caller has them already (no query then)."""
    if not price_id:
        return None
    for plan in Plan.objects.exclude(price_cents=0) if plans is None else plans:
        if plan.price_cents != 0 and plan_price_id(plan=plan) == price_id:
            return plan
    return None


def subscription_for_organization(*, organization_id: UUID | str) -> Subscription:
    return Subscription.objects.select_related("plan", "organization").get(organization_id=organization_id)


def plan_without_allowance(*, plan: Plan) -> Plan:
    """``plan`` with no monthly tokens, posts or image credits (an in-memory copy, never saved): what a Free
    organization other than a personal one gets (docs/billing.md, "One Free allowance per account")."""
    withheld = copy.copy(plan)
    withheld.monthly_token_limit = 0
    withheld.monthly_post_limit = 0
    withheld.monthly_image_limit = 0
    withheld.allowance_withheld = True
    return withheld


def subscription_effective_plan(*, subscription: Subscription) -> Plan:
    """The plan whose limits apply now: the subscribed plan, or Free once the subscription lapsed.

    One Free allowance per account: the Free plan's monthly tokens and posts go to personal
    organizations only (one per user, created at registration). Any other organization on Free
    (created through the API, or a paid one that lapsed) keeps Free's other limits but gets no
    monthly allowance until it is upgraded, so creating organizations cannot multiply it.
    """
    plan = subscription.plan
    if subscription.status in LAPSED_STATUSES and not plan.is_free:
        plan = plan_free()
    if plan.is_free and not subscription.organization.is_personal:
        return plan_without_allowance(plan=plan)
    return plan


def subscription_is_paying(*, subscription: Subscription) -> bool:
    return not subscription.plan.is_free and subscription.status in PAYING_STATUSES


def _month_bounds(now: datetime) -> tuple[datetime, datetime]:
    start = now.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)
    return start, end


def billing_period_bounds(*, subscription: Subscription, now: datetime | None = None) -> tuple[datetime, datetime]:
    """Stripe's current period for a paid plan in force; the calendar month (UTC) otherwise.

    When a paid period has ended but the renewal event has not arrived yet, the period is rolled
    forward by its own length: Stripe's next period starts exactly where the last one ended, so the
    ledger row (keyed by the period start) is the one the renewal will confirm — no fresh calendar
    month is handed out in between.
    """
    now = now or timezone.now()
    plan = subscription_effective_plan(subscription=subscription)
    start, end = subscription.current_period_start, subscription.current_period_end
    if plan.is_free or not start or not end or end <= start or now < start:
        return _month_bounds(now)
    length = end - start
    for _ in range(_MAX_ROLLOVERS):
        if now < end:
            return start, end
        start, end = end, end + length
    return _month_bounds(now)


@dataclass(frozen=True)
class PeriodUsage:
    """The quota ledger of the current billing period (zeros before its first use)."""

    plan: Plan  # the plan in force (``subscription_effective_plan``)
    period_start: datetime
    period_end: datetime
    tokens_used: int
    tokens_reserved: int
    posts_used: int
    posts_reserved: int
    images_used: int = 0
    images_reserved: int = 0


def subscription_period_usage(*, subscription: Subscription) -> PeriodUsage:
    """The plan in force, the current billing period and its ledger row (one read of ``UsagePeriod``)."""
    plan = subscription_effective_plan(subscription=subscription)
    start, end = billing_period_bounds(subscription=subscription)
    period = UsagePeriod.objects.filter(organization_id=subscription.organization_id, period_start=start).first()
    return PeriodUsage(
        plan=plan,
        period_start=start,
        period_end=end,
        tokens_used=period.tokens_used if period else 0,
        tokens_reserved=period.tokens_reserved if period else 0,
        posts_used=period.posts_used if period else 0,
        posts_reserved=period.posts_reserved if period else 0,
        images_used=period.images_used if period else 0,
        images_reserved=period.images_reserved if period else 0,
    )


def _remaining(limit: int | None, used: int) -> int | None:
    return None if limit is None else max(0, limit - used)


@dataclass(frozen=True)
class MeteredAllowance:
    """Tokens or posts of the period: what is reserved by calls in flight counts against the limit."""

    limit: int | None  # None = unlimited
    used: int
    reserved: int

    @property
    def remaining(self) -> int | None:
        return _remaining(self.limit, self.used + self.reserved)


@dataclass(frozen=True)
class CountedAllowance:
    limit: int | None
    used: int

    @property
    def remaining(self) -> int | None:
        return _remaining(self.limit, self.used)


@dataclass(frozen=True)
class SeatAllowance:
    """Members plus pending, unexpired invitations: an invitation holds a seat."""

    limit: int | None
    members: int
    pending_invitations: int

    @property
    def used(self) -> int:
        return self.members + self.pending_invitations

    @property
    def remaining(self) -> int | None:
        return _remaining(self.limit, self.used)


@dataclass(frozen=True)
class SubscriptionOverview:
    subscription: Subscription  # with its subscribed plan
    effective_plan: Plan
    period_start: datetime
    period_end: datetime  # when the period's quotas reset
    tokens: MeteredAllowance
    posts: MeteredAllowance
    images: MeteredAllowance  # AI image credits
    workspaces: CountedAllowance
    members: SeatAllowance
    storage: CountedAllowance  # bytes of media kept (originals and derivatives)
    requests_per_minute: int
    generations_per_minute: int


def subscription_overview(*, user: User, organization_id: UUID | str | None) -> SubscriptionOverview:
    """The organization's plan, status, billing period and live usage against every limit of the
    plan in force, all from our database: any member may read it, with or without Stripe configured."""
    membership = membership_require(user=user, organization_id=organization_id, role=Role.VIEWER)
    subscription = subscription_for_organization(organization_id=membership.organization_id)
    usage = subscription_period_usage(subscription=subscription)
    plan = usage.plan
    seats = organization_seats_taken(organization_id=membership.organization_id)
    return SubscriptionOverview(
        subscription=subscription,
        effective_plan=plan,
        period_start=usage.period_start,
        period_end=usage.period_end,
        tokens=MeteredAllowance(limit=plan.monthly_token_limit, used=usage.tokens_used, reserved=usage.tokens_reserved),
        posts=MeteredAllowance(limit=plan.monthly_post_limit, used=usage.posts_used, reserved=usage.posts_reserved),
        images=MeteredAllowance(limit=plan.monthly_image_limit, used=usage.images_used, reserved=usage.images_reserved),
        workspaces=CountedAllowance(
            limit=plan.workspace_limit,
            used=Workspace.objects.filter(organization_id=membership.organization_id).count(),
        ),
        members=SeatAllowance(
            limit=plan.member_limit, members=seats.members, pending_invitations=seats.pending_invitations
        ),
        storage=CountedAllowance(limit=plan.storage_limit_bytes, used=storage_used_for(membership.organization_id)),
        requests_per_minute=plan.requests_per_minute,
        generations_per_minute=plan.generations_per_minute,
    )
