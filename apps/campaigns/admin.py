"""Admin: campaigns with their variants (read-only)."""

from django.contrib import admin

from apps.campaigns.models import Campaign, CampaignVariant


class CampaignVariantInline(admin.TabularInline):
    model = CampaignVariant
    extra = 0
    can_delete = False
    fields = ["position", "platform", "status", "content", "error_code", "error_message"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["id", "organization", "tone", "created_at"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["organization", "workspace", "created_by"]
    inlines = [CampaignVariantInline]
