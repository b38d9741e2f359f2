"""A short-lived copy, on the shared cache, of the user row that JWT authentication reads on every
request (saves one query per authenticated request; measured by ``bench/run.py``).

Correctness first: a deactivated or deleted user must be refused on the very next request. Every
change of a user row — ``save()``, ``delete()`` (instance or queryset) and ``QuerySet.update()``
(``apps.users.models.UserQuerySet``) — replaces the entry with a *tombstone*, at once and again
after the commit. While a tombstone is there, authentication reads the database and may not
store its result (``cache.add`` only fills an empty slot), so a request that read the row just
before a change cannot put the old row back. Changes made with raw SQL bypass this; they are
seen after at most ``AUTH_USER_CACHE_SECONDS``.

The password hash is never cached: the rebuilt instance has it deferred (read from the database
only if something asks for it; ``save()`` then writes only the loaded fields).
"""

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.core.cache import cache
from django.db import transaction

AUTH_USER_CACHE_SECONDS = 60
TOMBSTONE_SECONDS = 10
_TOMBSTONE = "gone"


def _key(user_id: UUID | str) -> str:
    return f"auth-user:{user_id}"


def cached_fields(model: Any) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields if field.attname != "password"]


def user_cache_get(*, model: Any, user_id: UUID) -> Any | None:
    """The user (password deferred) from the cache, else from the database (then cached unless a
    change is in progress); None if there is no such user."""
    fields = cached_fields(model)
    values = cache.get(_key(user_id))
    if isinstance(values, tuple) and len(values) == len(fields):
        return model.from_db("default", fields, values)
    row = model.objects.filter(pk=user_id).values_list(*fields).first()
    if row is None:
        return None
    if values is None:  # not while a tombstone is there
        cache.add(_key(user_id), tuple(row), timeout=AUTH_USER_CACHE_SECONDS)
    return model.from_db("default", fields, row)


def user_cache_forget(*, user_id: UUID | str) -> None:
    user_cache_forget_many(user_ids=[user_id])


def user_cache_forget_many(*, user_ids: Iterable[UUID | str]) -> None:
    """Call after users were changed or deleted (done automatically by the model, see above)."""
    keys = [_key(user_id) for user_id in user_ids]
    if not keys:
        return

    def bury() -> None:
        cache.set_many(dict.fromkeys(keys, _TOMBSTONE), timeout=TOMBSTONE_SECONDS)

    bury()
    transaction.on_commit(bury)
