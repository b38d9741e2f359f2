"""Steps other apps add to the creation of an organization (an explicit list, not a Django signal).

``organization_create`` calls every registered step inside its transaction, after the owner and the
default workspace exist: the subscriptions app registers "start on the Free plan" there
(``SubscriptionsConfig.ready()``), so organizations need not import subscriptions.
"""

from collections.abc import Callable

from apps.organizations.models import Organization

OrganizationCreatedStep = Callable[[Organization], None]

_created: list[OrganizationCreatedStep] = []


def register_created(step: OrganizationCreatedStep) -> None:
    """Add a step run for every new organization (registering it twice is a no-op)."""
    if step not in _created:
        _created.append(step)


def run_created(organization: Organization) -> None:
    for step in _created:
        step(organization)
