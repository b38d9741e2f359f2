"""Endpoints of /api/v1/webhooks/: an organization's webhook endpoints (owners and admins), their
delivery log, manual redelivery, and the catalogue of event types."""

from typing import Any
from uuid import UUID

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.common.pagination import PageNumberPagination, PageOrCursorPagination, paginated_response
from apps.common.preconditions import if_match, with_etag
from apps.common.schema import E400, E404_ORG, ORG_ID_QUERY, ORG_ID_RULE, error, errors_of
from apps.common.serializers import StrictCharField
from apps.common.views import IdempotentMixin
from apps.organizations.models import Role
from apps.organizations.selectors import membership_require
from apps.webhooks import selectors, services
from apps.webhooks.catalogue import EVENT_TYPES
from apps.webhooks.exceptions import WebhookEndpointDisabled
from apps.webhooks.models import DeliveryStatus, WebhookEndpoint
from apps.webhooks.signing import LEGACY, STANDARD

E403 = error("Only owners and admins manage webhook endpoints.")
E404 = error("Webhook endpoint not found, or you are not a member of its organization.")
URL_HELP = (
    "https URL receiving the events: no whitespace, control characters or credentials, port 443 (or another "
    "port the operator allows), and a host resolving to public addresses only (400 `webhook_url_refused` "
    "otherwise)."
)


SIGNATURE_SCHEMES = [STANDARD, LEGACY]
SCHEME_HELP = (
    "How deliveries are signed (docs/webhooks.md#verifying): `standard` = Standard Webhooks (Webhook-Id, "
    "Webhook-Timestamp, Webhook-Signature `v1,<base64>`), every endpoint created now; `legacy` = "
    "`t=<time>,v1=<hex>`, endpoints created before, until switched."
)


class EndpointOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    organization_id = serializers.UUIDField()
    url = serializers.URLField()
    description = serializers.CharField()
    event_types = serializers.ListField(child=serializers.ChoiceField(choices=sorted(EVENT_TYPES)))
    is_active = serializers.BooleanField()
    signature_scheme = serializers.ChoiceField(choices=SIGNATURE_SCHEMES, help_text=SCHEME_HELP)
    disabled_at = serializers.DateTimeField(allow_null=True)
    disabled_reason = serializers.CharField()
    consecutive_failures = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class EndpointWithSecretOutputSerializer(EndpointOutputSerializer):
    secret = serializers.CharField(help_text="The signing secret. Shown only in this answer: store it now.")


class DeliveryOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    endpoint_id = serializers.UUIDField()
    event_id = serializers.UUIDField(help_text="Sent as Webhook-Id; the same for every redelivery.")
    event_type = serializers.CharField()
    sequence = serializers.IntegerField(help_text="Order of the event for this endpoint.")
    status = serializers.ChoiceField(choices=DeliveryStatus.choices)
    attempts = serializers.IntegerField()
    next_attempt_at = serializers.DateTimeField(help_text="When it is tried next (pending deliveries).")
    last_attempt_at = serializers.DateTimeField(allow_null=True)
    response_status = serializers.IntegerField(allow_null=True, help_text="HTTP status of the last answer.")
    last_error = serializers.CharField()
    redelivery_of = serializers.UUIDField(source="redelivery_of_id", allow_null=True)
    created_at = serializers.DateTimeField()
    delivered_at = serializers.DateTimeField(allow_null=True)


def _validated(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _event_types_field(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(EVENT_TYPES)),
        min_length=1,
        max_length=len(EVENT_TYPES),
        help_text="Event types to receive (see GET /api/v1/webhooks/event-types/).",
        **kwargs,
    )


def _endpoint_in_path(request: Request, kwargs: dict[str, Any]) -> Any:
    return selectors.webhook_endpoint_organization_id(endpoint_id=kwargs.get("id"))


class EndpointListCreateApi(IdempotentMixin, APIView):
    pagination_class = PageNumberPagination

    class FilterSerializer(serializers.Serializer):
        organization_id = serializers.UUIDField(required=False, default=None)

    class InputSerializer(serializers.Serializer):
        organization_id = serializers.UUIDField(required=False, default=None, help_text=ORG_ID_RULE)
        # Not trimmed: a URL with whitespace is refused, not silently changed (apps.webhooks.netguard).
        url = StrictCharField(max_length=2000, trim_whitespace=False, help_text=URL_HELP)
        event_types = _event_types_field()
        description = StrictCharField(max_length=200, required=False, allow_blank=True, default="")

    @extend_schema(
        operation_id="webhooks_endpoints_list",
        parameters=[ORG_ID_QUERY],
        responses={200: EndpointOutputSerializer(many=True), 400: E400, 403: E403, 404: E404_ORG},
        description="The organization's webhook endpoints (owners and admins). Secrets are never listed.",
    )
    def get(self, request: Request) -> Response:
        filters = _validated(self.FilterSerializer, request.query_params)
        membership = membership_require(user=request.user, organization_id=filters["organization_id"], role=Role.ADMIN)
        return paginated_response(
            queryset=selectors.webhook_endpoint_list(organization_id=membership.organization_id),
            serializer_class=EndpointOutputSerializer,
            request=request,
            view=self,
        )

    @extend_schema(
        operation_id="webhooks_endpoints_create",
        request=InputSerializer,
        responses={201: EndpointWithSecretOutputSerializer, 400: E400, 403: E403, 404: E404_ORG},
        description=(
            "Register an endpoint (owners and admins). The answer carries the signing secret, shown once. "
            "Refused (400 `webhook_url_refused`) unless the URL is https, on an allowed port, and its host "
            "resolves to public addresses only."
        ),
    )
    def post(self, request: Request) -> Response:
        _require_admin_of_body_organization(request)  # 404, 403, then 400
        data = _validated(self.InputSerializer, request.data)
        membership = membership_require(user=request.user, organization_id=data.pop("organization_id"), role=Role.ADMIN)
        endpoint = services.webhook_endpoint_create(
            user=request.user, organization_id=membership.organization_id, **data
        )
        return Response(EndpointWithSecretOutputSerializer(endpoint).data, status=status.HTTP_201_CREATED)


def _require_admin_of_body_organization(request: Request) -> None:
    data = request.data
    value = data.get("organization_id") if isinstance(data, dict) else None
    try:
        organization_id = UUID(str(value)) if value is not None else None
    except ValueError:
        return
    membership_require(user=request.user, organization_id=organization_id, role=Role.ADMIN)


class EndpointDetailApi(APIView):
    etag = True  # ETag on reads, If-Match on writes (apps.common.preconditions)
    rate_limit_organization = staticmethod(_endpoint_in_path)

    class InputSerializer(serializers.Serializer):
        url = StrictCharField(max_length=2000, required=False, trim_whitespace=False, help_text=URL_HELP)
        event_types = _event_types_field(required=False)
        description = StrictCharField(max_length=200, required=False, allow_blank=True)
        is_active = serializers.BooleanField(
            required=False, help_text="false disables the endpoint; true enables it again and resumes its deliveries."
        )
        signature_scheme = serializers.ChoiceField(choices=SIGNATURE_SCHEMES, required=False, help_text=SCHEME_HELP)

    @extend_schema(
        operation_id="webhooks_endpoints_retrieve",
        responses={200: EndpointOutputSerializer, 403: E403, 404: E404},
    )
    def get(self, request: Request, id) -> Response:
        return with_etag(Response(self._current(request, id)))

    def _current(self, request: Request, id) -> dict:
        endpoint = services.webhook_endpoint_get(user=request.user, endpoint_id=id)
        return EndpointOutputSerializer(endpoint).data

    @extend_schema(
        operation_id="webhooks_endpoints_update",
        request=InputSerializer,
        responses={200: EndpointOutputSerializer, 400: E400, 403: E403, 404: E404},
        description="Change the URL, the event types, the description, or enable/disable the endpoint.",
    )
    def patch(self, request: Request, id) -> Response:
        endpoint = services.webhook_endpoint_get(user=request.user, endpoint_id=id)  # 404, 403, then 400
        data = _validated(self.InputSerializer, request.data)
        lock = WebhookEndpoint.objects.filter(pk=id)
        with if_match(request, lock=lock, current=lambda: self._current(request, id)):
            endpoint = services.webhook_endpoint_update(user=request.user, endpoint=endpoint, **data)
        return with_etag(Response(EndpointOutputSerializer(endpoint).data))

    @extend_schema(
        operation_id="webhooks_endpoints_delete",
        responses={204: None, 403: E403, 404: E404},
        description="Delete the endpoint and its delivery log; its pending deliveries are dropped.",
    )
    def delete(self, request: Request, id) -> Response:
        endpoint = services.webhook_endpoint_get(user=request.user, endpoint_id=id)
        lock = WebhookEndpoint.objects.filter(pk=id)
        with if_match(request, lock=lock, current=lambda: self._current(request, id)):
            services.webhook_endpoint_delete(user=request.user, endpoint=endpoint)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EndpointRotateSecretApi(APIView):
    rate_limit_organization = staticmethod(_endpoint_in_path)

    @extend_schema(
        operation_id="webhooks_endpoints_rotate_secret",
        request=None,
        responses={200: EndpointWithSecretOutputSerializer, 403: E403, 404: E404},
        description=(
            "A new signing secret, shown once in this answer. For 24 hours the previous secret still signs "
            "too (a second `v1` in Webhook-Signature), so the receiver can switch without losing events."
        ),
    )
    def post(self, request: Request, id) -> Response:
        endpoint = services.webhook_endpoint_get(user=request.user, endpoint_id=id)
        endpoint = services.webhook_endpoint_rotate_secret(user=request.user, endpoint=endpoint)
        return Response(EndpointWithSecretOutputSerializer(endpoint).data)


class DeliveryListApi(APIView):
    rate_limit_organization = staticmethod(_endpoint_in_path)
    pagination_class = PageOrCursorPagination
    cursor_ordering = ("-sequence",)  # the endpoint's deliveries, newest first (sequence is unique per endpoint)

    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=DeliveryStatus.choices, required=False)

    @extend_schema(
        operation_id="webhooks_deliveries_list",
        parameters=[
            OpenApiParameter(
                "status", OpenApiTypes.STR, enum=DeliveryStatus.values, description="Only deliveries in this state."
            )
        ],
        responses={200: DeliveryOutputSerializer(many=True), 400: E400, 403: E403, 404: E404},
        description="The endpoint's delivery log, newest first: status, attempts, next try, last answer.",
    )
    def get(self, request: Request, id) -> Response:
        endpoint = services.webhook_endpoint_get(user=request.user, endpoint_id=id)
        filters = _validated(self.FilterSerializer, request.query_params)
        return paginated_response(
            queryset=selectors.webhook_delivery_list(endpoint=endpoint, status=filters.get("status")),
            serializer_class=DeliveryOutputSerializer,
            request=request,
            view=self,
        )


class DeliveryRedeliverApi(APIView):
    rate_limit_organization = staticmethod(_endpoint_in_path)

    @extend_schema(
        operation_id="webhooks_deliveries_redeliver",
        request=None,
        responses={
            202: DeliveryOutputSerializer,
            403: E403,
            404: error("Webhook endpoint or delivery not found."),
            409: errors_of(WebhookEndpointDisabled),
        },
        description=(
            "Send the event again: a new delivery with the same event id (Webhook-Id) and body, queued after "
            "the endpoint's other deliveries."
        ),
    )
    def post(self, request: Request, id, delivery_id) -> Response:
        endpoint = services.webhook_endpoint_get(user=request.user, endpoint_id=id)
        delivery = services.webhook_delivery_redeliver(user=request.user, endpoint=endpoint, delivery_id=delivery_id)
        return Response(DeliveryOutputSerializer(delivery).data, status=status.HTTP_202_ACCEPTED)


class EventTypeListApi(APIView):
    permission_classes = [AllowAny]

    class OutputSerializer(serializers.Serializer):
        type = serializers.CharField()
        description = serializers.CharField()

    @extend_schema(
        operation_id="webhooks_event_types_list",
        responses={200: OutputSerializer(many=True)},
        description="The event types an endpoint can subscribe to (not paginated: a short, fixed list).",
    )
    def get(self, request: Request) -> Response:
        rows = [{"type": name, "description": text} for name, text in EVENT_TYPES.items()]
        return Response(self.OutputSerializer(rows, many=True).data)
