"""Billing endpoints: public plan list, checkout and portal sessions, subscription and usage, Stripe webhook."""

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.common.pagination import PageNumberPagination
from apps.common.schema import E400, E404_ORG, ORG_ID_QUERY, error, errors_of
from apps.common.serializers import StrictCharField, StrictSlugField, StrictURLField
from apps.common.views import IdempotentMixin
from apps.subscriptions import stripe_gateway
from apps.subscriptions.exceptions import (
    AlreadySubscribed,
    BillingNotConfigured,
    NoBillingAccount,
    StripeUnavailable,
)
from apps.subscriptions.plan_cache import PLAN_LIST_SECONDS, PLANS, plan_list_cache
from apps.subscriptions.selectors import plan_list_active, subscription_overview
from apps.subscriptions.services import (
    RETURN_URL_REFUSED,
    checkout_session_create,
    portal_session_create,
    return_url_is_allowed,
    stripe_event_process,
)

PLANS_CACHE_SECONDS = PLAN_LIST_SECONDS  # the browser's copy lives as long as ours

E403 = error("Billing needs the owner or admin role.")
E502 = errors_of(StripeUnavailable, note="Stripe failed or could not be reached.")
E503 = errors_of(BillingNotConfigured)


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
        plans = plan_list_cache.get(  # voided by any plan edit (apps.subscriptions.plan_cache)
            PLANS,
            lambda: list(PlanOutputSerializer(plan_list_active(), many=True).data),
            shape=tuple(PlanOutputSerializer().fields),
        )
        paginator = PlanPagination()
        page = paginator.paginate_queryset(list(plans), request, view=self)
        response = paginator.get_paginated_response(page)
        response["Cache-Control"] = f"public, max-age={PLANS_CACHE_SECONDS}"
        return response


class CheckoutSessionCreateApi(IdempotentMixin, APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        organization_id = serializers.UUIDField()
        plan = StrictSlugField(max_length=32, help_text="Slug of a paid plan: pro or team.")

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
            403: error(
                "Your role is too low, or (with REQUIRE_VERIFIED_EMAIL_FOR=billing) your email is not verified "
                "(code email_not_verified)."
            ),
            404: E404_ORG,
            409: errors_of(AlreadySubscribed),
            502: E502,
            503: E503,
        },
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = checkout_session_create(
            user=request.user,
            organization_id=data.validated_data["organization_id"],
            plan_slug=data.validated_data["plan"],
        )
        return Response(self.OutputSerializer({"checkout_url": session.url, "session_id": session.id}).data)


class PortalSessionCreateApi(IdempotentMixin, APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        organization_id = serializers.UUIDField()
        return_url = StrictURLField(
            required=False, max_length=2000, help_text="Where Stripe sends the user back; one of our front-end origins."
        )

        def validate_return_url(self, value: str) -> str:
            if not return_url_is_allowed(value):
                raise serializers.ValidationError(RETURN_URL_REFUSED)
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
            409: errors_of(NoBillingAccount),
            502: E502,
            503: E503,
        },
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        url = portal_session_create(
            user=request.user,
            organization_id=data.validated_data["organization_id"],
            return_url=data.validated_data.get("return_url"),
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
            resets_at = serializers.DateTimeField(source="period_end")
            tokens = _MeteredSerializer()
            posts = _MeteredSerializer()
            images = _MeteredSerializer(help_text="AI image credits (one per generated image).")
            workspaces = _LimitSerializer()
            members = _MembersSerializer()
            storage = _LimitSerializer(
                help_text="Bytes of media kept (originals and derivatives) against the plan's storage_limit_bytes."
            )

        class RateLimitsSerializer(serializers.Serializer):
            requests_per_minute = serializers.IntegerField()
            generations_per_minute = serializers.IntegerField()

        organization_id = serializers.UUIDField(source="subscription.organization_id")
        plan = PlanSerializer(source="subscription.plan", help_text="The subscribed plan.")
        effective_plan = serializers.SlugField(
            source="effective_plan.slug", help_text="The plan whose limits apply now (free once lapsed)."
        )
        status = serializers.CharField(source="subscription.status")
        current_period_start = serializers.DateTimeField(source="subscription.current_period_start", allow_null=True)
        current_period_end = serializers.DateTimeField(source="subscription.current_period_end", allow_null=True)
        cancel_at_period_end = serializers.BooleanField(source="subscription.cancel_at_period_end")
        usage = UsageSerializer(source="*")
        rate_limits = RateLimitsSerializer(source="*")

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
        overview = subscription_overview(user=request.user, organization_id=query.validated_data.get("organization_id"))
        return Response(self.OutputSerializer(overview).data)


class StripeEventDataSerializer(serializers.Serializer):
    object = serializers.DictField(help_text="The Stripe object the event is about.")


class StripeEventSerializer(serializers.Serializer):
    """What Stripe sends (the fields we read); documentation only: the view reads the raw, signed body.
    Anything else in a signed body is a 400 malformed_request."""

    id = StrictCharField(min_length=1, max_length=255)
    object = serializers.ChoiceField(choices=["event"], required=False)
    type = StrictCharField(max_length=100, allow_blank=True)
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
        # Exactly what OutputSerializer (which documents it) would produce, without its per-field work.
        return Response({"received": True, "duplicate": result.duplicate, "status": result.status})
