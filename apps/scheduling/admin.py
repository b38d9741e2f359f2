"""Admin: scheduled posts and their outbox messages, with a retry action for failed deliveries."""

from django.contrib import admin, messages

from apps.scheduling.models import OutboxMessage, OutboxStatus, ScheduledPost
from apps.scheduling.outbox import outbox_message_retry


class OutboxMessageInline(admin.TabularInline):
    model = OutboxMessage
    extra = 0
    can_delete = False
    fields = ["kind", "status", "attempts", "next_attempt_at", "locked_until", "last_error", "idempotency_key"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


def _retry(modeladmin, request, messages_qs) -> None:
    retried = sum(
        1 for message_id in messages_qs.values_list("id", flat=True) if outbox_message_retry(message_id=message_id)
    )
    skipped = messages_qs.count() - retried
    modeladmin.message_user(
        request, f"{retried} delivery(ies) queued again; {skipped} skipped (not failed).", messages.INFO
    )


@admin.register(ScheduledPost)
class ScheduledPostAdmin(admin.ModelAdmin):
    list_display = ["id", "organization", "platform", "scheduled_at", "status", "backend", "job_id", "attempts"]
    list_filter = ["status", "backend", "platform"]
    search_fields = ["=id", "job_id", "platform_post_id", "=content__id"]
    date_hierarchy = "scheduled_at"
    list_select_related = ["organization"]
    raw_id_fields = ["organization", "content", "content_version", "created_by"]
    readonly_fields = [
        "id",
        "status",
        "job_id",
        "platform_post_id",
        "last_error",
        "attempts",
        "created_at",
        "updated_at",
        "queued_at",
        "published_at",
        "cancelled_at",
        "failed_at",
    ]
    inlines = [OutboxMessageInline]
    actions = ["retry_failed_deliveries"]

    @admin.action(description="Retry failed deliveries")
    def retry_failed_deliveries(self, request, queryset) -> None:
        _retry(self, request, OutboxMessage.objects.filter(scheduled_post__in=queryset, status=OutboxStatus.FAILED))


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "status", "attempts", "next_attempt_at", "locked_until", "scheduled_post"]
    list_filter = ["status", "kind", "scheduled_post__backend"]
    search_fields = ["=id", "idempotency_key", "scheduled_post__job_id", "=scheduled_post__id"]
    raw_id_fields = ["scheduled_post"]
    readonly_fields = ["id", "created_at", "updated_at", "delivered_at"]
    actions = ["retry_failed_deliveries"]

    @admin.action(description="Retry failed deliveries")
    def retry_failed_deliveries(self, request, queryset) -> None:
        _retry(self, request, queryset)
