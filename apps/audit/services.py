"""Writing the audit log (from domain events) and purging it past its retention."""

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta
from uuid import UUID

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.common.events import Event
from apps.organizations.models import OrganizationMember

logger = logging.getLogger(__name__)


def audit_record(events: Sequence[Event]) -> list[AuditEntry]:
    """The events subscriber: one entry per event, in the caller's transaction, all in one INSERT. An
    account event (a sign-in, a password change: no organization) is recorded in every organization
    the user belongs to, so that organization's owners see it."""
    entries = [
        AuditEntry(
            event_id=event.id,
            occurred_at=event.occurred_at,
            organization_id=organization_id,
            action=event.type,
            actor_type=event.actor.kind,
            actor_user_id=event.actor.user_id,
            actor_api_key_id=event.actor.api_key_id,
            actor_label=event.actor.label[:254],
            target_type=event.target_type,
            target_id=event.target_id[:64],
            data=event.data,
            ip=event.ip,
            request_id=event.request_id[:128],
        )
        for event in events
        for organization_id in _organizations_of(event)
    ]
    AuditEntry.objects.bulk_create(entries)
    return entries


def _organizations_of(event: Event) -> list[UUID | None]:
    """The organization of the event, or for an account event every organization of its user."""
    if event.organization_id is not None:
        return [event.organization_id]
    user_id = event.actor.user_id or (event.target_id if event.target_type == "user" else None)
    organization_ids = (
        list(OrganizationMember.objects.filter(user_id=user_id).values_list("organization_id", flat=True))
        if user_id
        else []
    )
    return organization_ids or [None]


def audit_entries_purge(*, older_than: timedelta, batch_size: int, max_batches: int) -> int:
    """Delete entries older than ``older_than``, oldest first, ``batch_size`` per transaction. The only
    deletion the database allows: the trigger lets a DELETE through when ``audit.purge`` is on, which
    ``SET LOCAL`` scopes to this transaction."""
    cutoff = timezone.now() - older_than
    deleted = 0
    for _ in range(max_batches):
        with transaction.atomic():
            ids = list(
                AuditEntry.objects.filter(occurred_at__lt=cutoff)
                .order_by("occurred_at")
                .values_list("pk", flat=True)[:batch_size]
            )
            if ids:
                with _purge_allowed():
                    deleted += AuditEntry.objects.filter(pk__in=ids).delete()[0]
        if len(ids) < batch_size:
            break
    if deleted:
        logger.info("purged audit entries", extra={"count": deleted})
    return deleted


@contextmanager
def _purge_allowed() -> Iterator[None]:
    """Let the trigger pass DELETEs for the statements inside, and no others: the setting is local to
    the transaction AND switched off again right after (the caller may be inside a longer one)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('audit.purge', 'on', true)")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('audit.purge', 'off', true)")


def audit_entries_housekeeping(*, batch_size: int, max_batches: int) -> int:
    """Housekeeping job: entries older than ``AUDIT_RETENTION_DAYS``."""
    return audit_entries_purge(
        older_than=timedelta(days=settings.AUDIT_RETENTION_DAYS), batch_size=batch_size, max_batches=max_batches
    )
