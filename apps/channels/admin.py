"""Admin of the channels: the accounts and their state, never a token or a secret."""

from django.contrib import admin

from apps.channels.models import Channel, MastodonApp


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    # Tokens are excluded (not even as read-only ciphertext): the vault's values stay out of the admin.
    fields = [
        "organization",
        "workspace",
        "network",
        "account_id",
        "handle",
        "display_name",
        "avatar_url",
        "instance_url",
        "scopes",
        "state",
        "state_reason",
        "token_expires_at",
        "connected_by",
        "connected_at",
        "updated_at",
    ]
    readonly_fields = fields
    list_display = ["handle", "network", "state", "workspace", "token_expires_at"]
    list_filter = ["network", "state"]
    search_fields = ["handle", "=account_id", "=id"]

    def has_add_permission(self, request, obj=None) -> bool:  # connected through the API's flows only
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MastodonApp)
class MastodonAppAdmin(admin.ModelAdmin):
    fields = ["instance_url", "redirect_uri", "client_id", "scopes", "created_at"]
    readonly_fields = fields
    list_display = ["instance_url", "scopes", "created_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
