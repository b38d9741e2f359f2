"""Domain events: ``emit()`` an event inside the caller's transaction; subscribers record it.

Any app, at any layer, says what happened with ``emit("post.published", organization_id=...,
target=("scheduled_post", post.id), data={...})``. ``common`` knows no subscriber: the apps that
consume events (``apps.audit`` writes the audit log, ``apps.webhooks`` writes one outbox row per
endpoint that wants the event) register from their ``hooks.install()`` with ``subscribe(name, fn)``
(a ``Registry``: the same name again replaces the subscriber).

Subscribers run synchronously, in the caller's transaction (opened here if the caller has none), in
the order they registered: what they write commits or rolls back with the change itself, so no event
is recorded for a change that did not happen, and none is lost for one that did. They must only write
rows (no network call): delivery to the outside happens later, from an outbox.

A subscriber receives a sequence of events, in the order they happened: ``emit`` passes one, and
``emit_many`` (a change of many rows at once, such as a CSV import of 1,000 posts) passes them all,
so that each subscriber writes its rows for the whole batch in a few statements instead of a few per
event. Either way the same rows are written.

The actor is read from the request being served in ONE place, ``actor_from_request``: an API key
(``request.auth`` exposing ``api_key_id``) or the signed-in user (``request.user``); outside a request
(the task worker, the admin's bulk actions) it is the system. A service that acts for someone the
request does not name yet (sign-in, a password reset by token) passes ``actor=Actor.for_user(user)``.
"""

import contextvars
import ipaddress
import logging
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from apps.common.logging import get_request_id
from apps.common.registry import Registry

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Actor:
    """Who did it: a user, an API key (acting for an organization), the system, or an anonymous
    client (a failed sign-in: nobody authenticated)."""

    user_id: UUID | None = None
    api_key_id: UUID | None = None
    label: str = "system"
    anonymous: bool = False

    @classmethod
    def for_user(cls, user: Any) -> "Actor":
        return cls(user_id=user.pk, label=getattr(user, "email", "") or str(user.pk))

    @property
    def kind(self) -> str:
        if self.api_key_id is not None:
            return "api_key"
        if self.user_id is not None:
            return "user"
        return "anonymous" if self.anonymous else "system"


SYSTEM = Actor()
ANONYMOUS = Actor(label="anonymous", anonymous=True)


@dataclass(frozen=True)
class Event:
    """One thing that happened. ``data`` must be JSON-serializable (ids as strings)."""

    type: str
    organization_id: UUID | None
    actor: Actor
    target_type: str = ""
    target_id: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    id: UUID = field(default_factory=uuid.uuid4)
    occurred_at: datetime = field(default_factory=timezone.now)
    ip: str | None = None
    request_id: str = ""


Subscriber = Callable[[Sequence[Event]], object]

_subscribers: Registry[Subscriber] = Registry("apps.common.events.subscribers")


def subscribe(name: str, fn: Subscriber) -> None:
    """Register ``fn(events)`` (a sequence of events, in order); the same name again replaces it."""
    _subscribers.add(name, fn)


def subscribers() -> dict[str, Subscriber]:
    return dict(_subscribers.items())


# --------------------------------------------------------------------------- the request being served

_current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar("current_request", default=None)


def set_current_request(request: HttpRequest | None) -> contextvars.Token:
    """Called by ``RequestIdMiddleware`` for the duration of a request."""
    return _current_request.set(request)


def reset_current_request(token: contextvars.Token) -> None:
    _current_request.reset(token)


def current_request() -> HttpRequest | None:
    """Django's ``HttpRequest`` being served (None outside a request: the worker, a command, a test
    calling a service). DRF's ``Request`` wraps it and copies the authenticated ``user`` onto it."""
    return _current_request.get()


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the throttles see it (``NUM_PROXIES`` decides which X-Forwarded-For hop)."""
    from rest_framework.throttling import BaseThrottle

    ident = (BaseThrottle().get_ident(request) or "").strip()
    try:  # X-Forwarded-For is client input: keep only a well-formed address
        return str(ipaddress.ip_address(ident))
    except ValueError:
        return None


def actor_from_request(request: HttpRequest | None) -> Actor:
    """THE place that says who is acting. DRF copies the authenticated ``user`` and ``auth`` onto the
    Django request, so this sees what the view's authentication decided.

    An API key authentication returns as ``request.auth`` an object with ``api_key_id`` (and
    ``audit_label``, e.g. ``"key cas_ab12…"``); the key's owner, if any, is ``request.user``."""
    if request is None:
        return SYSTEM
    auth = getattr(request, "auth", None)
    api_key_id = getattr(auth, "api_key_id", None)
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and getattr(user, "is_authenticated", False) else None
    if api_key_id is not None:
        return Actor(
            user_id=user_id, api_key_id=api_key_id, label=getattr(auth, "audit_label", f"api_key:{api_key_id}")
        )
    if user_id is not None:
        return Actor.for_user(user)
    return SYSTEM


def emit(
    event_type: str,
    *,
    organization_id: UUID | str | None,
    target: tuple[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    actor: Actor | None = None,
    on_behalf_of: Any = None,
) -> Event:
    """Record that ``event_type`` happened to ``target`` (``(type, id)``) in an organization (None for
    an account event such as a sign-in), inside the caller's transaction. Returns the event.

    ``actor`` overrides the request's actor; ``on_behalf_of`` (a user) is the actor when the request
    names none (a streamed answer finishing after the request returned, a worker acting for a user)."""
    return emit_many(
        event_type, organization_id=organization_id, items=[(target, data)], actor=actor, on_behalf_of=on_behalf_of
    )[0]


def emit_many(
    event_type: str,
    *,
    organization_id: UUID | str | None,
    items: Iterable[tuple[tuple[str, Any] | None, dict[str, Any] | None]],
    actor: Actor | None = None,
    on_behalf_of: Any = None,
) -> list[Event]:
    """``emit`` for many targets at once: one ``event_type`` event per ``(target, data)`` of
    ``items``, in order, by the same actor, handed to each subscriber together. Returns the events."""
    request = _current_request.get()
    if actor is None:
        actor = actor_from_request(request)
        if actor is SYSTEM and on_behalf_of is not None:
            actor = Actor.for_user(on_behalf_of)
    organization = UUID(str(organization_id)) if organization_id is not None else None
    ip = client_ip(request) if request is not None else None
    request_id = "" if get_request_id() == "-" else get_request_id()
    events = [
        Event(
            type=event_type,
            organization_id=organization,
            actor=actor,
            target_type=target[0] if target else "",
            target_id=str(target[1]) if target and target[1] is not None else "",
            data=data or {},
            ip=ip,
            request_id=request_id,
        )
        for target, data in items
    ]
    # No savepoint: a subscriber that fails makes the change fail with it (the caller's transaction is
    # rolled back); outside a transaction, this opens one for the subscribers' writes.
    if events:
        with transaction.atomic(savepoint=False):
            for fn in _subscribers:
                fn(events)
    return events
