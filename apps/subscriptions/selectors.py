"""Reads on plans and subscriptions: the plan in force and the current billing period."""

from datetime import UTC, datetime

from django.utils import timezone

from apps.subscriptions.models import Plan, Subscription, SubscriptionStatus

FREE_PLAN_SLUG = "free"

# Statuses that no longer give the paid plan's limits: the organization falls back to Free,
# keeping all its data. ``past_due`` keeps the paid limits while Stripe retries the payment.
LAPSED_STATUSES = {
    SubscriptionStatus.CANCELED,
    SubscriptionStatus.INCOMPLETE,
    SubscriptionStatus.INCOMPLETE_EXPIRED,
    SubscriptionStatus.UNPAID,
    SubscriptionStatus.PAUSED,
}


def plan_free() -> Plan:
    return Plan.objects.get(slug=FREE_PLAN_SLUG)


def subscription_for_organization(*, organization_id) -> Subscription:
    return Subscription.objects.select_related("plan").get(organization_id=organization_id)


def subscription_effective_plan(*, subscription: Subscription) -> Plan:
    """The plan whose limits apply now: the subscribed plan, or Free once the subscription lapsed."""
    if subscription.status in LAPSED_STATUSES and not subscription.plan.is_free:
        return plan_free()
    return subscription.plan


def _month_bounds(now: datetime) -> tuple[datetime, datetime]:
    start = now.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)
    return start, end


def billing_period_bounds(*, subscription: Subscription, now: datetime | None = None) -> tuple[datetime, datetime]:
    """Stripe's current period for a paid plan in force; the calendar month (UTC) otherwise."""
    now = now or timezone.now()
    plan = subscription_effective_plan(subscription=subscription)
    start, end = subscription.current_period_start, subscription.current_period_end
    if not plan.is_free and start and end and start <= now < end:
        return start, end
    return _month_bounds(now)
