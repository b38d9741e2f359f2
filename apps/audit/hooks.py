"""What the audit log plugs into the lower apps (installed by ``AuditConfig.ready()``): the events
subscriber and the retention job."""

from apps.audit.services import audit_entries_housekeeping, audit_record
from apps.common.events import subscribe
from apps.common.housekeeping import register_job


def install() -> None:
    subscribe("audit", audit_record)
    register_job("audit_entries_purged", audit_entries_housekeeping)
