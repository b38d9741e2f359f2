"""The plan limits organizations enforce (workspaces, members), behind a narrow port.

Organizations sit below subscriptions, so they cannot read plans themselves: the subscriptions app
installs the provider (``SubscriptionsConfig.ready()``). ``None`` means unlimited.
"""

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class PlanLimits:
    workspaces: int | None
    members: int | None


PlanLimitsProvider = Callable[[UUID | str], PlanLimits]

_provider: PlanLimitsProvider | None = None


def install_provider(provider: PlanLimitsProvider) -> None:
    """Install the function that answers ``plan_limits_for`` (called once, from ``ready()``)."""
    global _provider
    _provider = provider


def plan_limits_for(organization_id: UUID | str) -> PlanLimits:
    """The limits of the plan in force for this organization."""
    if _provider is None:
        raise RuntimeError("No plan limits provider installed (is apps.subscriptions in INSTALLED_APPS?).")
    return _provider(organization_id)
