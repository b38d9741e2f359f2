"""A copy, on the shared cache, of the user row that JWT authentication reads on every request
(saves one query per authenticated request; measured by ``bench/run.py``).

Correctness first: a deactivated or deleted user must be refused on the very next request, in every
process. The copy is a ``VersionedCache`` (``apps.common.versioned_cache``: why that is exact across
processes): each user's entry is stamped with the user's version, which every change of the user
row sets anew — ``save()``, ``delete()``, and the QuerySet's ``update()``/``delete()``/
``bulk_create()`` (``apps.users.models``: ``ForgetsOwnerModel``/``ForgetsOwnerQuerySet``). A row read
before a change committed is stored under the version from before it, so it is never used after the
change. Changes made with raw SQL bypass this; they are seen after at most
``AUTH_USER_CACHE_SECONDS``.

The password hash is never cached: the rebuilt instance has it deferred (read from the database
only if something asks for it; ``save()`` then writes only the loaded fields).
"""

from typing import Any
from uuid import UUID

from apps.common.versioned_cache import VersionedCache

AUTH_USER_CACHE_SECONDS = 60

user_cache = VersionedCache("auth-user", "auth-user-version", seconds=AUTH_USER_CACHE_SECONDS)


def cached_fields(model: Any) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields if field.attname != "password"]


def user_cache_get(*, model: Any, user_id: UUID) -> Any | None:
    """The user (password deferred) from the cache, else from the database (then cached); None if
    there is no such user."""
    fields = cached_fields(model)

    def load() -> tuple | None:
        row = model.objects.filter(pk=user_id).values_list(*fields).first()
        return None if row is None else tuple(row)

    values = user_cache.get(user_id, load, shape=",".join(fields))
    return None if values is None else model.from_db("default", fields, values)
