"""What deleting an organization means to the apps above organizations.

Organizations know nothing of the apps built on them. Each such app registers, in its
``AppConfig.ready()``:

- a **guard** ``guard(organization)`` that raises a domain error when the organization may not be
  deleted yet (a paid subscription in force, posts still scheduled to go out...);
- a **purge** ``purge(organization)`` that deletes the app's rows of that organization which a plain
  cascade cannot (``PROTECT`` foreign keys).

``organization_delete`` runs every guard, then every purge, under the organization lock and in its
transaction. ``workspace_delete`` runs every **workspace guard** ``guard(workspace)`` (e.g. "no
live content left in it"), then every **workspace purge** ``purge(workspace)`` (content: its trashed
content, deleted for good), in its transaction.

Purges run in reverse registration order: apps register in ``INSTALLED_APPS`` order, lowest layer
first, and higher apps point at lower ones, so the highest app's rows go first.
"""

from collections.abc import Callable

from apps.organizations.models import Organization, Workspace

OrganizationHook = Callable[[Organization], None]
WorkspaceGuard = Callable[[Workspace], None]

_guards: list[OrganizationHook] = []
_purges: list[OrganizationHook] = []
_workspace_guards: list[WorkspaceGuard] = []
_workspace_purges: list[WorkspaceGuard] = []


def register(
    *,
    guard: OrganizationHook | None = None,
    purge: OrganizationHook | None = None,
    workspace_guard: WorkspaceGuard | None = None,
    workspace_purge: WorkspaceGuard | None = None,
) -> None:
    """Add a guard, a purge, a workspace guard and/or a workspace purge (registering the same
    function twice is a no-op)."""
    for hook, hooks in (
        (guard, _guards),
        (purge, _purges),
        (workspace_guard, _workspace_guards),
        (workspace_purge, _workspace_purges),
    ):
        if hook is not None and hook not in hooks:
            hooks.append(hook)


def deletion_check(organization: Organization) -> None:
    """Raise the first guard's error, if any."""
    for guard in _guards:
        guard(organization)


def deletion_purge(organization: Organization) -> None:
    for purge in reversed(_purges):
        purge(organization)


def workspace_deletion_check(workspace: Workspace) -> None:
    """Raise the first workspace guard's error, if any."""
    for guard in _workspace_guards:
        guard(workspace)


def workspace_deletion_purge(workspace: Workspace) -> None:
    for purge in reversed(_workspace_purges):
        purge(workspace)
