"""What keeps a media from being deleted: a registry the apps above media fill.

Media sit below content and scheduling, so they cannot ask them whether a media is attached to a
post still to go out. Each such app registers, from its ``hooks.install()``,
``register_in_use(name, fn)`` where ``fn(media_ids)`` returns the ids among them that its own rows
(scheduled posts not yet published, ...) still use (empty: none). ``media_delete`` refuses with 409
``media_in_use`` (details: ``used_by`` = the names answering a non-zero count) while one does.
A ``Registry`` (``apps.common.registry``): the same name again replaces its check.
"""

from collections.abc import Callable, Collection, Iterable
from uuid import UUID

from apps.common.registry import Registry

InUseCheck = Callable[[list[UUID]], Collection[UUID]]

_checks: Registry[InUseCheck] = Registry("apps.media.usage.in_use")


def register_in_use(name: str, fn: InUseCheck) -> None:
    """Have ``media_delete`` ask ``fn(media_ids)`` whether ``name``'s rows still use those media."""
    _checks.add(name, fn)


def media_used_by(media_ids: Iterable[UUID]) -> list[str]:
    """The names of the registered checks that still use any of ``media_ids`` (none: free to delete)."""
    ids = list(media_ids)
    return [name for name, check in _checks.items() if check(ids)]
