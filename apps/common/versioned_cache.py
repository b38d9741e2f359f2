"""THE cache-coherence mechanism of the project: a copy on the shared cache that is exact across
processes. The cache is shared by every process of the deployment in both modes — Redis, or without
it Django's file cache, one directory for the server and the worker (``config/settings/base.py``,
docs/architecture.md "Cached reads") — never a per-process cache: a version set in one process
must void the entries every other process reads.

One entry per owner (a user, an organization, or one fixed owner for a global entry such as every
plan), stamped with the owner's *version*, a second key that every change of what the entry copies
sets to a new value (``forget``: at once, and again after the commit).

A reader takes the entry and the version in one round trip and uses the entry only if its stamp
matches; otherwise it reads the database and stores what it read under the version it saw *before*
reading. A copy read before a change commits therefore carries a version older than the one written
after the commit, and is never used again — no time window. A missing version (never set, or
evicted) is set to a new value first, so an entry stamped before an eviction cannot match either.
An entry may also depend on the versions of other caches (``depends_on``: an organization's plan
rates on every plan's version): it is stamped with all of them, and a change of any one voids it.
Changes made without ``forget`` (raw SQL) are seen after at most the entry's timeout; when the cache
is unreachable every read goes to the database (``apps.common.cache``: a miss). The file cache keeps
this exact too: a file is written whole and renamed into place, and its ``add`` (a check, then a
write) can at worst set a version twice, which voids entries (a miss) and never revives one.

Used by ``apps.users.auth_cache`` (the user row of authentication), ``apps.organizations.
membership_cache`` (a user's memberships), ``apps.webhooks.wanted`` (the event types an organization's
endpoints want) and ``apps.subscriptions.plan_cache`` (every plan, an organization's plan rates, the
public plan list). The models whose rows are copied keep it exact through ``ForgetsOwnerModel`` /
``ForgetsOwnerQuerySet`` below, or call ``forget`` where they change.
"""

import time
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any
from uuid import UUID

from django.core.cache import cache
from django.db import models, transaction

# A version outlives the entries stamped with it; when it expires, the next reader sets a new one.
VERSION_SECONDS = 7 * 86400

Owner = UUID | str


class VersionedCache:
    """``VersionedCache(prefix, version_prefix, seconds=..., depends_on=...)``: entries under
    ``<prefix>:<owner>``, versions under ``<version_prefix>:<owner>``, each entry kept at most
    ``seconds``; ``depends_on``: ``(other cache, its owner)`` pairs whose versions stamp every entry too."""

    def __init__(
        self,
        prefix: str,
        version_prefix: str,
        *,
        seconds: int,
        depends_on: Sequence[tuple["VersionedCache", Owner]] = (),
    ) -> None:
        self.prefix, self.version_prefix, self.seconds = prefix, version_prefix, seconds
        self.depends_on = tuple(depends_on)

    def key(self, owner: Owner) -> str:
        return f"{self.prefix}:{owner}"

    def version_key(self, owner: Owner) -> str:
        return f"{self.version_prefix}:{owner}"

    def keys(self, owner: Owner) -> list[str]:
        """What ``get`` reads, in one round trip: the entry, then every version that stamps it (a
        caller that reads them in a round trip of its own passes the values as ``cached``)."""
        versions = [self.version_key(owner), *(other.version_key(of) for other, of in self.depends_on)]
        return [self.key(owner), *versions]

    def forget(self, owners: Iterable[Owner | None]) -> None:
        """Call when what the owners' entries copy changed: their versions are set anew, at once
        and again after the commit (a reader between the two stores under the first one)."""
        keys = [self.version_key(owner) for owner in set(owners) if owner]
        if not keys:
            return

        def bump() -> None:
            cache.set_many(dict.fromkeys(keys, time.time_ns()), timeout=VERSION_SECONDS)

        bump()
        transaction.on_commit(bump)

    def get(
        self,
        owner: Owner,
        load: Callable[[], Any],
        *,
        shape: Hashable = None,
        cached: dict[str, Any] | None = None,
        fresh: bool = False,
    ) -> Any:
        """The owner's entry when it carries the current versions (and ``shape``: what the stored
        value holds, so that an entry written by code with other columns is not used), else
        ``load()`` (a database read; its result must be picklable), then stored. ``cached``: the
        values of ``keys(owner)`` when the caller read them already; ``fresh``: read the database
        even on a match (and store what it read)."""
        keys = self.keys(owner)
        if cached is None:
            cached = cache.get_many(keys)
        entry, versions = cached.get(keys[0]), [cached.get(key) for key in keys[1:]]
        if (
            not fresh
            and None not in versions
            and isinstance(entry, tuple)
            and len(entry) == 2
            and entry[0] == (tuple(versions), shape)
        ):
            return entry[1]
        for index, version_key in enumerate(keys[1:]):
            if versions[index] is None:
                version = time.time_ns()
                if not cache.add(version_key, version, timeout=VERSION_SECONDS):  # another process set one first
                    version = cache.get(version_key)
                versions[index] = version
        value = load()
        if None not in versions:
            cache.set(keys[0], ((tuple(versions), shape), value), timeout=self.seconds)
        return value


class ForgetsOwnerQuerySet(models.QuerySet):
    """A QuerySet whose writes keep a ``VersionedCache`` exact: ``update()`` (of a field in the
    model's ``owner_cache_fields``, or any field when that is None), ``delete()`` and ``bulk_create()``
    forget the entries of the rows' owners (``owner_field``: the owner's field, e.g.
    ``"user_id"``), before and after an update that moves rows to another owner."""

    def _owners(self) -> set:
        return set(self.values_list(self.model.owner_field, flat=True))

    def update(self, **kwargs: object) -> int:
        model = self.model
        if model.owner_cache_fields is not None and not model.owner_cache_fields.intersection(kwargs):
            return super().update(**kwargs)
        owners = self._owners()
        count = super().update(**kwargs)
        if model.owner_field in kwargs or model.owner_field.removesuffix("_id") in kwargs:
            owners.update(self._owners())
        model.owner_cache.forget(owners)
        return count

    def delete(self) -> tuple[int, dict[str, int]]:
        owners = self._owners()
        result = super().delete()
        self.model.owner_cache.forget(owners)
        return result

    def bulk_create(self, objs, *args, **kwargs):  # type: ignore[no-untyped-def]
        created = super().bulk_create(objs, *args, **kwargs)
        self.model.owner_cache.forget(getattr(obj, self.model.owner_field) for obj in created)
        return created


class ForgetsOwnerModel(models.Model):
    """A model whose rows are copied in a ``VersionedCache`` per owner: ``save()`` (of a field in
    ``owner_cache_fields``, or any when None) and ``delete()`` forget the owner's entry, and the owner the
    row was loaded with too (a row moved to another owner in the admin). Set ``owner_cache`` (the
    ``VersionedCache``), ``owner_field`` (the owner's field, e.g. ``"user_id"``) and
    ``owner_cache_fields``; ``objects = ForgetsOwnerQuerySet.as_manager()`` covers the bulk writes."""

    owner_cache: VersionedCache
    owner_field: str
    owner_cache_fields: set[str] | None = None

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        update_fields = kwargs.get("update_fields")
        super().save(*args, **kwargs)
        if (
            update_fields is None
            or self.owner_cache_fields is None
            or self.owner_cache_fields.intersection(update_fields)
        ):
            owner = getattr(self, self.owner_field)
            self.owner_cache.forget([owner, getattr(self, "_loaded_owner", None)])
            self._loaded_owner = owner

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        owner = getattr(self, self.owner_field)
        result = super().delete(*args, **kwargs)
        self.owner_cache.forget([owner])
        return result

    @classmethod
    def from_db(cls, db, field_names, values):  # type: ignore[no-untyped-def]
        instance = super().from_db(db, field_names, values)
        instance._loaded_owner = instance.__dict__.get(cls.owner_field)
        return instance
