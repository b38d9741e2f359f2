"""Reading the audit log of one organization, filtered."""

from datetime import datetime
from uuid import UUID

from django.db.models import QuerySet

from apps.audit.models import AuditEntry


def audit_entry_list(
    *,
    organization_id: UUID | str,
    action: str | None = None,
    actor_type: str | None = None,
    actor_user_id: UUID | None = None,
    actor_api_key_id: UUID | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[AuditEntry]:
    """Newest first. ``action`` ending in ``.`` or ``.*`` matches a family (``member.*``)."""
    entries = AuditEntry.objects.filter(organization_id=organization_id)
    if action:
        if action.endswith(".*"):
            entries = entries.filter(action__startswith=action[:-1])
        else:
            entries = entries.filter(action=action)
    if actor_type:
        entries = entries.filter(actor_type=actor_type)
    if actor_user_id:
        entries = entries.filter(actor_user_id=actor_user_id)
    if actor_api_key_id:
        entries = entries.filter(actor_api_key_id=actor_api_key_id)
    if target_type:
        entries = entries.filter(target_type=target_type)
    if target_id:
        entries = entries.filter(target_id=target_id)
    if since:
        entries = entries.filter(occurred_at__gte=since)
    if until:
        entries = entries.filter(occurred_at__lt=until)
    return entries.order_by("-occurred_at", "-id")
