"""Steps other apps add to the creation of an organization (an explicit list, not a Django signal).

``organization_create`` calls every registered step inside its transaction, after the owner and the
default workspace exist: the subscriptions app registers "start on the Free plan" there (from its
``hooks.install()``), so organizations need not import subscriptions. A ``Registry``
(``apps.common.registry``): each step has a name, the same name again replaces it.
"""

from collections.abc import Callable

from apps.common.registry import Registry
from apps.organizations.models import Organization

OrganizationCreatedStep = Callable[[Organization], None]

_created: Registry[OrganizationCreatedStep] = Registry("apps.organizations.creation.steps")


def register_created(name: str, step: OrganizationCreatedStep) -> None:
    """Add a step run for every new organization, in its creating transaction."""
    _created.add(name, step)


def run_created(organization: Organization) -> None:
    for step in _created:
        step(organization)
