"""Generate and regenerate: async views, answered as JSON or as Server-Sent Events."""

from typing import Any

from django.http import StreamingHttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from apps.brand.rules import TEMPLATE_VARIABLES_MAX, VARIABLE_VALUE_MAX_CHARS
from apps.common.db import db_step
from apps.common.exceptions import QuotaExceeded, RateLimited
from apps.common.schema import ORG_ID_RULE, error, errors_of
from apps.common.serializers import StrictBooleanField, StrictCharField
from apps.content.apis.checks import (
    content_organization_in_path,
    require_editor_of_body_organization,
    require_role_of_content,
)
from apps.content.apis.serializers import GenerationOutputSerializer, generation_payload, media_input_field
from apps.content.models import Platform, Tone
from apps.content.platforms import AUDIENCE_MAX_CHARS, MODIFICATIONS_MAX_CHARS, PROMPT_MAX_CHARS
from apps.content.providers import PROVIDER_NAMES, AIContentRefused, AIProviderError, AIProviderNotConfigured, AITimeout
from apps.content.services import (
    PreparedGeneration,
    content_generation_prepare_new,
    content_generation_prepare_regenerate,
    content_generation_run,
    content_generation_stream,
)
from apps.content.streaming import SSE_DESCRIPTION, SSE_EVENT_SCHEMA, StreamingCapableApi, event_stream_response
from apps.organizations.models import Role

_GENERATION_ERRORS = {
    (400, "application/json"): error(
        "Validation error: unknown platform/tone/provider, empty or too long prompt, neither prompt nor "
        "template_id, template variables missing or unknown (template_variables_invalid), a media not "
        "ready or a thumbnail (details.media)."
    ),
    (402, "application/json"): errors_of(QuotaExceeded, note="Tokens or posts (details: limit, used, resets_at)."),
    (403, "application/json"): error("The role is below editor."),
    (404, "application/json"): error(
        "Organization, workspace, template, content or media not found (or not a member; another "
        "workspace's media is not found either)."
    ),
    (422, "application/json"): errors_of(AIContentRefused),
    (429, "application/json"): errors_of(RateLimited, note="The plan's generations per minute."),
    (502, "application/json"): errors_of(AIProviderError, note="After retries."),
    (503, "application/json"): errors_of(AIProviderNotConfigured),
    (504, "application/json"): errors_of(AITimeout, note="Within AI_TIMEOUT_SECONDS."),
}


async def generation_answer(request: Request, prepared: PreparedGeneration) -> Response | StreamingHttpResponse:
    """201 with the version (JSON), or the Server-Sent Events of the same generation."""
    if prepared.stream:
        events = content_generation_stream(prepared=prepared)
        return await event_stream_response(request._request, events, done_payload=generation_payload)
    version = await content_generation_run(prepared=prepared)
    return Response(generation_payload(version), status=201)


# The generation views: the preparation (role, body, brief, provider, reservation) is one database
# step, then the provider is awaited on the event loop, holding no thread and no connection.
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
        stream = StrictBooleanField(required=False, default=False)
        media = media_input_field()

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
    async def post(self, request):
        return await generation_answer(request, await db_step(self.prepare)(request))

    def prepare(self, request) -> PreparedGeneration:
        checked = require_editor_of_body_organization(request)  # 404, 403 (or 400 without organization_id), then 400
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return content_generation_prepare_new(user=request.user, checked_membership=checked, **data.validated_data)


class ContentRegenerateApi(StreamingCapableApi):
    rate_limit_organization = staticmethod(content_organization_in_path)

    class InputSerializer(serializers.Serializer):
        modifications = StrictCharField(
            max_length=MODIFICATIONS_MAX_CHARS, required=False, allow_blank=True, default=""
        )
        tone = serializers.ChoiceField(choices=Tone.choices, required=False, allow_null=True, default=None)
        audience = StrictCharField(max_length=AUDIENCE_MAX_CHARS, required=False, allow_null=True, default=None)
        ai_provider = serializers.ChoiceField(
            choices=list(PROVIDER_NAMES), required=False, allow_null=True, default=None
        )
        stream = StrictBooleanField(required=False, default=False)
        media = media_input_field()

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
    async def post(self, request, content_id):
        return await generation_answer(request, await db_step(self.prepare)(request, content_id))

    def prepare(self, request, content_id) -> PreparedGeneration:
        require_role_of_content(request, content_id, Role.EDITOR)  # 404, 403, then 400
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return content_generation_prepare_regenerate(user=request.user, content_id=content_id, **data.validated_data)
