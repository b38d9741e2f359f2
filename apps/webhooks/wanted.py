"""Which event types an organization's enabled endpoints want, on the shared cache: the keys and
their invalidation (the read is ``apps.webhooks.selectors.wanted_event_types``).

Every domain event of an organization asks ``webhook_event_record`` whether some endpoint wants
it; most organizations have no endpoint at all, and the answer (a SELECT of the organization's
endpoints) cost a query per event. Here the answer — the union of ``event_types`` of the
organization's active endpoints, usually empty — is kept on the shared cache, so an event nobody
subscribed to costs one cache read and no query.

Correctness across processes: an endpoint that starts to want an event must get it from the next
event committed after the change, in every process. The answer is a ``VersionedCache``
(``apps.common``: why that is exact across processes): each organization's entry is stamped with
the organization's version, set anew by every change of its endpoints (``wanted_cache.forget``).

Every change of ``is_active``, ``event_types`` or ``organization`` goes through
``WebhookEndpoint.save()``/``delete()`` or the model's QuerySet ``update()``/``delete()``/
``bulk_create()`` (``apps.webhooks.models``: ``ForgetsOwnerModel``/``ForgetsOwnerQuerySet``), which
forget the entry. A deletion by cascade (the organization's) needs none: its organization sends no
more events. Changes made with raw SQL bypass this; they are seen after at most
``WANTED_CACHE_SECONDS``.
"""

from apps.common.versioned_cache import VersionedCache

WANTED_CACHE_SECONDS = 300

wanted_cache = VersionedCache("webhooks:wanted", "webhooks:wanted-version", seconds=WANTED_CACHE_SECONDS)
