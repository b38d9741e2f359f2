"""HTTP API of the content app: generate (JSON or Server-Sent Events), regenerate, edit, read, usage."""

from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.brand.rules import TEMPLATE_VARIABLES_MAX, VARIABLE_VALUE_MAX_CHARS
from apps.common.exceptions import QuotaExceeded, RateLimited
from apps.common.pagination import PageNumberPagination, paginated_response
from apps.common.schema import ORG_ID_RULE, error, errors_of
from apps.common.serializers import StrictCharField
from apps.content.exceptions import (
    ContentNotDeleted,
    ReviewTransitionConflict,
    ReviewVersionMismatch,
)
from apps.content.measure import measure, text_length
from apps.content.models import ContentVersion, Platform, ReviewAction, ReviewState, Tone
from apps.content.platforms import (
    AUDIENCE_MAX_CHARS,
    MODIFICATIONS_MAX_CHARS,
    PROMPT_MAX_CHARS,
    TEXT_MAX_CHARS,
    platform_limit,
)
from apps.content.providers import (
    PROVIDER_NAMES,
    AIContentRefused,
    AIProviderError,
    AIProviderNotConfigured,
    AITimeout,
)
from apps.content.selectors import (
    ARCHIVED_FILTERS,
    content_get_for_user,
    content_list,
    content_organization_id,
    content_reviews,
    content_trash_list,
    content_usage_current_period,
    content_versions,
)
from apps.content.services import (
    PreparedGeneration,
    content_approve,
    content_archive,
    content_delete,
    content_edit,
    content_generation_prepare_new,
    content_generation_prepare_regenerate,
    content_generation_run,
    content_generation_stream,
    content_move,
    content_request_changes,
    content_restore,
    content_submit,
    content_unarchive,
)
from apps.content.services_async import content_generation_arun, content_generation_astream
from apps.content.streaming import (
    SSE_DESCRIPTION,
    SSE_EVENT_SCHEMA,
    PreparedResponse,
    StreamingCapableApi,
    aevent_stream_response,
    async_generation_view,
    event_stream_response,
)
from apps.organizations.models import OrganizationMember, Role
from apps.organizations.selectors import membership_require
from apps.scheduling.exceptions import DeliveryInProgress

# ---------------------------------------------------------------------------
# Shared output shapes
# ---------------------------------------------------------------------------
LENGTH_HELP = "The text's length as the platform counts it (X: weighted, links 23; see docs/content.md)."
LIMIT_HELP = "The platform's limit, in the same unit as length."


class BrandWarningSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="banned_phrase or hashtags_left_out.")
    message = serializers.CharField()
    items = serializers.ListField(child=serializers.CharField(), help_text="The phrases or hashtags concerned.")


class GenerationOutputSerializer(serializers.Serializer):
    """The answer of generate and regenerate (and the ``done`` event of a stream)."""

    id = serializers.UUIDField(help_text="Content id.")
    generated_text = serializers.CharField(help_text="The current text (fits the platform's limit).")
    tokens_used = serializers.IntegerField(help_text="Provider-reported total tokens of this version's call(s).")
    version = serializers.IntegerField()
    version_id = serializers.UUIDField()
    provider = serializers.CharField(help_text="Provider actually used: openai, gemini or offline.")
    requested_provider = serializers.CharField()
    fallback_used = serializers.BooleanField()
    model = serializers.CharField()
    prompt_tokens = serializers.IntegerField()
    completion_tokens = serializers.IntegerField()
    usage_estimated = serializers.BooleanField(help_text="True when the provider reported no usage (see docs).")
    shortened = serializers.BooleanField(help_text="The provider was asked once more to shorten the text.")
    truncated = serializers.BooleanField(help_text="The text was cut at a word boundary to fit the platform.")
    platform = serializers.ChoiceField(choices=Platform.choices)
    platform_limit = serializers.IntegerField(help_text="Same as limit.")
    length = serializers.IntegerField(help_text=LENGTH_HELP)
    limit = serializers.IntegerField(help_text=LIMIT_HELP)
    tone = serializers.ChoiceField(choices=Tone.choices)
    audience = serializers.CharField(allow_blank=True)
    organization_id = serializers.UUIDField()
    workspace_id = serializers.UUIDField()
    latency_ms = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    brand_voice_revision = serializers.IntegerField(
        allow_null=True, help_text="The workspace's brand voice revision in the prompt; null when it has none."
    )
    brand_warnings = BrandWarningSerializer(
        many=True, help_text="What the brand voice's rules could not enforce (docs/brand.md); empty when all held."
    )


def generation_payload(version: ContentVersion) -> dict[str, Any]:
    """The answer of generate and regenerate, built directly: exactly what the declared fields of
    ``GenerationOutputSerializer`` (which document the schema) produce from ``_generation_fields``
    (a test holds the two equal), without DRF's per-answer copy of those fields, which cost as
    much as the rest of the answer."""
    fields = _generation_fields(version)
    return {
        **fields,
        "id": str(fields["id"]),
        "version_id": str(fields["version_id"]),
        "requested_provider": str(fields["requested_provider"]),
        "fallback_used": bool(fields["fallback_used"]),
        "usage_estimated": bool(fields["usage_estimated"]),
        "shortened": bool(fields["shortened"]),
        "truncated": bool(fields["truncated"]),
        "organization_id": str(fields["organization_id"]),
        "workspace_id": str(fields["workspace_id"]),
        "created_at": _DATETIME.to_representation(fields["created_at"]),
        "brand_warnings": [
            {"code": str(w["code"]), "message": str(w["message"]), "items": [str(item) for item in w["items"]]}
            for w in fields["brand_warnings"]
        ],
    }


def _generation_fields(version: ContentVersion) -> dict[str, Any]:
    content, params = version.content, version.parameters
    return {
        "id": content.id,
        "generated_text": version.text,
        "tokens_used": version.total_tokens,
        "version": version.version,
        "version_id": version.id,
        "provider": version.provider,
        "requested_provider": params.get("requested_provider", version.provider),
        "fallback_used": params.get("fallback_used", False),
        "model": version.model,
        "prompt_tokens": version.prompt_tokens,
        "completion_tokens": version.completion_tokens,
        "usage_estimated": params.get("usage_estimated", False),
        "shortened": params.get("shortened", False),
        "truncated": version.truncated,
        "platform": content.platform,
        "platform_limit": platform_limit(content.platform),
        "length": text_length(platform=content.platform, text=version.text),
        "limit": platform_limit(content.platform),
        "tone": content.tone,
        "audience": content.audience,
        "organization_id": content.organization_id,
        "workspace_id": content.workspace_id,
        "latency_ms": version.latency_ms,
        "created_at": version.created_at,
        "brand_voice_revision": params.get("brand_voice_revision"),
        "brand_warnings": params.get("brand_warnings", []),
    }


class ContentOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    organization_id = serializers.UUIDField()
    workspace_id = serializers.UUIDField()
    platform = serializers.ChoiceField(choices=Platform.choices)
    tone = serializers.ChoiceField(choices=Tone.choices)
    audience = serializers.CharField(allow_blank=True)
    prompt = serializers.CharField()
    # One vocabulary with the generation answer (the seed's names): ``version`` / ``generated_text``
    # are the content's current version and its text.
    version = serializers.IntegerField(source="current_version", help_text="The current version.")
    generated_text = serializers.CharField(
        source="current_text", allow_blank=True, help_text="The current version's text."
    )
    created_by = serializers.UUIDField(source="created_by_id", allow_null=True)
    created_by_email = serializers.SerializerMethodField()
    review_state = serializers.ChoiceField(
        choices=ReviewState.choices, help_text="draft, in_review, approved or changes_requested."
    )
    review_version = serializers.IntegerField(
        allow_null=True, help_text="The version submitted for review or approved (null in draft)."
    )
    archived_at = serializers.DateTimeField(allow_null=True)
    deleted_at = serializers.DateTimeField(allow_null=True, help_text="Set only in the trash listing.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    length = serializers.SerializerMethodField(help_text=LENGTH_HELP + " Of the current text.")
    limit = serializers.SerializerMethodField(help_text=LIMIT_HELP)

    def get_created_by_email(self, obj) -> str | None:
        return obj.created_by.email if obj.created_by else None

    def get_length(self, obj) -> int:
        return text_length(platform=obj.platform, text=obj.current_text)

    def get_limit(self, obj) -> int:
        return platform_limit(obj.platform)

    def to_representation(self, instance) -> dict[str, Any]:
        """Exactly what the declared fields (which document the schema) produce, built directly:
        DRF's field-by-field path cost about as much as the SQL of a 20-item page (bench/run.py)."""
        created_by = instance.created_by
        return {
            "id": str(instance.id),
            "organization_id": str(instance.organization_id),
            "workspace_id": str(instance.workspace_id),
            "platform": instance.platform,
            "tone": instance.tone,
            "audience": instance.audience,
            "prompt": instance.prompt,
            "version": instance.current_version,
            "generated_text": instance.current_text,
            "created_by": str(instance.created_by_id) if instance.created_by_id is not None else None,
            "created_by_email": created_by.email if created_by else None,
            "review_state": instance.review_state,
            "review_version": instance.review_version,
            "archived_at": _optional_datetime(instance.archived_at),
            "deleted_at": _optional_datetime(instance.deleted_at),
            "created_at": _DATETIME.to_representation(instance.created_at),
            "updated_at": _DATETIME.to_representation(instance.updated_at),
            "length": self.get_length(instance),
            "limit": self.get_limit(instance),
        }


_DATETIME = serializers.DateTimeField()


def _optional_datetime(value: Any) -> str | None:
    return None if value is None else _DATETIME.to_representation(value)


class VersionOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    version = serializers.IntegerField()
    generated_text = serializers.CharField(source="text", help_text="This version's text.")
    source = serializers.CharField(help_text="generated, regenerated or manual_edit.")
    provider = serializers.CharField(allow_blank=True, help_text="openai, gemini, offline; empty for manual edits.")
    model = serializers.CharField(allow_blank=True)
    parameters = serializers.DictField(help_text="Request parameters and the provider call(s) made.")
    prompt_tokens = serializers.IntegerField()
    completion_tokens = serializers.IntegerField()
    tokens_used = serializers.IntegerField(source="total_tokens", help_text="0 for a manual edit.")
    latency_ms = serializers.IntegerField()
    truncated = serializers.BooleanField()
    created_by = serializers.UUIDField(source="created_by_id", allow_null=True)
    created_by_email = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    length = serializers.SerializerMethodField(help_text=LENGTH_HELP)
    limit = serializers.SerializerMethodField(help_text=LIMIT_HELP)

    def get_created_by_email(self, obj) -> str | None:
        return obj.created_by.email if obj.created_by else None

    def get_length(self, obj) -> int:
        return text_length(platform=obj.content.platform, text=obj.text)

    def get_limit(self, obj) -> int:
        return platform_limit(obj.content.platform)


# ---------------------------------------------------------------------------
# Generation (JSON or SSE)
# ---------------------------------------------------------------------------
_GENERATION_ERRORS = {
    (400, "application/json"): error(
        "Validation error: unknown platform/tone/provider, empty or too long prompt, neither prompt nor "
        "template_id, template variables missing or unknown (template_variables_invalid)."
    ),
    (402, "application/json"): errors_of(QuotaExceeded, note="Tokens or posts (details: limit, used, resets_at)."),
    (403, "application/json"): error("The role is below editor."),
    (404, "application/json"): error("Organization, workspace, template or content not found (or not a member)."),
    (422, "application/json"): errors_of(AIContentRefused),
    (429, "application/json"): errors_of(RateLimited, note="The plan's generations per minute."),
    (502, "application/json"): errors_of(AIProviderError, note="After retries."),
    (503, "application/json"): errors_of(AIProviderNotConfigured),
    (504, "application/json"): errors_of(AITimeout, note="Within AI_TIMEOUT_SECONDS."),
}


def _answer(request: Any, prepared: PreparedGeneration) -> Response | StreamingHttpResponse:
    if getattr(request, "generation_async", False):
        return PreparedResponse(prepared)  # the async view awaits the provider (_answer_async)
    if not prepared.stream:
        version = content_generation_run(prepared=prepared)
        return Response(generation_payload(version), status=201)
    return event_stream_response(content_generation_stream(prepared=prepared), done_payload=generation_payload)


async def _answer_async(prepared: PreparedGeneration) -> HttpResponse | StreamingHttpResponse:
    """The answer of the async generation views: the provider awaited on the event loop."""
    if not prepared.stream:
        version = await content_generation_arun(prepared=prepared)
        return HttpResponse(
            JSONRenderer().render(generation_payload(version)), status=201, content_type="application/json"
        )
    return await aevent_stream_response(content_generation_astream(prepared=prepared), done_payload=generation_payload)


def _content_in_path(request: Any, kwargs: dict[str, Any]) -> Any:
    """The organization the per-tier rate limiter charges: the content's own (as its permission check)."""
    return content_organization_id(content_id=kwargs.get("content_id"))


def _require_editor(request, content_id) -> None:
    """Permission before validation: a viewer's request is refused (403) whatever its body, and a
    foreign or missing content is a 404, before the body is validated (400)."""
    content = content_get_for_user(user=request.user, content_id=content_id)
    membership_require(user=request.user, organization_id=content.organization_id, role=Role.EDITOR)


def _require_editor_of_body_organization(request) -> OrganizationMember | None:
    """Permission before validation: the ``organization_id`` sent (or, omitted, the caller's only
    organization) is checked first (404, 403), then the body is validated (400). A malformed
    ``organization_id`` is left to the serializer's 400."""
    value = request.data.get("organization_id") if isinstance(request.data, dict) else None
    try:  # read as the serializer reads it (a JSON integer is a UUID to DRF's UUIDField)
        organization_id = serializers.UUIDField().to_internal_value(value) if value is not None else None
    except serializers.ValidationError:
        return None
    return membership_require(user=request.user, organization_id=organization_id, role=Role.EDITOR)


TEMPLATE_ID_HELP = (
    "A prompt template of the organization (of workspace_id when given; its workspace is used "
    "otherwise), filled in with variables; prompt, when given too, follows it."
)
VARIABLES_HELP = (
    f"The template's variables, each a string of at most {VARIABLE_VALUE_MAX_CHARS} characters (at most "
    f"{TEMPLATE_VARIABLES_MAX}); every variable of the template and no other (400 template_variables_invalid)."
)


class TemplateVariablesField(serializers.DictField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=StrictCharField(max_length=VARIABLE_VALUE_MAX_CHARS, allow_blank=True), **kwargs)

    def to_internal_value(self, data: Any) -> dict[str, str]:
        if isinstance(data, dict) and len(data) > TEMPLATE_VARIABLES_MAX:
            raise serializers.ValidationError(f"At most {TEMPLATE_VARIABLES_MAX} variables.")
        return super().to_internal_value(data)


class ContentGenerateApi(StreamingCapableApi):
    class InputSerializer(serializers.Serializer):
        platform = serializers.ChoiceField(choices=Platform.choices)
        tone = serializers.ChoiceField(choices=Tone.choices)
        prompt = StrictCharField(
            max_length=PROMPT_MAX_CHARS,
            required=False,
            allow_blank=True,
            default="",
            help_text="What to write about; required unless template_id is given.",
        )
        template_id = serializers.UUIDField(required=False, allow_null=True, default=None, help_text=TEMPLATE_ID_HELP)
        variables = TemplateVariablesField(required=False, default=dict, help_text=VARIABLES_HELP)
        audience = StrictCharField(max_length=AUDIENCE_MAX_CHARS, required=False, allow_blank=True, default="")
        organization_id = serializers.UUIDField(required=False, allow_null=True, default=None, help_text=ORG_ID_RULE)
        workspace_id = serializers.UUIDField(required=False, allow_null=True, default=None)
        ai_provider = serializers.ChoiceField(
            choices=list(PROVIDER_NAMES),
            required=False,
            allow_null=True,
            default=None,
            help_text="Omit for the server's default (OpenAI if configured, else Gemini, else offline).",
        )
        stream = serializers.BooleanField(required=False, default=False)

    @extend_schema(
        operation_id="content_generate",
        summary="Generate a post (new content, version 1)",
        request=InputSerializer,
        responses={
            (201, "application/json"): GenerationOutputSerializer,
            (200, "text/event-stream"): OpenApiResponse(response=SSE_EVENT_SCHEMA, description=SSE_DESCRIPTION),
            **_GENERATION_ERRORS,
        },
    )
    def post(self, request):
        checked = _require_editor_of_body_organization(request)  # 404, 403 (or 400 without organization_id), then 400
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        prepared = content_generation_prepare_new(user=request.user, checked_membership=checked, **data.validated_data)
        return _answer(request, prepared)


class ContentRegenerateApi(StreamingCapableApi):
    rate_limit_organization = staticmethod(_content_in_path)

    class InputSerializer(serializers.Serializer):
        modifications = StrictCharField(
            max_length=MODIFICATIONS_MAX_CHARS, required=False, allow_blank=True, default=""
        )
        tone = serializers.ChoiceField(choices=Tone.choices, required=False, allow_null=True, default=None)
        audience = StrictCharField(max_length=AUDIENCE_MAX_CHARS, required=False, allow_null=True, default=None)
        ai_provider = serializers.ChoiceField(
            choices=list(PROVIDER_NAMES), required=False, allow_null=True, default=None
        )
        stream = serializers.BooleanField(required=False, default=False)

    @extend_schema(
        operation_id="content_regenerate",
        summary="Regenerate: version n+1 becomes current (201)",
        request=InputSerializer,
        responses={
            (201, "application/json"): GenerationOutputSerializer,
            (200, "text/event-stream"): OpenApiResponse(response=SSE_EVENT_SCHEMA, description=SSE_DESCRIPTION),
            **_GENERATION_ERRORS,
        },
    )
    def post(self, request, content_id):
        _require_editor(request, content_id)  # 404, 403, then 400
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        prepared = content_generation_prepare_regenerate(
            user=request.user, content_id=content_id, **data.validated_data
        )
        return _answer(request, prepared)


# The routed views: async under ASGI (the provider awaited without a thread), the DRF views as
# they are under WSGI.
content_generate_view = async_generation_view(ContentGenerateApi, _answer_async)
content_regenerate_view = async_generation_view(ContentRegenerateApi, _answer_async)


# ---------------------------------------------------------------------------
# Reads and manual edit
# ---------------------------------------------------------------------------
class ContentListApi(APIView):
    pagination_class = PageNumberPagination  # the OpenAPI 200 is the paginated envelope

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
    rate_limit_organization = staticmethod(_content_in_path)

    class EditInputSerializer(serializers.Serializer):
        text = StrictCharField(max_length=TEXT_MAX_CHARS)

    @extend_schema(
        operation_id="content_retrieve",
        summary="One piece of content (current text and version)",
        responses={200: ContentOutputSerializer, 404: error("Not found, or not a member.")},
    )
    def get(self, request, content_id):
        content = content_get_for_user(user=request.user, content_id=content_id)
        return Response(ContentOutputSerializer(content).data)

    @extend_schema(
        operation_id="content_edit",
        summary="Manual edit: the text is saved as version n+1 (no AI call, no tokens)",
        request=EditInputSerializer,
        responses={
            201: VersionOutputSerializer,
            400: error("Blank text, longer than the platform's limit as it counts, or too many hashtags."),
            403: error("The role is below editor."),
            404: error("Not found, or not a member."),
        },
    )
    def patch(self, request, content_id):
        _require_editor(request, content_id)  # 404, 403, then 400
        data = self.EditInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = content_edit(user=request.user, content_id=content_id, text=data.validated_data["text"])
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
        content_delete(user=request.user, content_id=content_id)
        return Response(status=204)


class ContentVersionListApi(APIView):
    rate_limit_organization = staticmethod(_content_in_path)
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
        by_member = MemberSerializer(many=True)
        by_provider = ProviderSerializer(many=True)

    @extend_schema(
        operation_id="content_usage",
        summary="Usage of the current billing period, by member and by provider",
        parameters=[OpenApiParameter("organization_id", OpenApiTypes.UUID, description=ORG_ID_RULE)],
        responses={200: OutputSerializer, 404: error("Organization not found, or not a member.")},
    )
    def get(self, request):
        filters = ContentListApi.FilterSerializer(data={"organization_id": request.query_params.get("organization_id")})
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

    class OutputSerializer(serializers.Serializer):
        class ReasonSerializer(serializers.Serializer):
            code = serializers.CharField(help_text="empty, too_long, too_many_hashtags or invalid_characters.")
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
            400: error("Unknown platform (details.platform), or text longer than 70000 characters (details.text)."),
        },
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = measure(**data.validated_data)
        return Response(self.OutputSerializer(result).data)


# ---------------------------------------------------------------------------
# Review: submit, approve, request changes, history
# ---------------------------------------------------------------------------
class ReviewOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    content_id = serializers.UUIDField()
    action = serializers.ChoiceField(choices=ReviewAction.choices)
    from_state = serializers.ChoiceField(choices=ReviewState.choices)
    to_state = serializers.ChoiceField(choices=ReviewState.choices)
    version = serializers.IntegerField(help_text="The version this transition is about.")
    comment = serializers.CharField(allow_blank=True)
    actor = serializers.UUIDField(source="actor_id", allow_null=True)
    actor_email = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_actor_email(self, obj) -> str | None:
        return obj.actor.email if obj.actor else None


class ReviewInputSerializer(serializers.Serializer):
    comment = StrictCharField(max_length=5000, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        default=None,
        help_text="The version you reviewed; 409 review_version_mismatch if the content moved on.",
    )


class RequestChangesInputSerializer(ReviewInputSerializer):
    comment = StrictCharField(max_length=5000, help_text="What should change (required).")


_REVIEW_ERRORS = {
    400: error("Invalid body (request-changes: a blank comment)."),
    404: error("Not found, in the trash, or not a member."),
    409: errors_of(ReviewTransitionConflict, ReviewVersionMismatch),
}


def _require_role(request, content_id, role: str) -> None:
    """Permission before validation (404, 403, then 400)."""
    content = content_get_for_user(user=request.user, content_id=content_id)
    membership_require(user=request.user, organization_id=content.organization_id, role=role)


# POST one review transition: the role first (404, 403), then the body (400), then the service.
# (A comment, not a docstring: drf-spectacular would put a docstring in each operation's description.)
class _ReviewTransitionApi(APIView):
    rate_limit_organization = staticmethod(_content_in_path)
    role: str
    input_serializer: type[serializers.Serializer] = ReviewInputSerializer
    transition: staticmethod  # the content service of the transition

    def post(self, request, content_id):
        _require_role(request, content_id, self.role)
        data = self.input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = self.transition(user=request.user, content_id=content_id, **data.validated_data)
        return Response(ReviewOutputSerializer(review).data, status=201)


@extend_schema_view(
    post=extend_schema(
        operation_id="content_submit",
        summary="Submit the current version for review: draft or changes_requested → in_review (editor+)",
        request=ReviewInputSerializer,
        responses={201: ReviewOutputSerializer, 403: error("The role is below editor."), **_REVIEW_ERRORS},
    )
)
class ContentSubmitApi(_ReviewTransitionApi):
    role = Role.EDITOR
    transition = staticmethod(content_submit)


@extend_schema_view(
    post=extend_schema(
        operation_id="content_approve",
        summary="Approve the version under review: in_review → approved (admin or owner)",
        request=ReviewInputSerializer,
        responses={201: ReviewOutputSerializer, 403: error("The role is below admin."), **_REVIEW_ERRORS},
    )
)
class ContentApproveApi(_ReviewTransitionApi):
    role = Role.ADMIN
    transition = staticmethod(content_approve)


@extend_schema_view(
    post=extend_schema(
        operation_id="content_request_changes",
        summary="Request changes with a comment: in_review → changes_requested (admin or owner)",
        request=RequestChangesInputSerializer,
        responses={201: ReviewOutputSerializer, 403: error("The role is below admin."), **_REVIEW_ERRORS},
    )
)
class ContentRequestChangesApi(_ReviewTransitionApi):
    role = Role.ADMIN
    input_serializer = RequestChangesInputSerializer
    transition = staticmethod(content_request_changes)


class ContentReviewListApi(APIView):
    rate_limit_organization = staticmethod(_content_in_path)
    pagination_class = PageNumberPagination

    @extend_schema(
        operation_id="content_reviews_list",
        summary="Review history (transitions with who, when, version and comment), oldest first",
        parameters=[OpenApiParameter("page", OpenApiTypes.INT), OpenApiParameter("page_size", OpenApiTypes.INT)],
        responses={200: ReviewOutputSerializer(many=True), 404: error("Not found, in the trash, or not a member.")},
    )
    def get(self, request, content_id):
        content = content_get_for_user(user=request.user, content_id=content_id)
        return paginated_response(
            queryset=content_reviews(content=content),
            serializer_class=ReviewOutputSerializer,
            request=request,
            view=self,
        )


# ---------------------------------------------------------------------------
# Lifecycle: trash, restore, archive, move
# ---------------------------------------------------------------------------
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
        responses={200: ContentOutputSerializer(many=True), 404: error("Organization or workspace not found.")},
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        qs = content_trash_list(user=request.user, **filters.validated_data)
        return paginated_response(queryset=qs, serializer_class=ContentOutputSerializer, request=request, view=self)


class ContentRestoreApi(APIView):
    rate_limit_organization = staticmethod(_content_in_path)

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
    rate_limit_organization = staticmethod(_content_in_path)

    @extend_schema(
        operation_id="content_archive",
        summary="Archive: left out of the default list, cannot be scheduled (editor+; idempotent)",
        request=None,
        responses={200: ContentOutputSerializer, **_EDITOR_404},
    )
    def post(self, request, content_id):
        return Response(ContentOutputSerializer(content_archive(user=request.user, content_id=content_id)).data)


class ContentUnarchiveApi(APIView):
    rate_limit_organization = staticmethod(_content_in_path)

    @extend_schema(
        operation_id="content_unarchive",
        summary="Unarchive (editor+; idempotent)",
        request=None,
        responses={200: ContentOutputSerializer, **_EDITOR_404},
    )
    def post(self, request, content_id):
        return Response(ContentOutputSerializer(content_unarchive(user=request.user, content_id=content_id)).data)


class ContentMoveApi(APIView):
    rate_limit_organization = staticmethod(_content_in_path)

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
            404: error("Content or workspace not found (a workspace of another organization is not found)."),
        },
    )
    def post(self, request, content_id):
        _require_editor(request, content_id)  # 404, 403, then 400
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        content = content_move(user=request.user, content_id=content_id, **data.validated_data)
        return Response(ContentOutputSerializer(content).data)
