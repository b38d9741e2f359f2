"""The lifecycle: the trash, restore, archive, unarchive, move to another workspace."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.common.pagination import PageNumberPagination, paginated_response
from apps.common.schema import ORG_ID_RULE, error, errors_of
from apps.content.apis.checks import content_organization_in_path, require_role_of_content
from apps.content.apis.serializers import ContentOutputSerializer
from apps.content.exceptions import ContentNotDeleted
from apps.content.selectors import content_trash_list
from apps.content.services import content_archive, content_move, content_restore, content_unarchive
from apps.organizations.models import Role

_EDITOR_404 = {403: error("The role is below editor."), 404: error("Not found, in the trash, or not a member.")}


class ContentTrashListApi(APIView):
    pagination_class = PageNumberPagination

    class FilterSerializer(serializers.Serializer):
        organization_id = serializers.UUIDField(required=False, allow_null=True, default=None)
        workspace_id = serializers.UUIDField(required=False, allow_null=True, default=None)

    @extend_schema(
        operation_id="content_trash_list",
        summary="Content in the trash (still restorable), most recently deleted first",
        parameters=[
            OpenApiParameter("organization_id", OpenApiTypes.UUID, description=ORG_ID_RULE),
            OpenApiParameter("workspace_id", OpenApiTypes.UUID),
            OpenApiParameter("page", OpenApiTypes.INT),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="At most 100."),
        ],
        responses={
            200: ContentOutputSerializer(many=True),
            404: error("Organization or workspace not found (for an API key limited to one workspace: any other)."),
        },
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        qs = content_trash_list(user=request.user, **filters.validated_data)
        return paginated_response(queryset=qs, serializer_class=ContentOutputSerializer, request=request, view=self)


class ContentRestoreApi(APIView):
    rate_limit_organization = staticmethod(content_organization_in_path)

    @extend_schema(
        operation_id="content_restore",
        summary="Take content out of the trash (editor+); posts cancelled by the deletion stay cancelled",
        request=None,
        responses={
            200: ContentOutputSerializer,
            403: error("The role is below editor."),
            404: error("Not found, past its restore window, or not a member."),
            409: errors_of(ContentNotDeleted),
        },
    )
    def post(self, request, content_id):
        content = content_restore(user=request.user, content_id=content_id)
        return Response(ContentOutputSerializer(content).data)


class ContentArchiveApi(APIView):
    rate_limit_organization = staticmethod(content_organization_in_path)

    @extend_schema(
        operation_id="content_archive",
        summary="Archive: left out of the default list, cannot be scheduled (editor+; idempotent)",
        request=None,
        responses={200: ContentOutputSerializer, **_EDITOR_404},
    )
    def post(self, request, content_id):
        return Response(ContentOutputSerializer(content_archive(user=request.user, content_id=content_id)).data)


class ContentUnarchiveApi(APIView):
    rate_limit_organization = staticmethod(content_organization_in_path)

    @extend_schema(
        operation_id="content_unarchive",
        summary="Unarchive (editor+; idempotent)",
        request=None,
        responses={200: ContentOutputSerializer, **_EDITOR_404},
    )
    def post(self, request, content_id):
        return Response(ContentOutputSerializer(content_unarchive(user=request.user, content_id=content_id)).data)


class ContentMoveApi(APIView):
    rate_limit_organization = staticmethod(content_organization_in_path)

    class InputSerializer(serializers.Serializer):
        workspace_id = serializers.UUIDField(help_text="A workspace of the content's organization.")

    @extend_schema(
        operation_id="content_move",
        summary="Move to another workspace of the same organization (editor+)",
        request=InputSerializer,
        responses={
            200: ContentOutputSerializer,
            400: error("workspace_id missing or not a UUID."),
            403: error("The role is below editor."),
            404: error(
                "Content or workspace not found (a workspace of another organization, or for an API key limited "
                "to one workspace any other workspace, is not found)."
            ),
        },
    )
    def post(self, request, content_id):
        require_role_of_content(request, content_id, Role.EDITOR)  # 404, 403, then 400
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        content = content_move(user=request.user, content_id=content_id, **data.validated_data)
        return Response(ContentOutputSerializer(content).data)
