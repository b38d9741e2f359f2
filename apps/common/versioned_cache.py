"""A copy on the shared cache that is exact across processes: one entry per owner (a user, an
organization), stamped with the owner's *version*, a second key that every change of what the entry
copies sets to a new value (``forget``: at once, and again after the commit).

A reader takes the entry and the version in one round trip and uses the entry only if its stamp
matches; otherwise it reads the database and stores what it read under the version it saw *before*
reading. A copy read before a change commits therefore carries a version older than the one written
after the commit, and is never used again — no time window, unlike a tombstone. A missing version
(never set, or evicted) is set to a new value first, so an entry stamped before an eviction cannot
match either. Changes made without ``forget`` (raw SQL) are seen after at most the entry's timeout;
when the cache is unreachable every read goes to the database (``apps.common.cache``: a miss).

Used by ``apps.organizations.membership_cache`` (a user's memberships) and ``apps.webhooks.wanted``
(the event types an organization's endpoints want).
"""

import time
from collections.abc import Callable, Hashable, Iterable
from typing import Any
from uuid import UUID

from django.core.cache import cache
from django.db import transaction

# A version outlives the entries stamped with it; when it expires, the next reader sets a new one.
VERSION_SECONDS = 7 * 86400


class VersionedCache:
    """``VersionedCache(prefix, version_prefix, seconds=...)``: entries under ``<prefix>:<owner>``,
    versions under ``<version_prefix>:<owner>``, each entry kept at most ``seconds``."""

    def __init__(self, prefix: str, version_prefix: str, *, seconds: int) -> None:
        self.prefix, self.version_prefix, self.seconds = prefix, version_prefix, seconds

    def key(self, owner: UUID | str) -> str:
        return f"{self.prefix}:{owner}"

    def version_key(self, owner: UUID | str) -> str:
        return f"{self.version_prefix}:{owner}"

    def forget(self, owners: Iterable[UUID | str | None]) -> None:
        """Call when what the owners' entries copy changed: their versions are set anew, at once
        and again after the commit (a reader between the two stores under the first one)."""
        keys = [self.version_key(owner) for owner in set(owners) if owner]
        if not keys:
            return

        def bump() -> None:
            cache.set_many(dict.fromkeys(keys, time.time_ns()), timeout=VERSION_SECONDS)

        bump()
        transaction.on_commit(bump)

    def get(self, owner: UUID | str, load: Callable[[], Any], *, shape: Hashable = None) -> Any:
        """The owner's entry when it carries the owner's current version (and ``shape``: what the
        stored value holds, so that an entry written by code with other columns is not used),
        else ``load()`` (a database read; its result must be picklable), then stored."""
        key, version_key = self.key(owner), self.version_key(owner)
        cached = cache.get_many([key, version_key])
        version, entry = cached.get(version_key), cached.get(key)
        if version is not None and isinstance(entry, tuple) and len(entry) == 2 and entry[0] == (version, shape):
            return entry[1]
        if version is None:
            version = time.time_ns()
            if not cache.add(version_key, version, timeout=VERSION_SECONDS):  # another process set one first
                version = cache.get(version_key)
        value = load()
        if version is not None:
            cache.set(key, ((version, shape), value), timeout=self.seconds)
        return value
