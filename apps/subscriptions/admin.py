"""Admin for ops: plans (limits editable), subscriptions, the usage ledger and received Stripe events.

Money and Stripe fields are read-only: prices and subscriptions are changed in Stripe (the webhook
mirrors them here); the ledger and the event log are records, never edited by hand.
"""

import json

from django.contrib import admin
from django.db import transaction
from django.utils.html import format_html

from apps.subscriptions.models import Plan, StripeEvent, Subscription, UsagePeriod, UsageReservation
from apps.subscriptions.services import plans_cache_invalidate, subscription_manual_grant


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = [
        "slug",
        "name",
        "price_cents",
        "monthly_token_limit",
        "monthly_post_limit",
        "workspace_limit",
        "member_limit",
        "requests_per_minute",
        "generations_per_minute",
        "is_active",
    ]
    list_filter = ["is_active"]
    search_fields = ["slug", "name"]
    ordering = ["sort_order", "price_cents"]

    def get_readonly_fields(self, request, obj=None):
        # Price and Stripe price belong to Stripe once the plan exists; limits are data to tune here.
        return ["slug", "price_cents", "currency", "stripe_price_id"] if obj else []

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # subscriptions reference plans (PROTECT); deactivate instead

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The public plan list and the organizations' cached limits (apps.subscriptions.throttles).
        transaction.on_commit(plans_cache_invalidate)


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = [
        "organization",
        "plan",
        "status",
        "cancel_at_period_end",
        "current_period_end",
        "stripe_customer_id",
        "updated_at",
    ]
    list_filter = ["plan", "status", "cancel_at_period_end"]
    search_fields = [
        "organization__name",
        "organization__slug",
        "=organization__id",
        "=stripe_customer_id",
        "=stripe_subscription_id",
    ]
    list_select_related = ["organization", "plan"]
    readonly_fields = [
        "id",
        "organization",
        "stripe_customer_id",
        "stripe_subscription_id",
        "current_period_start",
        "current_period_end",
        "cancel_at_period_end",
        "last_event_at",
        "created_at",
        "updated_at",
    ]
    fields = ["id", "organization", "plan", "status", *readonly_fields[2:]]

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # created with the organization

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        # Plan and status are the only editable fields: a manual grant (see the service).
        subscription_manual_grant(subscription_id=obj.pk, plan=obj.plan, status=obj.status)


class UsageReservationInline(admin.TabularInline):
    model = UsageReservation
    fields = ["id", "tokens", "posts", "tokens_settled", "status", "created_at", "closed_at"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ["-created_at"]
    show_change_link = True


@admin.register(UsagePeriod)
class UsagePeriodAdmin(ReadOnlyAdmin):
    list_display = [
        "organization",
        "period_start",
        "period_end",
        "tokens_used",
        "tokens_reserved",
        "posts_used",
        "posts_reserved",
        "updated_at",
    ]
    list_filter = ["period_start"]
    search_fields = ["organization__name", "organization__slug", "=organization__id"]
    list_select_related = ["organization"]
    date_hierarchy = "period_start"
    inlines = [UsageReservationInline]


@admin.register(UsageReservation)
class UsageReservationAdmin(ReadOnlyAdmin):
    list_display = ["id", "organization", "tokens", "posts", "tokens_settled", "status", "created_at", "closed_at"]
    list_filter = ["status"]
    search_fields = ["=id", "period__organization__name", "=period__organization__id"]
    list_select_related = ["period__organization"]
    date_hierarchy = "created_at"

    @admin.display(ordering="period__organization__name")
    def organization(self, obj: UsageReservation):
        return obj.period.organization


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyAdmin):
    list_display = ["stripe_event_id", "type", "status", "outcome", "organization", "created", "received_at"]
    list_filter = ["status", "type", "livemode"]
    search_fields = ["=stripe_event_id", "type", "organization__name", "=organization__id"]
    list_select_related = ["organization"]
    date_hierarchy = "received_at"
    exclude = ["payload"]
    readonly_fields = ["payload_pretty"]

    @admin.display(description="payload")
    def payload_pretty(self, obj: StripeEvent):
        return format_html("<pre>{}</pre>", json.dumps(obj.payload, indent=2, sort_keys=True))
