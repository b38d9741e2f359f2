"""PostgreSQL: the audit log is append-only in the database itself (a trigger), whatever the client."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.audit.services import audit_entries_purge
from apps.common.events import emit
from apps.organizations.models import OrganizationMember

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture
def entry(user) -> AuditEntry:
    org = OrganizationMember.objects.get(user=user).organization
    event = emit("member.invited", organization_id=org.pk, target=("invitation", "x"), data={"role": "viewer"})
    return AuditEntry.objects.get(event_id=event.id)


def test_update_of_an_audit_entry_is_refused_by_the_database(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="member.joined")

    entry.refresh_from_db()
    assert entry.action == "member.invited"


def test_delete_of_an_audit_entry_is_refused_by_the_database(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()

    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_raw_sql_cannot_change_the_log_either(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET actor_label = 'someone else' WHERE id = %s", [entry.pk])


def test_the_retention_purge_alone_may_delete(entry):
    old = AuditEntry.objects.create(
        event_id=entry.event_id,
        occurred_at=timezone.now() - timedelta(days=400),
        organization_id=entry.organization_id,
        action="member.invited",
        actor_type="system",
    )

    deleted = audit_entries_purge(older_than=timedelta(days=365), batch_size=100, max_batches=1)

    assert deleted == 1
    assert not AuditEntry.objects.filter(pk=old.pk).exists() and AuditEntry.objects.filter(pk=entry.pk).exists()
    # The purge's permission ended with its transaction.
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
