"""What deleting an organization (or a workspace) means to the apps above organizations.

Organizations know nothing of the apps built on them. Each such app registers, from its
``hooks.install()``, under its app label (``register("scheduling", ...)``):

- a **guard** ``guard(organization)`` that raises a domain error when the organization may not be
  deleted yet (a paid subscription in force, posts still scheduled to go out...);
- a **purge** ``purge(organization)`` that deletes the app's rows of that organization which a plain
  cascade cannot (``PROTECT`` foreign keys: content protects its workspace);
- a **workspace guard** ``guard(workspace)`` (e.g. "no live content left in it") and a **workspace
  purge** ``purge(workspace)`` (content: its trashed content, deleted for good);
- ``purge_before``: the registrations whose purges must run *after* this one's, because this app's
  rows point at theirs (scheduled posts point at content versions: scheduling purges before content).
  A registration only names apps below its own, as its imports do.

``organization_delete`` runs every guard, then every purge, under the organization lock and in its
transaction; ``workspace_delete`` runs the workspace guards, then the workspace purges. All of them
run in ONE declared order, ``deletion_order()``: a registration comes before those it names in
``purge_before``, and registrations with no such constraint between them in the order of their
names. It depends on nothing else — not on ``INSTALLED_APPS`` or on the order the apps registered
in (``apps/organizations/tests/test_deletion_order.py`` pins it). Today: scheduling, subscriptions,
content.

A ``Registry`` (``apps.common.registry``): registering a name again replaces its hooks.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from graphlib import TopologicalSorter

from apps.common.registry import Registry, dotted
from apps.organizations.models import Organization, Workspace

OrganizationHook = Callable[[Organization], None]
WorkspaceHook = Callable[[Workspace], None]


@dataclass(frozen=True)
class DeletionHooks:
    """What one app runs when an organization or a workspace is deleted."""

    guard: OrganizationHook | None = None
    purge: OrganizationHook | None = None
    workspace_guard: WorkspaceHook | None = None
    workspace_purge: WorkspaceHook | None = None
    purge_before: tuple[str, ...] = ()

    def describe(self) -> str:
        parts = [
            f"{kind}={dotted(hook)}"
            for kind, hook in (
                ("guard", self.guard),
                ("purge", self.purge),
                ("workspace_guard", self.workspace_guard),
                ("workspace_purge", self.workspace_purge),
            )
            if hook is not None
        ]
        if self.purge_before:
            parts.append(f"purge_before={','.join(self.purge_before)}")
        return " ".join(parts)


def deletion_order(entries: Iterable[tuple[str, DeletionHooks]]) -> list[str]:
    """The names of ``entries`` in the declared order: each before the names in its ``purge_before``,
    ties by name. Raises ``graphlib.CycleError`` if the declarations contradict each other."""
    entries = dict(entries)
    sorter: TopologicalSorter[str] = TopologicalSorter({name: () for name in entries})
    for name, hooks in entries.items():
        for later in hooks.purge_before:
            sorter.add(later, name)  # ``later`` runs after ``name``
    sorter.prepare()
    order: list[str] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        order.extend(ready)
        sorter.done(*ready)
    return [name for name in order if name in entries]  # a named app that is not installed: skipped


class DeletionRegistry(Registry[DeletionHooks]):
    def ordered(self) -> list[tuple[str, DeletionHooks]]:
        """The registrations in ``deletion_order``."""
        entries = dict(self.items())
        return [(name, entries[name]) for name in deletion_order(entries.items())]


_registry = DeletionRegistry("apps.organizations.deletion.hooks")


def register(
    name: str,
    *,
    guard: OrganizationHook | None = None,
    purge: OrganizationHook | None = None,
    workspace_guard: WorkspaceHook | None = None,
    workspace_purge: WorkspaceHook | None = None,
    purge_before: tuple[str, ...] = (),
) -> None:
    """Register the app ``name``'s hooks (any of them may be left out), replacing what it registered
    before; ``deletion_order()`` checks the declared order at once (a cycle raises here)."""
    _registry.add(
        name,
        DeletionHooks(
            guard=guard,
            purge=purge,
            workspace_guard=workspace_guard,
            workspace_purge=workspace_purge,
            purge_before=tuple(purge_before),
        ),
    )
    _registry.ordered()


def registrations() -> list[tuple[str, DeletionHooks]]:
    """The registered apps with their hooks, in the order the hooks run."""
    return _registry.ordered()


def _hooks(kind: str) -> list[Callable]:
    return [hook for _, hooks in registrations() if (hook := getattr(hooks, kind)) is not None]


def deletion_check(organization: Organization) -> None:
    """Raise the first guard's error, if any."""
    for guard in _hooks("guard"):
        guard(organization)


def deletion_purge(organization: Organization) -> None:
    for purge in _hooks("purge"):
        purge(organization)


def workspace_deletion_check(workspace: Workspace) -> None:
    """Raise the first workspace guard's error, if any."""
    for guard in _hooks("workspace_guard"):
        guard(workspace)


def workspace_deletion_purge(workspace: Workspace) -> None:
    for purge in _hooks("workspace_purge"):
        purge(workspace)
