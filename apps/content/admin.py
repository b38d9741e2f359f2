"""Admin: contents with their (immutable, read-only) versions inline."""

from django.contrib import admin

from apps.content.models import Content, ContentReview, ContentVersion


class ContentVersionInline(admin.TabularInline):
    model = ContentVersion
    extra = 0
    can_delete = False
    ordering = ["version"]
    fields = [
        "version",
        "source",
        "provider",
        "model",
        "text",
        "prompt_tokens",
        "completion_tokens",
        "total_tokens",
        "latency_ms",
        "truncated",
        "created_by",
        "created_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Content)
class ContentAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "platform",
        "tone",
        "organization",
        "current_version",
        "review_state",
        "archived_at",
        "deleted_at",
        "created_by",
        "created_at",
    ]
    list_filter = ["platform", "tone", "review_state", "versions__provider", "created_at"]
    search_fields = ["prompt", "current_text", "versions__text", "organization__name"]
    list_select_related = ["organization", "created_by"]
    raw_id_fields = ["organization", "workspace", "created_by"]
    # Review and lifecycle fields change only through the services (conditional updates, events).
    readonly_fields = [
        "current_version",
        "current_text",
        "review_state",
        "review_version",
        "review_updated_at",
        "review_updated_by",
        "archived_at",
        "archived_by",
        "deleted_at",
        "deleted_by",
        "created_at",
        "updated_at",
    ]
    inlines = [ContentVersionInline]
    show_full_result_count = False


@admin.register(ContentVersion)
class ContentVersionAdmin(admin.ModelAdmin):
    """Read-only: versions are immutable provenance records."""

    list_display = ["content", "version", "source", "provider", "model", "total_tokens", "created_by", "created_at"]
    list_filter = ["source", "provider", "truncated"]
    search_fields = ["text", "content__prompt"]
    list_select_related = ["content", "created_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]


@admin.register(ContentReview)
class ContentReviewAdmin(admin.ModelAdmin):
    """Read-only: the review history is a record of what happened."""

    list_display = ["content", "action", "from_state", "to_state", "version", "actor", "created_at"]
    list_filter = ["action", "to_state"]
    search_fields = ["comment", "content__prompt"]
    list_select_related = ["content", "actor"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]
