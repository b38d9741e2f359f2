"""Billing endpoints: public plan list, checkout and portal sessions, subscription and usage, Stripe webhook."""

from typing import Any

from django.conf import settings
from django.core.cache import cache
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.common.pagination import PageNumberPagination
from apps.common.schema import error
from apps.organizations.models import Role
from apps.organizations.selectors import membership_require
from apps.subscriptions import stripe_gateway
from apps.subscriptions.exceptions import BillingNotConfigured
from apps.subscriptions.ratelimits import organization_rate_limits
from apps.subscriptions.selectors import plan_list_active, subscription_for_organization, subscription_usage_summary
from apps.subscriptions.services import (
    PLANS_CACHE_KEY,
    checkout_session_create,
    portal_session_create,
    return_url_is_allowed,
    stripe_event_process,
)

PLANS_CACHE_SECONDS = 300

E400 = error("Validation error; details hold the field errors.")
E403 = error("Billing needs the owner or admin role.")
E404_ORG = error("Organization not found, or you are not a member of it.")
E502 = error("Stripe failed or could not be reached (code stripe_error).")
E503 = error("Billing is not configured on this server (code billing_not_configured).")

ORG_ID_QUERY = OpenApiParameter(
    "organization_id",
    OpenApiTypes.UUID,
    OpenApiParameter.QUERY,
    required=False,
    description="Organization to read; may be omitted when you belong to exactly one organization.",
)


def _require_billing_configured() -> None:
    if not stripe_gateway.stripe_configured():
        raise BillingNotConfigured()


class PlanOutputSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    price_cents = serializers.IntegerField()
    currency = serializers.CharField()
    monthly_token_limit = serializers.IntegerField(allow_null=True, help_text="null = unlimited")
    monthly_post_limit = serializers.IntegerField(allow_null=True, help_text="null = unlimited")
    workspace_limit = serializers.IntegerField(allow_null=True, help_text="null = unlimited")
    member_limit = serializers.IntegerField(allow_null=True, help_text="null = unlimited")
    requests_per_minute = serializers.IntegerField()
    generations_per_minute = serializers.IntegerField()


class PlanPagination(PageNumberPagination):
    """The usual page, plus the Stripe publishable key the front end needs (null when unset)."""

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["stripe_publishable_key"] = settings.STRIPE_PUBLISHABLE_KEY or None
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["stripe_publishable_key"] = {
            "type": "string",
            "nullable": True,
            "description": "STRIPE_PUBLISHABLE_KEY (pk_...), for Stripe.js in the front end; null when not set.",
        }
        return paginated


class PlanListApi(APIView):
    """Public: works without a token and without Stripe keys; cached."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    pagination_class = PlanPagination

    @extend_schema(
        operation_id="subscriptions_plans_list",
        summary="List the available plans (public)",
        responses={200: PlanOutputSerializer(many=True)},
        auth=[],
    )
    def get(self, request: Request) -> Response:
        plans = cache.get(PLANS_CACHE_KEY)
        if plans is None:
            plans = PlanOutputSerializer(plan_list_active(), many=True).data
            cache.set(PLANS_CACHE_KEY, plans, timeout=PLANS_CACHE_SECONDS)
        paginator = PlanPagination()
        page = paginator.paginate_queryset(list(plans), request, view=self)
        response = paginator.get_paginated_response(page)
        response["Cache-Control"] = f"public, max-age={PLANS_CACHE_SECONDS}"
        return response


class CheckoutSessionCreateApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        organization_id = serializers.UUIDField()
        plan = serializers.SlugField(max_length=32, help_text="Slug of a paid plan: pro or team.")

    class OutputSerializer(serializers.Serializer):
        checkout_url = serializers.URLField()
        session_id = serializers.CharField()

    @extend_schema(
        operation_id="subscriptions_checkout_session_create",
        summary="Start a Stripe Checkout for a paid plan (owner/admin)",
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            400: error("Validation error, unknown plan or free plan (code plan_not_purchasable)."),
            403: E403,
            404: E404_ORG,
            409: error("The organization already pays (code already_subscribed): use the portal instead."),
            502: E502,
            503: E503,
        },
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = membership_require(
            user=request.user, organization_id=data.validated_data["organization_id"], role=Role.ADMIN
        )
        _require_billing_configured()
        session = checkout_session_create(organization=membership.organization, plan_slug=data.validated_data["plan"])
        return Response(self.OutputSerializer({"checkout_url": session.url, "session_id": session.id}).data)


class PortalSessionCreateApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        organization_id = serializers.UUIDField()
        return_url = serializers.URLField(
            required=False, max_length=2000, help_text="Where Stripe sends the user back; one of our front-end origins."
        )

        def validate_return_url(self, value: str) -> str:
            if not return_url_is_allowed(value):
                raise serializers.ValidationError("Must be on FRONTEND_URL or one of CORS_ALLOWED_ORIGINS.")
            return value

    class OutputSerializer(serializers.Serializer):
        portal_url = serializers.URLField()

    @extend_schema(
        operation_id="subscriptions_portal_session_create",
        summary="Open the Stripe customer portal: plan changes, payment methods, cancellation (owner/admin)",
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            400: E400,
            403: E403,
            404: E404_ORG,
            409: error("No billing account yet (code no_billing_account): start a checkout first."),
            502: E502,
            503: E503,
        },
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = membership_require(
            user=request.user, organization_id=data.validated_data["organization_id"], role=Role.ADMIN
        )
        _require_billing_configured()
        url = portal_session_create(
            organization=membership.organization, return_url=data.validated_data.get("return_url")
        )
        return Response(self.OutputSerializer({"portal_url": url}).data)


class _LimitSerializer(serializers.Serializer):
    limit = serializers.IntegerField(allow_null=True, help_text="null = unlimited")
    used = serializers.IntegerField()
    remaining = serializers.IntegerField(allow_null=True, help_text="null = unlimited")


class _MeteredSerializer(_LimitSerializer):
    reserved = serializers.IntegerField(help_text="Held by calls in flight; counts against the limit.")


class _MembersSerializer(_LimitSerializer):
    members = serializers.IntegerField()
    pending_invitations = serializers.IntegerField()


def _remaining(limit: int | None, used: int) -> int | None:
    return None if limit is None else max(0, limit - used)


class SubscriptionDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    class OutputSerializer(serializers.Serializer):
        class PlanSerializer(serializers.Serializer):
            slug = serializers.SlugField()
            name = serializers.CharField()
            price_cents = serializers.IntegerField()
            currency = serializers.CharField()

        class UsageSerializer(serializers.Serializer):
            period_start = serializers.DateTimeField()
            resets_at = serializers.DateTimeField()
            tokens = _MeteredSerializer()
            posts = _MeteredSerializer()
            workspaces = _LimitSerializer()
            members = _MembersSerializer()

        class RateLimitsSerializer(serializers.Serializer):
            requests_per_minute = serializers.IntegerField()
            generations_per_minute = serializers.IntegerField()

        organization_id = serializers.UUIDField()
        plan = PlanSerializer(help_text="The subscribed plan.")
        effective_plan = serializers.SlugField(help_text="The plan whose limits apply now (free once lapsed).")
        status = serializers.CharField()
        current_period_start = serializers.DateTimeField(allow_null=True)
        current_period_end = serializers.DateTimeField(allow_null=True)
        cancel_at_period_end = serializers.BooleanField()
        usage = UsageSerializer()
        rate_limits = RateLimitsSerializer()

    class FilterSerializer(serializers.Serializer):
        organization_id = serializers.UUIDField(required=False)

    @extend_schema(
        operation_id="subscriptions_retrieve",
        summary="The organization's plan, status, billing period and live usage against every limit",
        parameters=[ORG_ID_QUERY],
        description="Read from our own database: works without Stripe keys (the embedded default).",
        responses={200: OutputSerializer, 400: E400, 404: E404_ORG},
    )
    def get(self, request: Request) -> Response:
        query = self.FilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        membership = membership_require(
            user=request.user, organization_id=query.validated_data.get("organization_id"), role=Role.VIEWER
        )
        subscription = subscription_for_organization(organization_id=membership.organization_id)
        usage = subscription_usage_summary(subscription=subscription)
        plan = usage.plan
        tokens_used = usage.tokens_used + usage.tokens_reserved
        posts_used = usage.posts_used + usage.posts_reserved
        members_used = usage.members_used + usage.pending_invitations
        limits = organization_rate_limits(organization_id=membership.organization_id)
        body: dict[str, Any] = {
            "organization_id": subscription.organization_id,
            "plan": subscription.plan,
            "effective_plan": plan.slug,
            "status": subscription.status,
            "current_period_start": subscription.current_period_start,
            "current_period_end": subscription.current_period_end,
            "cancel_at_period_end": subscription.cancel_at_period_end,
            "usage": {
                "period_start": usage.period_start,
                "resets_at": usage.period_end,
                "tokens": {
                    "limit": plan.monthly_token_limit,
                    "used": usage.tokens_used,
                    "reserved": usage.tokens_reserved,
                    "remaining": _remaining(plan.monthly_token_limit, tokens_used),
                },
                "posts": {
                    "limit": plan.monthly_post_limit,
                    "used": usage.posts_used,
                    "reserved": usage.posts_reserved,
                    "remaining": _remaining(plan.monthly_post_limit, posts_used),
                },
                "workspaces": {
                    "limit": plan.workspace_limit,
                    "used": usage.workspaces_used,
                    "remaining": _remaining(plan.workspace_limit, usage.workspaces_used),
                },
                "members": {
                    "limit": plan.member_limit,
                    "used": members_used,
                    "members": usage.members_used,
                    "pending_invitations": usage.pending_invitations,
                    "remaining": _remaining(plan.member_limit, members_used),
                },
            },
            "rate_limits": {
                "requests_per_minute": limits["requests"],
                "generations_per_minute": limits["generations"],
            },
        }
        return Response(self.OutputSerializer(body).data)


class StripeEventDataSerializer(serializers.Serializer):
    object = serializers.DictField(help_text="The Stripe object the event is about.")


class StripeEventSerializer(serializers.Serializer):
    """What Stripe sends (the fields we read); documentation only: the view reads the raw, signed body.
    Anything else in a signed body is a 400 malformed_request."""

    id = serializers.CharField(min_length=1, max_length=255)
    object = serializers.ChoiceField(choices=["event"], required=False)
    type = serializers.CharField(max_length=100, allow_blank=True)
    created = serializers.IntegerField(min_value=0, max_value=253402300799, help_text="Unix time.")
    livemode = serializers.BooleanField(required=False)
    data = StripeEventDataSerializer()


class StripeWebhookApi(APIView):
    """Called by Stripe, authenticated by the Stripe-Signature header (no JWT, no throttle)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes: list = []

    class OutputSerializer(serializers.Serializer):
        received = serializers.BooleanField()
        duplicate = serializers.BooleanField(help_text="The event id was already received; nothing changed.")
        status = serializers.ChoiceField(
            choices=["processed", "ignored", "stale", "unmatched"],
            help_text="What became of the event (for a duplicate: of its first delivery).",
        )

    @extend_schema(
        operation_id="subscriptions_webhook",
        summary="Stripe webhook endpoint (signed with STRIPE_WEBHOOK_SECRET)",
        description=(
            "Handles checkout.session.completed, customer.subscription.created/updated/deleted, invoice.paid and "
            "invoice.payment_failed. Every event id is applied once; older events never overwrite newer state; "
            "other types, unknown customers and duplicates answer 200 and change nothing."
        ),
        request={"application/json": StripeEventSerializer},
        parameters=[
            OpenApiParameter(
                "Stripe-Signature",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description="t=<unix time>,v1=<HMAC-SHA256 of 't.body' with the endpoint secret>",
            )
        ],
        responses={
            200: OutputSerializer,
            400: error(
                "Signature missing, invalid or older than STRIPE_WEBHOOK_TOLERANCE (invalid_signature), "
                "or a body that is not a Stripe event (malformed_request). Nothing changes."
            ),
            503: error("STRIPE_WEBHOOK_SECRET is not set (code billing_not_configured)."),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        event = stripe_gateway.webhook_event_verify(
            payload=request.body, signature_header=request.headers.get("Stripe-Signature")
        )
        result = stripe_event_process(event=event)
        return Response(
            self.OutputSerializer({"received": True, "duplicate": result.duplicate, "status": result.status}).data
        )
