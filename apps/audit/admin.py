"""Admin: the audit log, read-only (no add, change or delete, not even for superusers)."""

from django.contrib import admin

from apps.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "organization_id", "action", "actor_type", "actor_label", "target_type", "target_id"]
    list_filter = ["action", "actor_type"]
    search_fields = ["actor_label", "target_id", "=organization_id", "=request_id"]
    date_hierarchy = "occurred_at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
