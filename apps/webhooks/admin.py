"""Admin: webhook endpoints (secrets hidden) and their delivery log, read-only."""

from django.contrib import admin

from apps.webhooks.models import WebhookDelivery, WebhookEndpoint


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["url", "organization", "is_active", "consecutive_failures", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["url", "=organization__id"]
    exclude = ["secret", "previous_secret"]
    # The URL and event types change through the API only (the SSRF check runs there).
    readonly_fields = [
        "organization",
        "url",
        "event_types",
        "sequence",
        "locked_until",
        "created_by",
        "consecutive_failures",
    ]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["event_type", "endpoint", "sequence", "status", "attempts", "next_attempt_at", "response_status"]
    list_filter = ["status", "event_type"]
    search_fields = ["=event_id", "=endpoint__id"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in WebhookDelivery._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
