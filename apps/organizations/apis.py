"""Endpoints of /api/v1/organizations/: organizations, members, invitations, workspaces.

Routes that carry an organization or workspace id look the caller's membership up first, so a
non-member gets 404 whatever the body says; only then is the body validated.
"""

from typing import Any
from uuid import UUID

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.common.exceptions import PlanLimitReached
from apps.common.pagination import PageNumberPagination, paginated_response
from apps.common.preconditions import if_match, with_etag
from apps.common.schema import E400, E404_ORG, ORG_ID_QUERY, ORG_ID_RULE, error, errors_of
from apps.common.serializers import DisplayNameField, StrictCharField, StrictEmailField
from apps.common.views import IdempotentMixin
from apps.organizations import selectors, services
from apps.organizations.exceptions import (
    AlreadyMember,
    InvitationEmailMismatch,
    InvitationExists,
    InvitationExpired,
    InvitationNotFound,
    InvitationNotPending,
    LastOwner,
    LastWorkspace,
    OrganizationNotEmpty,
    PersonalOrganizationUndeletable,
    WorkspaceNameTaken,
    WorkspaceNotEmpty,
)
from apps.organizations.models import InvitationEmailStatus, InvitationStatus, Organization, Role, Workspace
from apps.scheduling.exceptions import ScheduledPostsActive  # the deletion guards' errors (HTTP edge)
from apps.subscriptions.exceptions import SubscriptionStillActive
from apps.users.exceptions import EmailNotVerified

NAME_MAX = 200

# --------------------------------------------------------------------------- shared serializers


class PlanSummarySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class OrganizationOutputSerializer(serializers.Serializer):
    """An organization as seen by one member (built from that membership)."""

    id = serializers.UUIDField(source="organization.id")
    name = serializers.CharField(source="organization.name")
    slug = serializers.CharField(source="organization.slug")
    is_personal = serializers.BooleanField(source="organization.is_personal")
    role = serializers.ChoiceField(choices=Role.choices, help_text="The caller's role in this organization.")
    plan = PlanSummarySerializer(source="organization.subscription.plan", help_text="The subscribed plan.")
    subscription_status = serializers.CharField(source="organization.subscription.status")
    created_at = serializers.DateTimeField(source="organization.created_at")


class UserSummarySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    email = serializers.EmailField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()


class MemberOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="Membership id (use it in /members/{member_id}/).")
    user = UserSummarySerializer()
    role = serializers.ChoiceField(choices=Role.choices)
    joined_at = serializers.DateTimeField()


class WorkspaceOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    organization_id = serializers.UUIDField()
    name = serializers.CharField()
    description = serializers.CharField()
    is_default = serializers.BooleanField()
    requires_approval = serializers.BooleanField(
        help_text="Content must be approved (submit, then approve) before it can be scheduled."
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class InvitationOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    organization_id = serializers.UUIDField()
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=Role.choices)
    status = serializers.CharField(
        source="effective_status", read_only=True, help_text="A pending invitation past its expiry shows as expired."
    )
    invited_by = serializers.EmailField(source="invited_by.email", allow_null=True, default=None)
    expires_at = serializers.DateTimeField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    email_status = serializers.ChoiceField(
        choices=InvitationEmailStatus.choices,
        help_text="Delivery of the invitation email: pending (queued or retrying), sent, failed (resend it).",
    )
    email_attempts = serializers.IntegerField(help_text="Attempts to send the current email.")
    email_last_error = serializers.CharField(help_text="Why the last attempt failed; empty once sent.")
    email_sent_at = serializers.DateTimeField(allow_null=True)


# Error responses shared by several operations.
E403 = error("Your role in this organization is too low for this action.")
E402 = errors_of(PlanLimitReached, note="Plan limit reached (details: limit, current, resource).")


def _require_role_for_body_organization(request: Request, role: str) -> None:
    """Permission before validation for a route that names its organization in the body: the
    ``organization_id`` sent (or the caller's only organization when omitted) is checked for
    ``role`` first (404, 403), then the body is validated (400). An ``organization_id`` that is not
    a UUID is left to the serializer's 400."""
    data = request.data
    value = data.get("organization_id") if isinstance(data, dict) else None
    try:
        organization_id = UUID(str(value)) if value is not None else None
    except ValueError:
        return
    selectors.membership_require(user=request.user, organization_id=organization_id, role=role)


def _validated(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# --------------------------------------------------------------------------- organizations


# The organization a request is charged to by the per-tier rate limiter (PlanRateThrottle): the
# same one the view's membership check is about.
def _organization_in_path(request: Request, kwargs: dict[str, Any]) -> Any:
    return kwargs.get("id")


def _workspace_in_path(request: Request, kwargs: dict[str, Any]) -> Any:
    return selectors.workspace_organization_id(workspace_id=kwargs.get("id"))


class OrganizationListCreateApi(IdempotentMixin, APIView):
    pagination_class = PageNumberPagination

    class InputSerializer(serializers.Serializer):
        name = DisplayNameField(max_length=NAME_MAX)

    @extend_schema(
        operation_id="organizations_list",
        responses={200: OrganizationOutputSerializer(many=True)},
        description="The organizations you are a member of, with your role in each.",
    )
    def get(self, request: Request) -> Response:
        return paginated_response(
            queryset=selectors.membership_list_for_user(user=request.user),
            serializer_class=OrganizationOutputSerializer,
            request=request,
            view=self,
        )

    @extend_schema(
        operation_id="organizations_create",
        request=InputSerializer,
        responses={201: OrganizationOutputSerializer, 400: E400},
        description="Create an organization (Free plan, you as owner, one default workspace).",
    )
    def post(self, request: Request) -> Response:
        data = _validated(self.InputSerializer, request.data)
        organization = services.organization_create(owner=request.user, name=data["name"])
        membership = selectors.membership_get(user=request.user, organization_id=organization.pk)
        return Response(OrganizationOutputSerializer(membership).data, status=status.HTTP_201_CREATED)


class OrganizationDetailApi(APIView):
    etag = True  # ETag on reads, If-Match on writes (apps.common.preconditions)
    rate_limit_organization = staticmethod(_organization_in_path)

    class InputSerializer(serializers.Serializer):
        name = DisplayNameField(max_length=NAME_MAX)

    @extend_schema(operation_id="organizations_retrieve", responses={200: OrganizationOutputSerializer, 404: E404_ORG})
    def get(self, request: Request, id) -> Response:
        return with_etag(Response(self._current(request, id)))

    def _current(self, request: Request, id) -> dict:
        membership = selectors.membership_get(user=request.user, organization_id=id)
        return OrganizationOutputSerializer(membership).data

    @extend_schema(
        operation_id="organizations_update",
        request=InputSerializer,
        responses={200: OrganizationOutputSerializer, 400: E400, 403: E403, 404: E404_ORG},
        description="Rename the organization (admin or owner).",
    )
    def patch(self, request: Request, id) -> Response:
        selectors.membership_require(user=request.user, organization_id=id, role=Role.ADMIN)  # 404, 403, then 400
        data = _validated(self.InputSerializer, request.data)
        with if_match(request, lock=Organization.objects.filter(pk=id), current=lambda: self._current(request, id)):
            services.organization_update(user=request.user, organization_id=id, name=data["name"])
        return with_etag(Response(self._current(request, id)))

    @extend_schema(
        operation_id="organizations_delete",
        responses={
            204: None,
            403: E403,
            404: E404_ORG,
            409: errors_of(
                PersonalOrganizationUndeletable, SubscriptionStillActive, ScheduledPostsActive, OrganizationNotEmpty
            ),
        },
        description="Delete the organization and all its data (owner only).",
    )
    def delete(self, request: Request, id) -> Response:
        with if_match(request, lock=Organization.objects.filter(pk=id), current=lambda: self._current(request, id)):
            services.organization_delete(user=request.user, organization_id=id)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --------------------------------------------------------------------------- members


class MemberListApi(APIView):
    rate_limit_organization = staticmethod(_organization_in_path)
    pagination_class = PageNumberPagination

    @extend_schema(
        operation_id="organizations_members_list", responses={200: MemberOutputSerializer(many=True), 404: E404_ORG}
    )
    def get(self, request: Request, id) -> Response:
        selectors.membership_get(user=request.user, organization_id=id)
        return paginated_response(
            queryset=selectors.member_list(organization_id=id),
            serializer_class=MemberOutputSerializer,
            request=request,
            view=self,
        )


class MemberDetailApi(APIView):
    rate_limit_organization = staticmethod(_organization_in_path)

    class InputSerializer(serializers.Serializer):
        role = serializers.ChoiceField(choices=Role.choices)

    @extend_schema(
        operation_id="organizations_members_update",
        request=InputSerializer,
        responses={
            200: MemberOutputSerializer,
            400: E400,
            403: error("Role too low; only owners grant, change or take away the owner role."),
            404: error("Organization or member not found."),
            409: errors_of(LastOwner),
        },
        description="Change a member's role (admin or owner).",
    )
    def patch(self, request: Request, id, member_id) -> Response:
        selectors.membership_require(user=request.user, organization_id=id, role=Role.ADMIN)  # 404, 403, then 400
        data = _validated(self.InputSerializer, request.data)
        member = services.member_change_role(
            user=request.user, organization_id=id, member_id=member_id, role=data["role"]
        )
        return Response(MemberOutputSerializer(member).data)

    @extend_schema(
        operation_id="organizations_members_remove",
        responses={
            204: None,
            403: error("Role too low; only owners remove owners."),
            404: error("Organization or member not found."),
            409: errors_of(LastOwner),
        },
        description="Remove a member (admin or owner; anyone may remove themselves).",
    )
    def delete(self, request: Request, id, member_id) -> Response:
        services.member_remove(user=request.user, organization_id=id, member_id=member_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class OrganizationLeaveApi(APIView):
    rate_limit_organization = staticmethod(_organization_in_path)

    @extend_schema(
        operation_id="organizations_leave",
        request=None,
        responses={204: None, 404: E404_ORG, 409: errors_of(LastOwner)},
        description="Leave the organization.",
    )
    def post(self, request: Request, id) -> Response:
        services.member_leave(user=request.user, organization_id=id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class OrganizationTransferOwnershipApi(APIView):
    rate_limit_organization = staticmethod(_organization_in_path)

    class InputSerializer(serializers.Serializer):
        member_id = serializers.UUIDField(help_text="Membership id of the new owner.")

    class OutputSerializer(serializers.Serializer):
        previous_owner = MemberOutputSerializer()
        new_owner = MemberOutputSerializer()

    @extend_schema(
        operation_id="organizations_transfer_ownership",
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            400: error("member_id is not another member of this organization, or invalid input."),
            403: error("Only an owner can transfer ownership."),
            404: E404_ORG,
        },
        description="Make another member owner; you become admin.",
    )
    def post(self, request: Request, id) -> Response:
        selectors.membership_require(user=request.user, organization_id=id, role=Role.OWNER)  # 404, 403, then 400
        data = _validated(self.InputSerializer, request.data)
        previous, new = services.organization_transfer_ownership(
            user=request.user, organization_id=id, member_id=data["member_id"]
        )
        return Response(self.OutputSerializer({"previous_owner": previous, "new_owner": new}).data)


# --------------------------------------------------------------------------- invitations


class InvitationListCreateApi(IdempotentMixin, APIView):
    rate_limit_organization = staticmethod(_organization_in_path)
    pagination_class = PageNumberPagination

    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=InvitationStatus.choices, required=False)

    class InputSerializer(serializers.Serializer):
        email = StrictEmailField(max_length=254)
        role = serializers.ChoiceField(choices=Role.choices)

    @extend_schema(
        operation_id="organizations_invitations_list",
        parameters=[
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                required=False,
                enum=InvitationStatus.values,
                description="Only invitations in this state.",
            )
        ],
        responses={200: InvitationOutputSerializer(many=True), 400: E400, 403: E403, 404: E404_ORG},
        description="Invitations of the organization (admin or owner).",
    )
    def get(self, request: Request, id) -> Response:
        selectors.membership_require(user=request.user, organization_id=id, role=Role.ADMIN)
        filters = _validated(self.FilterSerializer, request.query_params)
        invitations = selectors.invitation_list(organization_id=id, status=filters.get("status"))
        return paginated_response(
            queryset=invitations, serializer_class=InvitationOutputSerializer, request=request, view=self
        )

    @extend_schema(
        operation_id="organizations_invitations_create",
        request=InputSerializer,
        responses={
            201: InvitationOutputSerializer,
            400: E400,
            402: E402,
            403: error("Role too low; only owners invite owners."),
            404: E404_ORG,
            409: errors_of(AlreadyMember, InvitationExists),
        },
        description=(
            "Invite someone by email (admin or owner). An email with a single-use link valid for 7 days "
            "is sent; a pending invitation counts toward the plan's member limit."
        ),
    )
    def post(self, request: Request, id) -> Response:
        selectors.membership_require(user=request.user, organization_id=id, role=Role.ADMIN)  # 404, 403, then 400
        data = _validated(self.InputSerializer, request.data)
        invitation = services.invitation_create(user=request.user, organization_id=id, **data)
        return Response(InvitationOutputSerializer(invitation).data, status=status.HTTP_201_CREATED)


class InvitationRevokeApi(APIView):
    rate_limit_organization = staticmethod(_organization_in_path)

    @extend_schema(
        operation_id="organizations_invitations_revoke",
        responses={
            204: None,
            403: E403,
            404: error("Organization or invitation not found."),
            409: errors_of(InvitationNotPending),
        },
        description="Revoke a pending invitation (admin or owner).",
    )
    def delete(self, request: Request, id, invitation_id) -> Response:
        services.invitation_revoke(user=request.user, organization_id=id, invitation_id=invitation_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationResendApi(APIView):
    rate_limit_organization = staticmethod(_organization_in_path)

    @extend_schema(
        operation_id="organizations_invitations_resend",
        request=None,
        responses={
            200: InvitationOutputSerializer,
            403: E403,
            404: error("Organization or invitation not found."),
            409: errors_of(InvitationNotPending, InvitationExpired),
        },
        description=(
            "Send a pending invitation's email again (admin or owner), e.g. when `email_status` is `failed`. "
            "A new token is issued: the links of earlier emails stop working at once; the invitation is valid "
            "7 days from now."
        ),
    )
    def post(self, request: Request, id, invitation_id) -> Response:
        invitation = services.invitation_resend(user=request.user, organization_id=id, invitation_id=invitation_id)
        return Response(InvitationOutputSerializer(invitation).data)


class InvitationAcceptApi(APIView):
    class InputSerializer(serializers.Serializer):
        token = StrictCharField(max_length=200, help_text="The token from the invitation link.")

    class OutputSerializer(serializers.Serializer):
        member_id = serializers.UUIDField(source="id")
        organization = OrganizationOutputSerializer(source="*")
        role = serializers.ChoiceField(choices=Role.choices)

    @extend_schema(
        operation_id="organizations_invitations_accept",
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            400: E400,
            403: errors_of(
                InvitationEmailMismatch,
                EmailNotVerified,
                note="Not the invited email, or (with REQUIRE_VERIFIED_EMAIL_FOR=invitations) email not verified.",
            ),
            402: E402,
            404: errors_of(InvitationNotFound),
            409: errors_of(InvitationNotPending, InvitationExpired, AlreadyMember),
        },
        description="Join an organization with an invitation token; you must be signed in with the invited email.",
    )
    def post(self, request: Request) -> Response:
        data = _validated(self.InputSerializer, request.data)
        member = services.invitation_accept(user=request.user, token=data["token"])
        membership = selectors.membership_get(user=request.user, organization_id=member.organization_id)
        return Response(self.OutputSerializer(membership).data)


# --------------------------------------------------------------------------- workspaces


class WorkspaceListCreateApi(IdempotentMixin, APIView):
    pagination_class = PageNumberPagination

    class FilterSerializer(serializers.Serializer):
        organization_id = serializers.UUIDField(required=False, default=None)

    class InputSerializer(serializers.Serializer):
        organization_id = serializers.UUIDField(required=False, default=None, help_text=ORG_ID_RULE)
        name = DisplayNameField(max_length=NAME_MAX)
        description = StrictCharField(max_length=2000, required=False, allow_blank=True, default="")

    @extend_schema(
        operation_id="organizations_workspaces_list",
        parameters=[ORG_ID_QUERY],
        responses={200: WorkspaceOutputSerializer(many=True), 400: E400, 404: E404_ORG},
    )
    def get(self, request: Request) -> Response:
        filters = _validated(self.FilterSerializer, request.query_params)
        membership = selectors.membership_get(user=request.user, organization_id=filters["organization_id"])
        workspaces = selectors.workspace_list(organization_id=membership.organization_id, user=request.user)
        return paginated_response(
            queryset=workspaces, serializer_class=WorkspaceOutputSerializer, request=request, view=self
        )

    @extend_schema(
        operation_id="organizations_workspaces_create",
        request=InputSerializer,
        responses={
            201: WorkspaceOutputSerializer,
            400: E400,
            402: E402,
            403: E403,
            404: E404_ORG,
            409: errors_of(WorkspaceNameTaken),
        },
        description="Create a workspace (admin or owner), within the plan's workspace limit.",
    )
    def post(self, request: Request) -> Response:
        _require_role_for_body_organization(request, Role.ADMIN)  # 404, 403, then 400
        data = _validated(self.InputSerializer, request.data)
        membership = selectors.membership_get(user=request.user, organization_id=data.pop("organization_id"))
        workspace = services.workspace_create(user=request.user, organization_id=membership.organization_id, **data)
        return Response(WorkspaceOutputSerializer(workspace).data, status=status.HTTP_201_CREATED)


class WorkspaceDetailApi(APIView):
    etag = True  # ETag on reads, If-Match on writes (apps.common.preconditions)
    rate_limit_organization = staticmethod(_workspace_in_path)

    class InputSerializer(serializers.Serializer):
        name = DisplayNameField(max_length=NAME_MAX, required=False)
        description = StrictCharField(max_length=2000, required=False, allow_blank=True)
        requires_approval = serializers.BooleanField(
            required=False, help_text="Content must be approved before it can be scheduled (docs/content.md)."
        )

    E404 = error("Workspace not found, or you are not a member of its organization.")

    @extend_schema(
        operation_id="organizations_workspaces_retrieve", responses={200: WorkspaceOutputSerializer, 404: E404}
    )
    def get(self, request: Request, id) -> Response:
        return with_etag(Response(self._current(request, id)))

    def _current(self, request: Request, id) -> dict:
        workspace = selectors.workspace_get_for_user(user=request.user, workspace_id=id, role=Role.VIEWER)
        return WorkspaceOutputSerializer(workspace).data

    @extend_schema(
        operation_id="organizations_workspaces_update",
        request=InputSerializer,
        responses={
            200: WorkspaceOutputSerializer,
            400: E400,
            403: E403,
            404: E404,
            409: errors_of(WorkspaceNameTaken),
        },
        description="Rename or describe a workspace, or require approval before scheduling (admin or owner).",
    )
    def patch(self, request: Request, id) -> Response:
        # 404, 403 (below admin), then 400: a viewer learns nothing from validating a body it may not send.
        selectors.workspace_get_for_user(user=request.user, workspace_id=id, role=Role.ADMIN)
        data = _validated(self.InputSerializer, request.data)
        with if_match(request, lock=Workspace.objects.filter(pk=id), current=lambda: self._current(request, id)):
            workspace = selectors.workspace_get_for_user(user=request.user, workspace_id=id, role=Role.ADMIN)
            workspace = services.workspace_update(user=request.user, workspace=workspace, **data)
        return with_etag(Response(WorkspaceOutputSerializer(workspace).data))

    @extend_schema(
        operation_id="organizations_workspaces_delete",
        responses={
            204: None,
            403: E403,
            404: E404,
            409: errors_of(WorkspaceNotEmpty, LastWorkspace),
        },
        description=(
            "Delete a workspace with no live or archived content (admin or owner); its trashed content is "
            "deleted for good with it. Never the organization's last one."
        ),
    )
    def delete(self, request: Request, id) -> Response:
        workspace = selectors.workspace_get_for_user(user=request.user, workspace_id=id, role=Role.VIEWER)
        with if_match(request, lock=Workspace.objects.filter(pk=id), current=lambda: self._current(request, id)):
            services.workspace_delete(user=request.user, workspace=workspace)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --------------------------------------------------------------------------- API keys


class ApiKeyOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    organization_id = serializers.UUIDField()
    workspace_id = serializers.UUIDField(allow_null=True, help_text="The one workspace the key may use; null: all.")
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=[Role.VIEWER, Role.EDITOR])
    prefix = serializers.CharField(help_text="The first characters of the key, to tell keys apart.")
    created_by = serializers.EmailField(source="created_by.email", allow_null=True, default=None)
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True, help_text="Recorded to the minute.")
    revoked_at = serializers.DateTimeField(allow_null=True)
    is_active = serializers.BooleanField()


class ApiKeyCreatedSerializer(ApiKeyOutputSerializer):
    key = serializers.CharField(help_text="The secret: shown in this answer only, never again.")


class ApiKeyListCreateApi(IdempotentMixin, APIView):
    rate_limit_organization = staticmethod(_organization_in_path)
    pagination_class = PageNumberPagination

    class FilterSerializer(serializers.Serializer):
        include_revoked = serializers.BooleanField(required=False, default=False)

    class InputSerializer(serializers.Serializer):
        name = DisplayNameField(max_length=NAME_MAX)
        role = serializers.ChoiceField(choices=[Role.VIEWER, Role.EDITOR])
        workspace_id = serializers.UUIDField(required=False, allow_null=True, default=None)

    @extend_schema(
        operation_id="organizations_api_keys_list",
        parameters=[
            OpenApiParameter(
                "include_revoked",
                OpenApiTypes.BOOL,
                OpenApiParameter.QUERY,
                required=False,
                description="Also list revoked keys.",
            )
        ],
        responses={200: ApiKeyOutputSerializer(many=True), 400: E400, 403: E403, 404: E404_ORG},
        description="API keys of the organization (admin or owner). The secrets are never shown again.",
    )
    def get(self, request: Request, id) -> Response:
        selectors.membership_require(user=request.user, organization_id=id, role=Role.ADMIN)
        filters = _validated(self.FilterSerializer, request.query_params)
        keys = selectors.api_key_list(organization_id=id, include_revoked=filters["include_revoked"])
        return paginated_response(queryset=keys, serializer_class=ApiKeyOutputSerializer, request=request, view=self)

    @extend_schema(
        operation_id="organizations_api_keys_create",
        request=InputSerializer,
        responses={
            201: ApiKeyCreatedSerializer,
            400: error("Validation error, or workspace_id is not a workspace of this organization."),
            403: E403,
            404: E404_ORG,
        },
        description=(
            "Create an API key for machine clients (admin or owner) with the viewer or editor role, optionally "
            "limited to one workspace. The answer carries the secret `key` once; send it as "
            "`Authorization: Bearer <key>` (docs/api-keys.md)."
        ),
    )
    def post(self, request: Request, id) -> Response:
        selectors.membership_require(user=request.user, organization_id=id, role=Role.ADMIN)  # 404, 403, then 400
        data = _validated(self.InputSerializer, request.data)
        key, secret = services.api_key_create(user=request.user, organization_id=id, **data)
        body = ApiKeyOutputSerializer(key).data
        body["key"] = secret
        return Response(body, status=status.HTTP_201_CREATED)


class ApiKeyDetailApi(APIView):
    rate_limit_organization = staticmethod(_organization_in_path)

    @extend_schema(
        operation_id="organizations_api_keys_retrieve",
        responses={200: ApiKeyOutputSerializer, 403: E403, 404: error("Organization or API key not found.")},
        description="One API key (admin or owner), revoked or not.",
    )
    def get(self, request: Request, id, key_id) -> Response:
        selectors.membership_require(user=request.user, organization_id=id, role=Role.ADMIN)
        key = selectors.api_key_get(organization_id=id, key_id=key_id)
        return Response(ApiKeyOutputSerializer(key).data)

    @extend_schema(
        operation_id="organizations_api_keys_revoke",
        responses={204: None, 403: E403, 404: error("Organization or API key not found.")},
        description=(
            "Revoke an API key (admin or owner): it is refused (401 `api_key_revoked`) from the next request on. "
            "The key stays listed with `?include_revoked=true`. Revoking a revoked key changes nothing."
        ),
    )
    def delete(self, request: Request, id, key_id) -> Response:
        services.api_key_revoke(user=request.user, organization_id=id, key_id=key_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
