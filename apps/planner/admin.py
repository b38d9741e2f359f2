"""Admin of the planner: schedules with their slots, the queue, recurring series, evergreen content."""

from django.contrib import admin

from apps.planner.models import EvergreenContent, Occurrence, PostingSchedule, QueueEntry, RecurringSeries, ScheduleSlot


class ScheduleSlotInline(admin.TabularInline):
    model = ScheduleSlot
    extra = 0


@admin.register(PostingSchedule)
class PostingScheduleAdmin(admin.ModelAdmin):
    list_display = ("workspace", "organization", "timezone", "paused_at", "evergreen_interval_days")
    raw_id_fields = ("organization", "workspace")
    inlines = [ScheduleSlotInline]


@admin.register(QueueEntry)
class QueueEntryAdmin(admin.ModelAdmin):
    list_display = ("id", "schedule", "slot_at", "status", "source", "content")
    list_filter = ("status", "source")
    raw_id_fields = ("organization", "schedule", "content", "scheduled_post", "created_by")


@admin.register(RecurringSeries)
class RecurringSeriesAdmin(admin.ModelAdmin):
    list_display = ("id", "workspace", "frequency", "local_time", "timezone", "ended_at")
    raw_id_fields = ("organization", "workspace", "content", "created_by")


@admin.register(Occurrence)
class OccurrenceAdmin(admin.ModelAdmin):
    list_display = ("id", "series", "occurrence_at", "status")
    list_filter = ("status",)
    raw_id_fields = ("organization", "series", "scheduled_post")


@admin.register(EvergreenContent)
class EvergreenContentAdmin(admin.ModelAdmin):
    list_display = ("content", "workspace", "last_queued_at", "recycled")
    raw_id_fields = ("organization", "workspace", "content", "created_by")
