"""Admin: scheduled posts and their outbox messages, with a retry action for failed deliveries, an
"overdue" filter (queued past scheduled_at + the reconcile grace) and a "reconcile now" action."""

from django.contrib import admin, messages

from apps.scheduling.models import OutboxMessage, OutboxStatus, ScheduledPost
from apps.scheduling.outbox import outbox_message_retry
from apps.scheduling.reconcile import scheduled_post_reconcile, scheduled_posts_overdue


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


class OverdueFilter(admin.SimpleListFilter):
    """Queued posts whose result should have come by now (SCHEDULER_RECONCILE_GRACE_SECONDS)."""

    title = "result overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Queued, no result past the grace")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(pk__in=scheduled_posts_overdue().values("pk"))
        return queryset


@admin.register(ScheduledPost)
class ScheduledPostAdmin(admin.ModelAdmin):
    list_display = ["id", "organization", "platform", "scheduled_at", "status", "backend", "job_id", "attempts"]
    list_filter = ["status", OverdueFilter, "backend", "platform"]
    search_fields = ["=id", "job_id", "platform_post_id", "=content__id"]
    date_hierarchy = "scheduled_at"
    list_select_related = ["organization"]
    raw_id_fields = ["organization", "content", "content_version", "created_by", "channel"]
    readonly_fields = [
        "id",
        "status",
        "job_id",
        "platform_post_id",
        "platform_post_url",
        "last_error",
        "attempts",
        "created_at",
        "updated_at",
        "queued_at",
        "published_at",
        "cancelled_at",
        "failed_at",
        "reconcile_checked_at",
    ]
    inlines = [OutboxMessageInline]
    actions = ["retry_failed_deliveries", "reconcile_now"]

    @admin.action(description="Reconcile now (ask the scheduler about queued posts)")
    def reconcile_now(self, request, queryset) -> None:
        outcomes: dict[str, int] = {}
        for post_id in queryset.filter(status="queued").values_list("id", flat=True):
            outcome = scheduled_post_reconcile(post_id=post_id, force=True)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items())) or "no queued post"
        self.message_user(request, f"Reconciled: {summary}.", messages.INFO)

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
