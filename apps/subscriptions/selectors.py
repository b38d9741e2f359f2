"""Reads on plans and subscriptions: the plan in force, the current billing period, usage summaries."""

import copy
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from apps.subscriptions.models import Plan, Subscription, SubscriptionStatus, UsagePeriod

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


def plan_for_price_id(*, price_id: str) -> Plan | None:
    """The (paid) plan sold at a Stripe price id, or None for a price we do not know."""
    if not price_id:
        return None
    for plan in Plan.objects.exclude(price_cents=0):
        if plan_price_id(plan=plan) == price_id:
            return plan
    return None


def subscription_for_organization(*, organization_id: UUID | str) -> Subscription:
    return Subscription.objects.select_related("plan", "organization").get(organization_id=organization_id)


def plan_without_allowance(*, plan: Plan) -> Plan:
    """``plan`` with no monthly tokens or posts (an in-memory copy, never saved): what a Free
    organization other than a personal one gets (docs/billing.md, "One Free allowance per account")."""
    withheld = copy.copy(plan)
    withheld.monthly_token_limit = 0
    withheld.monthly_post_limit = 0
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
class UsageSummary:
    plan: Plan
    period_start: datetime
    period_end: datetime
    tokens_used: int
    tokens_reserved: int
    posts_used: int
    posts_reserved: int
    workspaces_used: int
    members_used: int
    pending_invitations: int


def subscription_usage_summary(*, subscription: Subscription) -> UsageSummary:
    """Live usage of the organization against every limit of the plan in force (reads only)."""
    from apps.organizations.models import Invitation, InvitationStatus, OrganizationMember, Workspace

    organization_id = subscription.organization_id
    plan = subscription_effective_plan(subscription=subscription)
    start, end = billing_period_bounds(subscription=subscription)
    period = UsagePeriod.objects.filter(organization_id=organization_id, period_start=start).first()
    return UsageSummary(
        plan=plan,
        period_start=start,
        period_end=end,
        tokens_used=period.tokens_used if period else 0,
        tokens_reserved=period.tokens_reserved if period else 0,
        posts_used=period.posts_used if period else 0,
        posts_reserved=period.posts_reserved if period else 0,
        workspaces_used=Workspace.objects.filter(organization_id=organization_id).count(),
        members_used=OrganizationMember.objects.filter(organization_id=organization_id).count(),
        pending_invitations=Invitation.objects.filter(
            organization_id=organization_id, status=InvitationStatus.PENDING, expires_at__gt=timezone.now()
        ).count(),
    )
