"""Reading content (lists, one piece, versions, usage), the manual edit and the move to the trash, and
measuring a text as a network counts it."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.common.pagination import PageNumberPagination, PageOrCursorPagination, paginated_response
from apps.common.preconditions import etag_of, if_match
from apps.common.schema import ORG_ID_RULE, error, errors_of
from apps.common.serializers import StrictCharField
from apps.content.apis.checks import content_organization_in_path, require_role_of_content
from apps.content.apis.serializers import (
    LENGTH_HELP,
    LIMIT_HELP,
    ContentOutputSerializer,
    VersionOutputSerializer,
    media_input_field,
)
from apps.content.models import Content, Platform, ReviewState
from apps.content.platforms import TEXT_MAX_CHARS
from apps.content.selectors import (
    ARCHIVED_FILTERS,
    content_get_for_user,
    content_list,
    content_usage_current_period,
    content_validate,
    content_versions,
)
from apps.content.services import content_delete, content_edit
from apps.organizations.models import Role
from apps.scheduling.exceptions import DeliveryInProgress


class ContentListApi(APIView):
    pagination_class = PageOrCursorPagination  # the OpenAPI 200 is the paginated envelope
    cursor_ordering = ("-created_at", "-id")  # content_list's order

    class FilterSerializer(serializers.Serializer):
        organization_id = serializers.UUIDField(required=False, allow_null=True, default=None)
        workspace_id = serializers.UUIDField(required=False, allow_null=True, default=None)
        platform = serializers.ChoiceField(choices=Platform.choices, required=False, allow_null=True, default=None)
        q = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
        archived = serializers.ChoiceField(choices=ARCHIVED_FILTERS, required=False, default="exclude")
        review_state = serializers.ChoiceField(
            choices=ReviewState.choices, required=False, allow_null=True, default=None
        )

    @extend_schema(
        operation_id="content_list",
        summary="List an organization's content (newest first)",
        parameters=[
            OpenApiParameter("organization_id", OpenApiTypes.UUID, description=ORG_ID_RULE),
            OpenApiParameter("workspace_id", OpenApiTypes.UUID),
            OpenApiParameter("platform", OpenApiTypes.STR, enum=Platform.values),
            OpenApiParameter("q", OpenApiTypes.STR, description="Search in the prompt and the current text."),
            OpenApiParameter(
                "archived",
                OpenApiTypes.STR,
                enum=list(ARCHIVED_FILTERS),
                description="exclude (default): archived content is left out; include; only.",
            ),
            OpenApiParameter("review_state", OpenApiTypes.STR, enum=ReviewState.values),
            OpenApiParameter("page", OpenApiTypes.INT),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="At most 100."),
        ],
        responses={200: ContentOutputSerializer(many=True), 404: error("Organization or workspace not found.")},
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        qs = content_list(user=request.user, **filters.validated_data)
        return paginated_response(queryset=qs, serializer_class=ContentOutputSerializer, request=request, view=self)


class ContentDetailApi(APIView):
    etag = True  # ETag on reads, If-Match on writes (apps.common.preconditions)
    rate_limit_organization = staticmethod(content_organization_in_path)

    class EditInputSerializer(serializers.Serializer):
        text = StrictCharField(
            max_length=TEXT_MAX_CHARS,
            help_text="The text of the new version (resend it as is to change only the media).",
        )
        media = media_input_field()

    @extend_schema(
        operation_id="content_retrieve",
        summary="One piece of content (current text and version)",
        responses={200: ContentOutputSerializer, 404: error("Not found, or not a member.")},
    )
    def get(self, request, content_id):
        data = ContentOutputSerializer(content_get_for_user(user=request.user, content_id=content_id)).data
        response = Response(data)
        response["ETag"] = etag_of(_without_links(data))
        return response

    def _current(self, request, content_id) -> dict:
        """What the ETag digests: the representation but the media links (a presigned URL differs at
        each read; the media it names does not)."""
        return _without_links(
            ContentOutputSerializer(content_get_for_user(user=request.user, content_id=content_id)).data
        )

    @extend_schema(
        operation_id="content_edit",
        summary="Manual edit: the text and/or attachments are saved as version n+1 (no AI call, no tokens)",
        request=EditInputSerializer,
        responses={
            201: VersionOutputSerializer,
            400: error(
                "Blank text, longer than the platform's limit as it counts, too many hashtags, or a media not "
                "ready (details.media)."
            ),
            403: error("The role is below editor."),
            404: error("Not found, or not a member (the content or a media)."),
        },
    )
    def patch(self, request, content_id):
        require_role_of_content(request, content_id, Role.EDITOR)  # 404, 403, then 400
        data = self.EditInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with if_match(
            request, lock=Content.objects.filter(pk=content_id), current=lambda: self._current(request, content_id)
        ):
            version = content_edit(user=request.user, content_id=content_id, **data.validated_data)
        return Response(VersionOutputSerializer(version).data, status=201)

    @extend_schema(
        operation_id="content_delete",
        summary="Move to the trash (restorable for CONTENT_TRASH_RETENTION_DAYS); its pending posts are cancelled",
        responses={
            204: None,
            403: error("The role is below editor."),
            404: error("Not found, already in the trash, or not a member."),
            409: errors_of(DeliveryInProgress, note="A post of this content is being handed over; nothing changed."),
        },
    )
    def delete(self, request, content_id):
        with if_match(
            request, lock=Content.objects.filter(pk=content_id), current=lambda: self._current(request, content_id)
        ):
            content_delete(user=request.user, content_id=content_id)
        return Response(status=204)


def _without_links(data: dict) -> dict:
    return {**data, "media": [{k: v for k, v in item.items() if k != "url"} for item in data.get("media", [])]}


class ContentVersionListApi(APIView):
    rate_limit_organization = staticmethod(content_organization_in_path)
    pagination_class = PageNumberPagination  # the OpenAPI 200 is the paginated envelope

    @extend_schema(
        operation_id="content_versions_list",
        summary="Version history, oldest first, with provenance",
        parameters=[OpenApiParameter("page", OpenApiTypes.INT), OpenApiParameter("page_size", OpenApiTypes.INT)],
        responses={200: VersionOutputSerializer(many=True), 404: error("Not found, or not a member.")},
    )
    def get(self, request, content_id):
        content = content_get_for_user(user=request.user, content_id=content_id)
        return paginated_response(
            queryset=content_versions(content=content),
            serializer_class=VersionOutputSerializer,
            request=request,
            view=self,
        )


class ContentUsageApi(APIView):
    class FilterSerializer(serializers.Serializer):
        organization_id = serializers.UUIDField(required=False, allow_null=True, default=None)

    class OutputSerializer(serializers.Serializer):
        class MemberSerializer(serializers.Serializer):
            user_id = serializers.UUIDField(allow_null=True)
            email = serializers.CharField(allow_blank=True)
            versions = serializers.IntegerField()
            tokens_used = serializers.IntegerField(source="tokens")

        class ProviderSerializer(serializers.Serializer):
            provider = serializers.CharField(allow_blank=True)
            model = serializers.CharField(allow_blank=True)
            versions = serializers.IntegerField()
            tokens_used = serializers.IntegerField(source="tokens")

        organization_id = serializers.UUIDField()
        plan = serializers.CharField()
        period_start = serializers.DateTimeField()
        period_end = serializers.DateTimeField()
        tokens_used = serializers.IntegerField(help_text="Settled tokens in the ledger.")
        tokens_reserved = serializers.IntegerField(help_text="Held by generations in flight.")
        tokens_limit = serializers.IntegerField(allow_null=True, help_text="null = unlimited.")
        posts_used = serializers.IntegerField()
        posts_limit = serializers.IntegerField(allow_null=True)
        images_used = serializers.IntegerField(help_text="AI images made this period (image credits).")
        images_limit = serializers.IntegerField(allow_null=True)
        by_member = MemberSerializer(many=True)
        by_provider = ProviderSerializer(many=True)

    @extend_schema(
        operation_id="content_usage",
        summary="Usage of the current billing period, by member and by provider",
        parameters=[OpenApiParameter("organization_id", OpenApiTypes.UUID, description=ORG_ID_RULE)],
        responses={200: OutputSerializer, 404: error("Organization not found, or not a member.")},
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        usage = content_usage_current_period(
            user=request.user, organization_id=filters.validated_data["organization_id"]
        )
        return Response(self.OutputSerializer(usage).data)


class ContentValidateApi(APIView):
    """Measure a text as a network counts it (a live counter like the networks' composers)."""

    class InputSerializer(serializers.Serializer):
        platform = serializers.ChoiceField(choices=Platform.choices)
        text = StrictCharField(
            max_length=TEXT_MAX_CHARS,
            allow_blank=True,
            help_text="Measured after trimming surrounding whitespace, as a manual edit saves it.",
        )
        media = media_input_field()

    class OutputSerializer(serializers.Serializer):
        class ReasonSerializer(serializers.Serializer):
            code = serializers.CharField(
                help_text=(
                    "Text: empty, too_long, too_many_hashtags, invalid_characters. Media: media_required, "
                    "too_many_media, media_kind_not_allowed, mixed_media, media_too_large, aspect_ratio, "
                    "video_too_long, video_too_short, alt_text_too_long, media_deleted."
                )
            )
            message = serializers.CharField()

        platform = serializers.ChoiceField(choices=Platform.choices)
        length = serializers.IntegerField(help_text=LENGTH_HELP)
        limit = serializers.IntegerField(help_text=LIMIT_HELP)
        valid = serializers.BooleanField(help_text="The platform would take it (no reasons).")
        reasons = ReasonSerializer(many=True)

    @extend_schema(
        operation_id="content_validate",
        summary="Measure and validate a text as the platform counts it (no content is read or written)",
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            400: error(
                "Unknown platform (details.platform), text longer than 70000 characters (details.text), or a "
                "media not ready (details.media)."
            ),
            404: error("A media that is not in one of your organizations (or your API key's workspace)."),
        },
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = content_validate(user=request.user, **data.validated_data)
        return Response(self.OutputSerializer(result).data)
