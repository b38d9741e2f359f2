"""Endpoint of /api/v1/audit/: the organization's audit log (owners and admins), read-only."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.audit.models import ActorType
from apps.audit.selectors import audit_entry_list
from apps.common.pagination import PageOrCursorPagination, paginated_response
from apps.common.schema import E400, E404_ORG, ORG_ID_QUERY, error
from apps.common.serializers import StrictCharField
from apps.organizations.models import Role
from apps.organizations.selectors import membership_require


class AuditEntryOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    event_id = serializers.UUIDField(help_text="The event recorded (the same id as a webhook's Webhook-Id).")
    occurred_at = serializers.DateTimeField()
    organization_id = serializers.UUIDField()
    action = serializers.CharField(help_text="What happened, e.g. `auth.signed_in`, `member.role_changed`.")
    actor_type = serializers.ChoiceField(choices=ActorType.choices)
    actor_user_id = serializers.UUIDField(allow_null=True)
    actor_api_key_id = serializers.UUIDField(allow_null=True)
    actor_label = serializers.CharField(help_text="The actor as it was then: an email, an API key's prefix.")
    target_type = serializers.CharField()
    target_id = serializers.CharField()
    data = serializers.DictField(help_text="Details of the action (e.g. the old and new role).")
    ip = serializers.IPAddressField(allow_null=True)
    request_id = serializers.CharField(help_text="The X-Request-ID of the request that did it (empty: the worker).")


class AuditEntryListApi(APIView):
    pagination_class = PageOrCursorPagination
    cursor_ordering = ("-occurred_at", "-id")  # audit_entry_list's order

    class FilterSerializer(serializers.Serializer):
        organization_id = serializers.UUIDField(required=False, default=None)
        action = StrictCharField(max_length=64, required=False)
        actor_type = serializers.ChoiceField(choices=ActorType.choices, required=False)
        actor_user_id = serializers.UUIDField(required=False)
        actor_api_key_id = serializers.UUIDField(required=False)
        target_type = StrictCharField(max_length=64, required=False)
        target_id = StrictCharField(max_length=64, required=False)
        since = serializers.DateTimeField(required=False)
        until = serializers.DateTimeField(required=False)

    @extend_schema(
        operation_id="audit_entries_list",
        parameters=[
            ORG_ID_QUERY,
            OpenApiParameter(
                "action",
                OpenApiTypes.STR,
                description="Only this action (`member.role_changed`), or a family (`member.*`).",
            ),
            OpenApiParameter(
                "actor_type",
                OpenApiTypes.STR,
                enum=ActorType.values,
                description="user, api_key, system, anonymous (a refused sign-in).",
            ),
            OpenApiParameter("actor_user_id", OpenApiTypes.UUID, description="Only actions of this user."),
            OpenApiParameter("actor_api_key_id", OpenApiTypes.UUID, description="Only actions of this API key."),
            OpenApiParameter("target_type", OpenApiTypes.STR, description="e.g. `member`, `scheduled_post`."),
            OpenApiParameter("target_id", OpenApiTypes.STR, description="Only actions on this object."),
            OpenApiParameter("since", OpenApiTypes.DATETIME, description="At or after this time."),
            OpenApiParameter("until", OpenApiTypes.DATETIME, description="Before this time."),
        ],
        responses={
            200: AuditEntryOutputSerializer(many=True),
            400: E400,
            403: error("Only owners and admins read the audit log."),
            404: E404_ORG,
        },
        description=(
            "The organization's audit log, newest first (owners and admins). Append-only: no operation "
            "changes or deletes it; entries older than the retention (`AUDIT_RETENTION_DAYS`) are purged."
        ),
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = dict(filters.validated_data)
        organization_id = data.pop("organization_id")
        membership = membership_require(user=request.user, organization_id=organization_id, role=Role.ADMIN)
        entries = audit_entry_list(organization_id=membership.organization_id, **data)
        return paginated_response(
            queryset=entries, serializer_class=AuditEntryOutputSerializer, request=request, view=self
        )
