"""HTTP API of the brand app: a workspace's brand voice (and its revisions) and prompt templates."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.brand import rules as brand_rules
from apps.brand import selectors, services
from apps.brand.exceptions import TemplateNameTaken
from apps.brand.models import BrandVoice, PromptTemplate
from apps.common.pagination import PageNumberPagination, paginated_response
from apps.common.preconditions import if_match, with_etag
from apps.common.schema import ORG_ID_QUERY, ORG_ID_RULE, error, errors_of
from apps.common.serializers import StrictCharField
from apps.common.views import IdempotentMixin
from apps.organizations.models import Role
from apps.organizations.selectors import membership_require, workspace_get_for_user, workspace_organization_id

E403_ADMIN = error("Only admins and owners change the brand voice.")
E403_EDITOR = error("The role is below editor.")
E404_WORKSPACE = error("Workspace not found, or you are not a member of its organization.")
E404_TEMPLATE = error("Template not found, or you are not a member of its organization.")


def _workspace_in_path(request: Any, kwargs: dict[str, Any]) -> Any:
    return workspace_organization_id(workspace_id=kwargs.get("workspace_id"))


def _template_in_path(request: Any, kwargs: dict[str, Any]) -> Any:
    return selectors.template_organization_id(template_id=kwargs.get("template_id"))


def _strings(*, max_items: int, max_chars: int, help_text: str) -> serializers.ListField:
    return serializers.ListField(
        child=StrictCharField(max_length=max_chars),
        max_length=max_items,
        required=False,
        default=list,
        help_text=help_text,
    )


class BrandVoiceOutputSerializer(serializers.Serializer):
    workspace_id = serializers.UUIDField()
    organization_id = serializers.UUIDField()
    revision = serializers.IntegerField(help_text="0 until the brand voice is first set; +1 at each change.")
    description = serializers.CharField(allow_blank=True)
    rules = serializers.ListField(child=serializers.CharField())
    banned_phrases = serializers.ListField(child=serializers.CharField())
    required_hashtags = serializers.ListField(child=serializers.CharField())
    example_posts = serializers.ListField(child=serializers.CharField())
    updated_by = serializers.UUIDField(source="updated_by_id", allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)


class BrandVoiceRevisionOutputSerializer(serializers.Serializer):
    revision = serializers.IntegerField()
    description = serializers.CharField(allow_blank=True)
    rules = serializers.ListField(child=serializers.CharField())
    banned_phrases = serializers.ListField(child=serializers.CharField())
    required_hashtags = serializers.ListField(child=serializers.CharField())
    example_posts = serializers.ListField(child=serializers.CharField())
    created_by = serializers.UUIDField(source="created_by_id", allow_null=True)
    created_at = serializers.DateTimeField()


class BrandVoiceApi(APIView):
    etag = True  # ETag on reads, If-Match on writes (apps.common.preconditions)
    rate_limit_organization = staticmethod(_workspace_in_path)

    class InputSerializer(serializers.Serializer):
        description = StrictCharField(
            max_length=brand_rules.DESCRIPTION_MAX_CHARS, required=False, allow_blank=True, default=""
        )
        rules = _strings(
            max_items=brand_rules.RULES_MAX, max_chars=brand_rules.RULE_MAX_CHARS, help_text="Rules to follow."
        )
        banned_phrases = _strings(
            max_items=brand_rules.BANNED_MAX,
            max_chars=brand_rules.BANNED_MAX_CHARS,
            help_text="Words or phrases never to use (matched case-insensitively, as whole words).",
        )
        required_hashtags = _strings(
            max_items=brand_rules.HASHTAGS_MAX,
            max_chars=brand_rules.HASHTAG_MAX_CHARS,
            help_text="Appended to every generated post that lacks them ('#' added when missing).",
        )
        example_posts = _strings(
            max_items=brand_rules.EXAMPLES_MAX,
            max_chars=brand_rules.EXAMPLE_MAX_CHARS,
            help_text="Posts in the brand's voice.",
        )

    @extend_schema(
        operation_id="brand_voice_retrieve",
        summary="The workspace's brand voice (revision 0 and empty until set)",
        responses={200: BrandVoiceOutputSerializer, 404: E404_WORKSPACE},
    )
    def get(self, request: Request, workspace_id) -> Response:
        voice = selectors.brand_voice_get_for_user(user=request.user, workspace_id=workspace_id)
        return with_etag(Response(BrandVoiceOutputSerializer(voice).data))

    def _current(self, request: Request, workspace_id) -> dict:
        voice = selectors.brand_voice_get_for_user(user=request.user, workspace_id=workspace_id)
        return BrandVoiceOutputSerializer(voice).data

    @extend_schema(
        operation_id="brand_voice_update",
        summary="Replace the workspace's brand voice: a change makes a new revision",
        request=InputSerializer,
        responses={
            200: BrandVoiceOutputSerializer,
            400: error("Too many or too long entries, a blank entry, or a hashtag with other characters."),
            403: E403_ADMIN,
            404: E404_WORKSPACE,
        },
    )
    def put(self, request: Request, workspace_id) -> Response:
        workspace_get_for_user(user=request.user, workspace_id=workspace_id, role=Role.ADMIN)  # 404, 403, then 400
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with if_match(
            request,
            lock=BrandVoice.objects.filter(workspace_id=workspace_id),
            current=lambda: self._current(request, workspace_id),
        ):
            voice = services.brand_voice_set(user=request.user, workspace_id=workspace_id, **data.validated_data)
        return with_etag(Response(BrandVoiceOutputSerializer(voice).data))


class BrandVoiceRevisionListApi(APIView):
    rate_limit_organization = staticmethod(_workspace_in_path)
    pagination_class = PageNumberPagination

    @extend_schema(
        operation_id="brand_voice_revisions_list",
        summary="Every revision of the workspace's brand voice, newest first",
        parameters=[OpenApiParameter("page", OpenApiTypes.INT), OpenApiParameter("page_size", OpenApiTypes.INT)],
        responses={200: BrandVoiceRevisionOutputSerializer(many=True), 404: E404_WORKSPACE},
    )
    def get(self, request: Request, workspace_id) -> Response:
        revisions = selectors.brand_voice_revisions(user=request.user, workspace_id=workspace_id)
        return paginated_response(
            queryset=revisions, serializer_class=BrandVoiceRevisionOutputSerializer, request=request, view=self
        )


# --------------------------------------------------------------------------- templates
class TemplateOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    organization_id = serializers.UUIDField()
    workspace_id = serializers.UUIDField()
    name = serializers.CharField()
    body = serializers.CharField()
    variables = serializers.ListField(child=serializers.CharField(), help_text="The {names} of the body, in order.")
    created_by = serializers.UUIDField(source="created_by_id", allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


_BODY_HELP = (
    "The brief, with named variables written {name} (letters, digits, _; e.g. {product}, {date}); "
    f"at most {brand_rules.TEMPLATE_VARIABLES_MAX} distinct variables."
)


class TemplateListCreateApi(IdempotentMixin, APIView):
    pagination_class = PageNumberPagination

    class FilterSerializer(serializers.Serializer):
        organization_id = serializers.UUIDField(required=False, allow_null=True, default=None)
        workspace_id = serializers.UUIDField(required=False, allow_null=True, default=None)
        q = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")

    class InputSerializer(serializers.Serializer):
        organization_id = serializers.UUIDField(required=False, allow_null=True, default=None, help_text=ORG_ID_RULE)
        workspace_id = serializers.UUIDField(
            required=False, allow_null=True, default=None, help_text="Omit for the organization's default workspace."
        )
        name = StrictCharField(max_length=brand_rules.TEMPLATE_NAME_MAX_CHARS)
        body = StrictCharField(max_length=brand_rules.TEMPLATE_BODY_MAX_CHARS, help_text=_BODY_HELP)

    @extend_schema(
        operation_id="brand_templates_list",
        summary="An organization's prompt templates (by name)",
        parameters=[
            ORG_ID_QUERY,
            OpenApiParameter("workspace_id", OpenApiTypes.UUID),
            OpenApiParameter(
                "q", {"type": "string", "maxLength": 100}, description="Search in the name (at most 100 characters)."
            ),
            OpenApiParameter("page", OpenApiTypes.INT),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="At most 100."),
        ],
        responses={200: TemplateOutputSerializer(many=True), 404: error("Organization or workspace not found.")},
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        templates = selectors.template_list(user=request.user, **filters.validated_data)
        return paginated_response(
            queryset=templates, serializer_class=TemplateOutputSerializer, request=request, view=self
        )

    @extend_schema(
        operation_id="brand_templates_create",
        summary="Create a prompt template in a workspace (editor)",
        request=InputSerializer,
        responses={
            201: TemplateOutputSerializer,
            400: error("Blank or too long name or body, too many variables."),
            403: E403_EDITOR,
            404: error("Organization or workspace not found."),
            409: errors_of(TemplateNameTaken),
        },
    )
    def post(self, request: Request) -> Response:
        _require_role_for_body_organization(request, Role.EDITOR)  # 404, 403, then 400
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        template = services.template_create(user=request.user, **data.validated_data)
        return Response(TemplateOutputSerializer(template).data, status=201)


def _require_role_for_body_organization(request: Request, role: str) -> None:
    value = request.data.get("organization_id") if isinstance(request.data, dict) else None
    try:
        organization_id = serializers.UUIDField().to_internal_value(value) if value is not None else None
    except serializers.ValidationError:
        return
    membership_require(user=request.user, organization_id=organization_id, role=role)


class TemplateDetailApi(APIView):
    etag = True  # ETag on reads, If-Match on writes (apps.common.preconditions)
    rate_limit_organization = staticmethod(_template_in_path)

    class InputSerializer(serializers.Serializer):
        name = StrictCharField(max_length=brand_rules.TEMPLATE_NAME_MAX_CHARS, required=False)
        body = StrictCharField(max_length=brand_rules.TEMPLATE_BODY_MAX_CHARS, required=False, help_text=_BODY_HELP)

    def _require_editor(self, request: Request, template_id) -> None:
        template = selectors.template_get_for_user(user=request.user, template_id=template_id)
        membership_require(user=request.user, organization_id=template.organization_id, role=Role.EDITOR)

    @extend_schema(
        operation_id="brand_templates_retrieve",
        summary="One prompt template",
        responses={200: TemplateOutputSerializer, 404: E404_TEMPLATE},
    )
    def get(self, request: Request, template_id) -> Response:
        return with_etag(Response(self._current(request, template_id)))

    def _current(self, request: Request, template_id) -> dict:
        template = selectors.template_get_for_user(user=request.user, template_id=template_id)
        return TemplateOutputSerializer(template).data

    @extend_schema(
        operation_id="brand_templates_update",
        summary="Rename a template or change its body (editor)",
        request=InputSerializer,
        responses={
            200: TemplateOutputSerializer,
            400: error("Blank or too long name or body, too many variables."),
            403: E403_EDITOR,
            404: E404_TEMPLATE,
            409: errors_of(TemplateNameTaken),
        },
    )
    def patch(self, request: Request, template_id) -> Response:
        self._require_editor(request, template_id)  # 404, 403, then 400
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        lock = PromptTemplate.objects.filter(pk=template_id)
        with if_match(request, lock=lock, current=lambda: self._current(request, template_id)):
            template = services.template_update(user=request.user, template_id=template_id, **data.validated_data)
        return with_etag(Response(TemplateOutputSerializer(template).data))

    @extend_schema(
        operation_id="brand_templates_delete",
        summary="Delete a template (editor); content generated from it keeps its text",
        responses={204: None, 403: E403_EDITOR, 404: E404_TEMPLATE},
    )
    def delete(self, request: Request, template_id) -> Response:
        lock = PromptTemplate.objects.filter(pk=template_id)
        with if_match(request, lock=lock, current=lambda: self._current(request, template_id)):
            services.template_delete(user=request.user, template_id=template_id)
        return Response(status=204)
