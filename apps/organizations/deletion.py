"""What deleting an organization means to the apps above organizations.

Organizations know nothing of the apps built on them. Each such app registers, in its
``AppConfig.ready()``:

- a **guard** ``guard(organization)`` that raises a domain error when the organization may not be
  deleted yet (a paid subscription in force, posts still scheduled to go out...);
- a **purge** ``purge(organization)`` that deletes the app's rows of that organization which a plain
  cascade cannot (``PROTECT`` foreign keys).

``organization_delete`` runs every guard, then every purge, under the organization lock and in its
transaction. Purges run in reverse registration order: apps register in ``INSTALLED_APPS`` order,
lowest layer first, and higher apps point at lower ones, so the highest app's rows go first.
"""

from collections.abc import Callable

from apps.organizations.models import Organization

OrganizationHook = Callable[[Organization], None]

_guards: list[OrganizationHook] = []
_purges: list[OrganizationHook] = []


def register(*, guard: OrganizationHook | None = None, purge: OrganizationHook | None = None) -> None:
    """Add a guard and/or a purge (registering the same function twice is a no-op)."""
    if guard is not None and guard not in _guards:
        _guards.append(guard)
    if purge is not None and purge not in _purges:
        _purges.append(purge)


def deletion_check(organization: Organization) -> None:
    """Raise the first guard's error, if any."""
    for guard in _guards:
        guard(organization)


def deletion_purge(organization: Organization) -> None:
    for purge in reversed(_purges):
        purge(organization)
