"""AI images: async views (the provider is awaited on the event loop, holding no thread), for a
content (``POST /api/v1/content/{id}/images/``) and standalone into a workspace's media library
(``POST /api/v1/media/generate/``). Both answer 201 with the media."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from apps.common.db import db_step
from apps.common.exceptions import QuotaExceeded, RateLimited
from apps.common.schema import error, errors_of
from apps.common.serializers import StrictCharField
from apps.common.views import AsyncAPIView
from apps.content.apis.checks import content_organization_in_path, require_role_of_content
from apps.content.providers import AIProviderError, AIProviderNotConfigured, AITimeout
from apps.content.providers.images import IMAGE_PROVIDER_NAMES, IMAGE_SHAPES, AIImageRefused
from apps.content.services.images import (
    IMAGE_PROMPT_MAX_CHARS,
    PreparedImage,
    image_generation_prepare,
    image_generation_run,
)
from apps.media.serializers import MediaSerializer
from apps.organizations.models import Role
from apps.organizations.selectors import workspace_organization_id

ALT_TEXT_MAX_CHARS = 1500

_IMAGE_ERRORS = {
    400: error("Validation error: empty or too long prompt, unknown shape or provider."),
    402: errors_of(QuotaExceeded, note="Image credits used up (details.quota = images, limit, used, resets_at)."),
    403: error("The role is below editor."),
    422: errors_of(AIImageRefused),
    429: errors_of(RateLimited, note="The plan's generations per minute."),
    502: errors_of(AIProviderError, note="After retries, or an answer that is not an image."),
    503: errors_of(AIProviderNotConfigured),
    504: errors_of(AITimeout, note="Within AI_TIMEOUT_SECONDS."),
}


class _ImageInputSerializer(serializers.Serializer):
    shape = serializers.ChoiceField(
        choices=list(IMAGE_SHAPES),
        required=False,
        default="square",
        help_text="square 1:1, landscape (OpenAI 3:2, Imagen 4:3), portrait (2:3, 3:4).",
    )
    alt_text = StrictCharField(max_length=ALT_TEXT_MAX_CHARS, required=False, allow_blank=True, default="")
    ai_provider = serializers.ChoiceField(
        choices=list(IMAGE_PROVIDER_NAMES),
        required=False,
        allow_null=True,
        default=None,
        help_text="Omit for the server's default (OpenAI if configured, else Gemini, else offline).",
    )


async def _answer(prepared: PreparedImage) -> Response:
    media = await image_generation_run(prepared=prepared)
    return Response(await db_step(lambda: MediaSerializer(media).data)(), status=201)


class ContentImageGenerateApi(AsyncAPIView):
    rate_limit_organization = staticmethod(content_organization_in_path)

    class InputSerializer(_ImageInputSerializer):
        prompt = StrictCharField(
            max_length=IMAGE_PROMPT_MAX_CHARS,
            required=False,
            allow_blank=True,
            default="",
            help_text="What the image shows; omitted: made from the content's current text.",
        )

    @extend_schema(
        operation_id="content_image_generate",
        summary="Generate an AI image for a content, into its workspace's media library (one image credit)",
        request=InputSerializer,
        responses={201: MediaSerializer, **_IMAGE_ERRORS, 404: error("Content not found (or not a member).")},
    )
    async def post(self, request: Request, content_id) -> Response:
        return await _answer(await db_step(self.prepare)(request, content_id))

    def prepare(self, request: Request, content_id) -> PreparedImage:
        require_role_of_content(request, content_id, Role.EDITOR)  # 404, 403, then 400
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return image_generation_prepare(user=request.user, content_id=content_id, **data.validated_data)


def _workspace_in_body(request: Any, kwargs: dict[str, Any]) -> Any:
    """The organization the rate limiter charges: the workspace's (as its permission check)."""
    data = request.data if isinstance(request.data, dict) else {}
    return workspace_organization_id(workspace_id=data.get("workspace_id"))


class MediaGenerateApi(AsyncAPIView):
    rate_limit_organization = staticmethod(_workspace_in_body)

    class InputSerializer(_ImageInputSerializer):
        workspace_id = serializers.UUIDField(help_text="The workspace whose media library gets the image.")
        prompt = StrictCharField(max_length=IMAGE_PROMPT_MAX_CHARS, help_text="What the image shows.")

    @extend_schema(
        operation_id="media_generate",
        summary="Generate an AI image into a workspace's media library (one image credit)",
        request=InputSerializer,
        responses={201: MediaSerializer, **_IMAGE_ERRORS, 404: error("Workspace not found (or not a member).")},
    )
    async def post(self, request: Request) -> Response:
        return await _answer(await db_step(self.prepare)(request))

    def prepare(self, request: Request) -> PreparedImage:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return image_generation_prepare(user=request.user, **data.validated_data)
