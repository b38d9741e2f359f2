"""A copy, on the shared cache, of a user's memberships (with their organizations): the rows every
authenticated request reads first (the per-tier rate limiter, then a read-only view's membership
check, ``apps.organizations.selectors.memberships_prefetch``). Saves one query per request. Here:
the keys and their invalidation; the read is ``apps.organizations.selectors.memberships_cached``.

Correctness first: a member removed, demoted or whose organization was deleted must be refused on
the very next request, in every process. Each user's entry is stamped with the user's *version*,
a second cache key set to a new value by every change of the user's memberships or of one of
their organizations (``memberships_forget``: at once, and again after the commit). A reader takes
the entry and the version in one round trip and uses the entry only if the stamps match; otherwise
it reads the database and stores the rows under the version it saw *before* reading. Rows read
before a change commits therefore carry an older version than the one written after the commit,
and are never used again — no time window. A missing version (never set, or evicted) is set to a
new value first, so an entry stamped before an eviction cannot match either.

Every change goes through the models (``apps.organizations.models``): ``save()``/``delete()`` of a
membership or an organization, and their QuerySets' ``update()``/``delete()``/``bulk_create()``.
Changes made with raw SQL bypass this; they are seen after at most ``MEMBERSHIPS_CACHE_SECONDS``.
When the cache is unreachable every read goes to the database (``apps.common.cache``: a miss).
"""

import time
from collections.abc import Iterable
from uuid import UUID

from django.core.cache import cache
from django.db import transaction

MEMBERSHIPS_CACHE_SECONDS = 300
VERSION_SECONDS = 7 * 86400  # outlives the entries; when it expires the next reader sets a new one


def memberships_key(user_id: UUID | str) -> str:
    return f"org-memberships:{user_id}"


def memberships_version_key(user_id: UUID | str) -> str:
    return f"org-memberships-version:{user_id}"


def memberships_forget(*, user_ids: Iterable[UUID | str]) -> None:
    """Call when memberships of these users, or their organizations, changed (the models do)."""
    keys = [memberships_version_key(user_id) for user_id in set(user_ids) if user_id]
    if not keys:
        return

    def bump() -> None:
        cache.set_many(dict.fromkeys(keys, time.time_ns()), timeout=VERSION_SECONDS)

    bump()
    transaction.on_commit(bump)
