"""Admin: brand voices (with their revisions, read-only) and prompt templates."""

from django.contrib import admin

from apps.brand.models import BrandVoice, BrandVoiceRevision, PromptTemplate


class BrandVoiceRevisionInline(admin.TabularInline):
    model = BrandVoiceRevision
    extra = 0
    can_delete = False
    fields = ["revision", "description", "banned_phrases", "required_hashtags", "created_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(BrandVoice)
class BrandVoiceAdmin(admin.ModelAdmin):
    list_display = ["workspace", "organization", "revision", "updated_at"]
    readonly_fields = ["revision", "created_at", "updated_at"]
    raw_id_fields = ["organization", "workspace", "updated_by"]
    inlines = [BrandVoiceRevisionInline]


@admin.register(PromptTemplate)
class PromptTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "workspace", "organization", "updated_at"]
    search_fields = ["name"]
    readonly_fields = ["variables", "created_at", "updated_at"]
    raw_id_fields = ["organization", "workspace", "created_by"]
