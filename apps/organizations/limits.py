"""The plan limits organizations enforce (workspaces, members), behind a narrow port.

Organizations sit below subscriptions, so they cannot read plans themselves: the subscriptions app
installs the provider (from its ``hooks.install()``). A port has one provider: a ``Registry``
(``apps.common.registry``) with one entry, ``plan_limits``, which installing again replaces.
``None`` means unlimited.
"""

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from apps.common.registry import Registry


@dataclass(frozen=True)
class PlanLimits:
    workspaces: int | None
    members: int | None


PlanLimitsProvider = Callable[[UUID | str], PlanLimits]

_PROVIDER = "plan_limits"
_providers: Registry[PlanLimitsProvider] = Registry("apps.organizations.limits.provider")


def install_provider(provider: PlanLimitsProvider) -> None:
    """Install the function that answers ``plan_limits_for`` (replacing the one installed before)."""
    _providers.add(_PROVIDER, provider)


def plan_limits_for(organization_id: UUID | str) -> PlanLimits:
    """The limits of the plan in force for this organization."""
    provider = _providers.get(_PROVIDER)
    if provider is None:
        raise RuntimeError("No plan limits provider installed (is apps.subscriptions in INSTALLED_APPS?).")
    return provider(organization_id)
