"""Which event types an organization's enabled endpoints want, on the shared cache: the keys and
their invalidation (the read is ``apps.webhooks.selectors.wanted_event_types``).

Every domain event of an organization asks ``webhook_event_record`` whether some endpoint wants
it; most organizations have no endpoint at all, and the answer (a SELECT of the organization's
endpoints) cost a query per event. Here the answer — the union of ``event_types`` of the
organization's active endpoints, usually empty — is kept on the shared cache, so an event nobody
subscribed to costs one cache read and no query.

Correctness across processes: an endpoint that starts to want an event must get it from the next
event committed after the change, in every process. Each organization's entry is stamped with the
organization's *version*, a second cache key set to a new value by every change of its endpoints
(``wanted_event_types_forget``: at once and again after the commit). A reader takes the entry and
the version in one round trip and uses the entry only if the stamps match; otherwise it reads the
database and stores what it read under the version it saw *before* reading. An answer read before
a change commits therefore carries a version older than the one written after the commit, and is
never used again (no time window, unlike a tombstone). A missing version (never set, evicted) is
set to a new value first, so an entry stamped before an eviction cannot match either.

Every change of ``is_active``, ``event_types`` or ``organization`` goes through
``WebhookEndpoint.save()``/``delete()`` or the model's QuerySet ``update()``/``delete()``
(``apps.webhooks.models``), which call ``wanted_event_types_forget``. A deletion by cascade (the
organization's) needs none: its organization sends no more events. Changes made with raw SQL
bypass this; they are seen after at most ``WANTED_CACHE_SECONDS``. When the cache is unreachable,
every read goes to the database (``apps.common.cache``: a miss).
"""

import time
from collections.abc import Iterable
from uuid import UUID

from django.core.cache import cache
from django.db import transaction

WANTED_CACHE_SECONDS = 300
# A version outlives the entries stamped with it; when it expires, the next reader sets a new one.
VERSION_SECONDS = 7 * 86400


def wanted_key(organization_id: UUID | str) -> str:
    return f"webhooks:wanted:{organization_id}"


def wanted_version_key(organization_id: UUID | str) -> str:
    return f"webhooks:wanted-version:{organization_id}"


def new_version() -> int:
    return time.time_ns()


def wanted_event_types_forget(*, organization_ids: Iterable[UUID | str]) -> None:
    """Call when endpoints of these organizations were created, changed or deleted (the model does)."""
    keys = [wanted_version_key(organization_id) for organization_id in set(organization_ids)]
    if not keys:
        return

    def bump() -> None:
        cache.set_many(dict.fromkeys(keys, new_version()), timeout=VERSION_SECONDS)

    bump()
    transaction.on_commit(bump)
