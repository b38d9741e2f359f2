"""Is a media used by a post still to go out? A registry the apps above fill (``hooks.py``).

The media library refuses to delete a media in use (409); what "in use" means is decided by the
apps that attach media to posts: scheduling registers "attached to the version of a pending or
queued post". ``register_in_use(name, fn)``: ``fn(media_ids)`` returns the ids among them in use.
"""

from collections.abc import Callable, Iterable
from uuid import UUID

from apps.common.registry import Registry

InUse = Callable[[Iterable[UUID]], set[UUID]]

_registry: Registry[InUse] = Registry("apps.media.usage.in_use")


def register_in_use(name: str, fn: InUse) -> None:
    _registry.add(name, fn)


def media_in_use(*, media_ids: Iterable[UUID]) -> set[UUID]:
    """The ids among ``media_ids`` that some registered use holds."""
    ids = list(media_ids)
    used: set[UUID] = set()
    for fn in _registry:
        used |= fn(ids)
    return used
