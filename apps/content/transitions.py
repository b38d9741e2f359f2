"""Content lifecycle and review transitions: the registry that higher apps (scheduling today; outgoing
webhooks and the audit log through ``apps.common.events``, to which every event here is forwarded
as a domain event with the content as its target) plug into, without content importing them.

``subscribe(event, name, fn)`` in the subscriber's ``hooks.install()``; the content services call
``emit(event, content=..., actor=..., **data)`` **inside** the transaction of the transition, right
after its conditional UPDATE succeeded. A subscriber that must not run unless the transaction commits
(an HTTP call, a webhook) uses ``transaction.on_commit`` itself; a subscriber that raises a
``DomainError`` rolls the transition back (scheduling does, when a post of deleted content is being
handed to the scheduler at that very moment: 409 ``delivery_in_progress``).

Events (each with ``content`` — the row after the transition — and ``actor``, a ``User`` or None):

=========================  ==========================================================
``content.submitted``      draft/changes_requested → in_review (``version``, ``comment``)
``content.approved``       in_review → approved (``version``, ``comment``)
``content.changes_requested``  in_review → changes_requested (``version``, ``comment``)
``content.review_reset``   a new version sent submitted/approved content back to draft (``version``)
``content.deleted``        moved to the trash
``content.restored``       out of the trash
``content.archived`` / ``content.unarchived``
``content.moved``          to another workspace of its organization (``from_workspace_id``)
=========================  ==========================================================

A purge filter ``register_purge_filter(name, fn)`` takes a queryset of trashed content about to be
purged and returns the part that may go (scheduling keeps content whose post cancellation is still
on its way to the scheduler).

Both are ``Registry``s (``apps.common.registry``): an entry has a name, the same name again replaces it.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from apps.common import events as domain_events
from apps.common.registry import Registry

SUBMITTED = "content.submitted"
APPROVED = "content.approved"
CHANGES_REQUESTED = "content.changes_requested"
REVIEW_RESET = "content.review_reset"
DELETED = "content.deleted"
RESTORED = "content.restored"
ARCHIVED = "content.archived"
UNARCHIVED = "content.unarchived"
MOVED = "content.moved"

EVENTS = frozenset(
    {SUBMITTED, APPROVED, CHANGES_REQUESTED, REVIEW_RESET, DELETED, RESTORED, ARCHIVED, UNARCHIVED, MOVED}
)

Subscriber = Callable[..., None]
PurgeFilter = Callable[[QuerySet], QuerySet]

# (event, fn) under the subscription's name
_subscribers: Registry[tuple[str, Subscriber]] = Registry("apps.content.transitions.subscribers")
_purge_filters: Registry[PurgeFilter] = Registry("apps.content.transitions.purge_filters")


def subscribe(event: str, name: str, fn: Subscriber) -> None:
    """Call ``fn(content=..., actor=..., **data)`` on ``event``; ``name`` names the subscription."""
    if event not in EVENTS:
        raise ValueError(f"Unknown content event {event!r}.")
    _subscribers.add(name, (event, fn))


def emit(event: str, *, content: Any, actor: Any, **data: Any) -> None:
    for subscribed, fn in _subscribers:
        if subscribed == event:
            fn(content=content, actor=actor, **data)
    # The organization-wide domain event (audit log, outgoing webhooks), in the same transaction.
    domain_events.emit(
        event,
        organization_id=content.organization_id,
        target=("content", content.pk),
        data={key: _jsonable(value) for key, value in data.items()},
        on_behalf_of=actor,
    )


def _jsonable(value: Any) -> Any:
    return value if value is None or isinstance(value, bool | int | float | str) else str(value)


def register_purge_filter(name: str, fn: PurgeFilter) -> None:
    _purge_filters.add(name, fn)


def purgeable(queryset: QuerySet) -> QuerySet:
    for fn in _purge_filters:
        queryset = fn(queryset)
    return queryset
