"""What subscriptions plug into organizations (installed by ``SubscriptionsConfig.ready()``):
the plan limits organizations enforce, the Free subscription of every new organization, and the
"no paid subscription in force" guard before an organization is deleted."""

from uuid import UUID

from apps.organizations import deletion, hooks, limits
from apps.organizations.exceptions import SubscriptionStillActive
from apps.organizations.models import Organization
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
    hooks.register_created(subscription_start_free)
    deletion.register(guard=deletion_guard)
