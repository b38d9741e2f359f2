"""A copy, on the shared cache, of a user's memberships (with their organizations): the rows every
authenticated request reads first (the per-tier rate limiter, then a read-only view's membership
check, ``apps.organizations.selectors.memberships_prefetch``). Saves one query per request. Here:
the cache and its invalidation; the read is ``apps.organizations.selectors.memberships_cached``.

Correctness first: a member removed, demoted or whose organization was deleted must be refused on
the very next request, in every process. The copy is a ``VersionedCache`` (``apps.common``: why
that is exact across processes): each user's entry is stamped with the user's version, set anew by
every change of the user's memberships or of one of their organizations (``memberships_forget``).

Every change goes through the models (``apps.organizations.models``): ``save()``/``delete()`` of a
membership or an organization, and their QuerySets' ``update()``/``delete()``/``bulk_create()``.
Changes made with raw SQL bypass this; they are seen after at most ``MEMBERSHIPS_CACHE_SECONDS``.
"""

from collections.abc import Iterable
from uuid import UUID

from apps.common.versioned_cache import VersionedCache

MEMBERSHIPS_CACHE_SECONDS = 300

memberships_cache = VersionedCache("org-memberships", "org-memberships-version", seconds=MEMBERSHIPS_CACHE_SECONDS)


def memberships_forget(*, user_ids: Iterable[UUID | str]) -> None:
    """Call when memberships of these users, or their organizations, changed (the models do)."""
    memberships_cache.forget(user_ids)
