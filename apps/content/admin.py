"""Admin: contents with their (immutable, read-only) versions inline."""

from django.contrib import admin

from apps.content.models import Content, ContentVersion


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
    list_display = ["id", "platform", "tone", "organization", "current_version", "created_by", "created_at"]
    list_filter = ["platform", "tone", "versions__provider", "created_at"]
    search_fields = ["prompt", "current_text", "versions__text", "organization__name"]
    list_select_related = ["organization", "created_by"]
    raw_id_fields = ["organization", "workspace", "created_by"]
    readonly_fields = ["current_version", "current_text", "created_at", "updated_at"]
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
