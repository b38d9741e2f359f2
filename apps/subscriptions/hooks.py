"""What subscriptions plug into the lower apps (installed by ``SubscriptionsConfig.ready()``): the
plan limits organizations enforce, the Free subscription of every new organization, the "no paid
subscription in force" guard before an organization is deleted, and two housekeeping jobs (old
Stripe events, stale usage reservations)."""

from uuid import UUID

from apps.common.housekeeping import register_job
from apps.organizations import creation, deletion, limits
from apps.organizations.models import Organization
from apps.subscriptions import tasks
from apps.subscriptions.exceptions import SubscriptionStillActive
from apps.subscriptions.models import Subscription
from apps.subscriptions.selectors import (
    LAPSED_STATUSES,
    plan_free,
    subscription_effective_plan,
    subscription_for_organization,
)


def plan_limits(organization_id: UUID | str) -> limits.PlanLimits:
    plan = subscription_effective_plan(subscription=subscription_for_organization(organization_id=organization_id))
    return limits.PlanLimits(workspaces=plan.workspace_limit, members=plan.member_limit)


def subscription_start_free(organization: Organization) -> None:
    """Every new organization starts on the Free plan (in the creating transaction)."""
    Subscription.objects.create(organization=organization, plan=plan_free())


def deletion_guard(organization: Organization) -> None:
    """A paid subscription still in force must be cancelled first, so nobody keeps paying for a
    deleted organization."""
    subscription = subscription_for_organization(organization_id=organization.pk)
    if not subscription.plan.is_free and subscription.status not in LAPSED_STATUSES:
        raise SubscriptionStillActive(details={"plan": subscription.plan.slug, "status": subscription.status})


def install() -> None:
    limits.install_provider(plan_limits)
    creation.register_created("free_subscription", subscription_start_free)
    deletion.register("subscriptions", guard=deletion_guard)
    register_job("stripe_events_pruned", tasks.housekeeping_stripe_events)
    register_job("usage_reservations_released", tasks.housekeeping_usage_reservations)
