"""HTTP API of the content app: generate (JSON or Server-Sent Events), regenerate, edit, read, usage."""

import json
from collections.abc import Iterator
from typing import Any

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.common.exceptions import DomainError
from apps.common.pagination import PageNumberPagination
from apps.common.schema import error
from apps.content.models import ContentVersion, Platform, Tone
from apps.content.platforms import AUDIENCE_MAX_CHARS, MODIFICATIONS_MAX_CHARS, PROMPT_MAX_CHARS
from apps.content.providers import PROVIDER_NAMES
from apps.content.selectors import content_get_for_user, content_list, content_usage_current_period, content_versions
from apps.content.services import (
    PreparedGeneration,
    content_edit,
    content_generate_prepare,
    content_generation_run,
    content_generation_stream,
    content_regenerate_prepare,
)


class EventStreamRenderer(BaseRenderer):
    """``text/event-stream``: declares (for content negotiation and the schema) the streamed answer of
    generate/regenerate. The stream itself is a StreamingHttpResponse; every other answer, errors
    included, is JSON whatever the Accept header (see ``StreamingCapableApi``)."""

    media_type = "text/event-stream"
    format = "sse"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        return sse_event("error" if isinstance(data, dict) and "error" in data else "message", data)


def sse_event(event: str, data: Any) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False, default=str)}\n\n".encode()


# ---------------------------------------------------------------------------
# Shared output shapes
# ---------------------------------------------------------------------------
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
    platform_limit = serializers.IntegerField()
    tone = serializers.ChoiceField(choices=Tone.choices)
    audience = serializers.CharField(allow_blank=True)
    organization_id = serializers.UUIDField()
    workspace_id = serializers.UUIDField()
    latency_ms = serializers.IntegerField()
    created_at = serializers.DateTimeField()


def generation_payload(version: ContentVersion) -> dict[str, Any]:
    from apps.content.platforms import platform_limit

    content, params = version.content, version.parameters
    data = {
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
        "tone": content.tone,
        "audience": content.audience,
        "organization_id": content.organization_id,
        "workspace_id": content.workspace_id,
        "latency_ms": version.latency_ms,
        "created_at": version.created_at,
    }
    return GenerationOutputSerializer(data).data


class ContentOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    organization_id = serializers.UUIDField()
    workspace_id = serializers.UUIDField()
    platform = serializers.ChoiceField(choices=Platform.choices)
    tone = serializers.ChoiceField(choices=Tone.choices)
    audience = serializers.CharField(allow_blank=True)
    prompt = serializers.CharField()
    current_version = serializers.IntegerField()
    current_text = serializers.CharField(allow_blank=True)
    created_by = serializers.UUIDField(source="created_by_id", allow_null=True)
    created_by_email = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_created_by_email(self, obj) -> str | None:
        return obj.created_by.email if obj.created_by else None

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
            "current_version": instance.current_version,
            "current_text": instance.current_text,
            "created_by": str(instance.created_by_id) if instance.created_by_id is not None else None,
            "created_by_email": created_by.email if created_by else None,
            "created_at": _DATETIME.to_representation(instance.created_at),
            "updated_at": _DATETIME.to_representation(instance.updated_at),
        }


_DATETIME = serializers.DateTimeField()


class VersionOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    version = serializers.IntegerField()
    text = serializers.CharField()
    source = serializers.CharField(help_text="generated, regenerated or manual_edit.")
    provider = serializers.CharField(allow_blank=True, help_text="openai, gemini, offline; empty for manual edits.")
    model = serializers.CharField(allow_blank=True)
    parameters = serializers.DictField(help_text="Request parameters and the provider call(s) made.")
    prompt_tokens = serializers.IntegerField()
    completion_tokens = serializers.IntegerField()
    total_tokens = serializers.IntegerField()
    latency_ms = serializers.IntegerField()
    truncated = serializers.BooleanField()
    created_by = serializers.UUIDField(source="created_by_id", allow_null=True)
    created_by_email = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_created_by_email(self, obj) -> str | None:
        return obj.created_by.email if obj.created_by else None


# ---------------------------------------------------------------------------
# Generation (JSON or SSE)
# ---------------------------------------------------------------------------
_SSE_DESCRIPTION = (
    'When `"stream": true`: `text/event-stream`. Events: `delta` (data `{"text": "..."}`, raw chunks as the '
    "provider sends them), then exactly one `done` (data: the same JSON as the 201 answer; its `generated_text` "
    "is authoritative, fitted to the platform) or one `error` (data: the error shape). Errors found before the "
    "stream starts (400/402/403/404/429/502/503/504) are answered with their status instead."
)

# One server-sent event as schema validators (schemathesis) read it: the event name and its JSON data.
_SSE_EVENT_SCHEMA = {
    "type": "object",
    "required": ["event", "data"],
    "properties": {
        "event": {"type": "string", "enum": ["delta", "done", "error"]},
        "data": {"type": "string", "description": "JSON: {text} for delta, the 201 body for done, the error shape."},
    },
}

_GENERATION_ERRORS = {
    (400, "application/json"): error("Validation error: unknown platform/tone/provider, empty or too long prompt."),
    (402, "application/json"): error("quota_exceeded: the plan's tokens or posts for this period are used up."),
    (403, "application/json"): error("The role is below editor."),
    (404, "application/json"): error("Organization, workspace or content not found (or not a member)."),
    (422, "application/json"): error("ai_content_refused: the provider refused (safety/policy block)."),
    (429, "application/json"): error("rate_limited: the plan's generations per minute; see Retry-After."),
    (502, "application/json"): error("ai_provider_error: the provider failed after retries (nothing spent)."),
    (503, "application/json"): error("ai_provider_not_configured: the requested provider has no key here."),
    (504, "application/json"): error("ai_timeout: the provider did not answer within AI_TIMEOUT_SECONDS."),
}


def _answer(request, prepared: PreparedGeneration) -> Response | StreamingHttpResponse:
    if not prepared.stream:
        version = content_generation_run(prepared=prepared)
        return Response(generation_payload(version), status=201)
    events = content_generation_stream(prepared=prepared)
    # Wait for the first event, so that a failure before any text (timeout, refusal, provider
    # error) is answered with its real status, and the generator is started (its close() then
    # always reaches the disconnect handling).
    first = next(events)
    if first[0] == "error":
        raise first[1]
    response = StreamingHttpResponse(_sse_stream(first, events), content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: do not buffer the stream
    return response


def _sse_stream(first: tuple[str, Any], events: Iterator[tuple[str, Any]]) -> Iterator[bytes]:
    try:
        event = first
        while event is not None:
            kind, payload = event
            if kind == "delta":
                yield sse_event("delta", {"text": payload})
            elif kind == "done":
                yield sse_event("done", generation_payload(payload))
            elif isinstance(payload, DomainError):
                yield sse_event(
                    "error", {"error": {"code": payload.code, "message": payload.message, "details": payload.details}}
                )
            event = next(events, None)
    finally:
        events.close()  # client gone: the service saves what was generated and settles


def _require_editor(request, content_id) -> None:
    """Permission before validation: a viewer's request is refused (403) whatever its body, and a
    foreign or missing content is a 404, before the body is validated (400)."""
    from apps.organizations.selectors import membership_require

    content = content_get_for_user(user=request.user, content_id=content_id)
    membership_require(user=request.user, organization_id=content.organization_id, role="editor")


class StreamingCapableApi(APIView):
    renderer_classes = [JSONRenderer, EventStreamRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        if not isinstance(response, StreamingHttpResponse):
            # Errors and non-streamed answers are JSON (the one error shape), even for an SSE client.
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
        return super().finalize_response(request, response, *args, **kwargs)


class ContentGenerateApi(StreamingCapableApi):
    class InputSerializer(serializers.Serializer):
        platform = serializers.ChoiceField(choices=Platform.choices)
        tone = serializers.ChoiceField(choices=Tone.choices)
        prompt = serializers.CharField(max_length=PROMPT_MAX_CHARS)
        audience = serializers.CharField(max_length=AUDIENCE_MAX_CHARS, required=False, allow_blank=True, default="")
        organization_id = serializers.UUIDField(required=False, allow_null=True, default=None)
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
            (200, "text/event-stream"): OpenApiResponse(response=_SSE_EVENT_SCHEMA, description=_SSE_DESCRIPTION),
            **_GENERATION_ERRORS,
        },
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        prepared = content_generate_prepare(user=request.user, **data.validated_data)
        return _answer(request, prepared)


class ContentRegenerateApi(StreamingCapableApi):
    class InputSerializer(serializers.Serializer):
        modifications = serializers.CharField(
            max_length=MODIFICATIONS_MAX_CHARS, required=False, allow_blank=True, default=""
        )
        tone = serializers.ChoiceField(choices=Tone.choices, required=False, allow_null=True, default=None)
        audience = serializers.CharField(max_length=AUDIENCE_MAX_CHARS, required=False, allow_null=True, default=None)
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
            (200, "text/event-stream"): OpenApiResponse(response=_SSE_EVENT_SCHEMA, description=_SSE_DESCRIPTION),
            **_GENERATION_ERRORS,
        },
    )
    def post(self, request, content_id):
        _require_editor(request, content_id)  # 404, 403, then 400
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        prepared = content_regenerate_prepare(user=request.user, content_id=content_id, **data.validated_data)
        return _answer(request, prepared)


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

    @extend_schema(
        operation_id="content_list",
        summary="List an organization's content (newest first)",
        parameters=[
            OpenApiParameter("organization_id", OpenApiTypes.UUID, description="Required if you are in several."),
            OpenApiParameter("workspace_id", OpenApiTypes.UUID),
            OpenApiParameter("platform", OpenApiTypes.STR, enum=Platform.values),
            OpenApiParameter("q", OpenApiTypes.STR, description="Search in the prompt and the current text."),
            OpenApiParameter("page", OpenApiTypes.INT),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="At most 100."),
        ],
        responses={200: ContentOutputSerializer(many=True), 404: error("Organization or workspace not found.")},
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        qs = content_list(user=request.user, **filters.validated_data)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(ContentOutputSerializer(page, many=True).data)


class ContentDetailApi(APIView):
    class EditInputSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=70000)

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
            400: error("Blank text, or longer than the platform's limit."),
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


class ContentVersionListApi(APIView):
    pagination_class = PageNumberPagination  # the OpenAPI 200 is the paginated envelope

    @extend_schema(
        operation_id="content_versions_list",
        summary="Version history, oldest first, with provenance",
        parameters=[OpenApiParameter("page", OpenApiTypes.INT), OpenApiParameter("page_size", OpenApiTypes.INT)],
        responses={200: VersionOutputSerializer(many=True), 404: error("Not found, or not a member.")},
    )
    def get(self, request, content_id):
        content = content_get_for_user(user=request.user, content_id=content_id)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(content_versions(content=content), request, view=self)
        return paginator.get_paginated_response(VersionOutputSerializer(page, many=True).data)


class ContentUsageApi(APIView):
    class OutputSerializer(serializers.Serializer):
        class MemberSerializer(serializers.Serializer):
            user_id = serializers.UUIDField(allow_null=True)
            email = serializers.CharField(allow_blank=True)
            versions = serializers.IntegerField()
            tokens = serializers.IntegerField()

        class ProviderSerializer(serializers.Serializer):
            provider = serializers.CharField(allow_blank=True)
            model = serializers.CharField(allow_blank=True)
            versions = serializers.IntegerField()
            tokens = serializers.IntegerField()

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
        parameters=[OpenApiParameter("organization_id", OpenApiTypes.UUID, description="Required if in several.")],
        responses={200: OutputSerializer, 404: error("Organization not found, or not a member.")},
    )
    def get(self, request):
        filters = ContentListApi.FilterSerializer(data={"organization_id": request.query_params.get("organization_id")})
        filters.is_valid(raise_exception=True)
        usage = content_usage_current_period(
            user=request.user, organization_id=filters.validated_data["organization_id"]
        )
        return Response(self.OutputSerializer(usage).data)
