"""HTTP API of the media library (/api/v1/media/; docs/media.md): list and direct upload, presigned
upload and its completion, read, alt text edit, delete."""

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.common.db import connections_release
from apps.common.pagination import PageOrCursorPagination, paginated_response
from apps.common.parsers import StrictJSONParser
from apps.common.schema import ORG_ID_QUERY, ORG_ID_RULE, error, errors_of
from apps.common.serializers import StrictCharField
from apps.common.views import IdempotentMixin, LargeBodyMixin
from apps.media import selectors, services
from apps.media.derivatives import FIT_MODES
from apps.media.exceptions import (
    MediaEmpty,
    MediaFitNotNeeded,
    MediaInUse,
    MediaNotAnImage,
    MediaNotPending,
    MediaTooLarge,
    MediaTooManyPixels,
    MediaUnsupported,
    MediaUploadMissing,
    PresignedUploadUnavailable,
    StorageLimitReached,
)
from apps.media.models import MediaKind, MediaSource, MediaState
from apps.media.network_rules import MEDIA_RULES
from apps.media.serializers import MediaSerializer
from apps.media.tasks import media_fit_request, media_thumbnail_request
from apps.organizations.models import Role
from apps.organizations.selectors import membership_require

ALT_TEXT_MAX = 1500
_MULTIPART_OVERHEAD = 64 * 1024  # the multipart envelope and the other form fields around the file

E403 = error("The role is below editor.")
E404 = error("Media not found, or you are not a member of its organization.")
E404_ORG = error("Organization or workspace not found, or you are not a member.")
E402 = errors_of(StorageLimitReached, note="details: limit, used (bytes).")
E415 = errors_of(MediaUnsupported, note="The type is read from the bytes, never from the name or Content-Type.")
E422 = errors_of(MediaTooManyPixels, MediaEmpty)


def _media_in_path(request: Any, kwargs: dict[str, Any]) -> Any:
    return selectors.media_organization_id(media_id=kwargs.get("media_id"))


_LIST_PARAMETERS = [
    ORG_ID_QUERY,
    OpenApiParameter("workspace_id", OpenApiTypes.UUID),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=MediaKind.values),
    OpenApiParameter(
        "source", OpenApiTypes.STR, enum=MediaSource.values, description="derivative: thumbnails and fits only."
    ),
    OpenApiParameter("state", OpenApiTypes.STR, enum=MediaState.values),
]


def _require_editor_of_body_organization(request: Request) -> None:
    """Permission before validation (404, 403, then 400): the organization named in the body or the
    form (omitted: the caller's only one). A malformed id is left to the serializer's 400."""
    value = request.data.get("organization_id") if hasattr(request.data, "get") else None
    try:
        organization_id = serializers.UUIDField().to_internal_value(value) if value not in (None, "") else None
    except serializers.ValidationError:
        return
    membership_require(user=request.user, organization_id=organization_id, role=Role.EDITOR)


class MediaListUploadApi(LargeBodyMixin, IdempotentMixin, APIView):
    pagination_class = PageOrCursorPagination  # the OpenAPI 200 is the paginated envelope
    cursor_ordering = ("-created_at", "-id")  # media_list's order
    # The file can only come as multipart/form-data; JSON too, so that a JSON body is answered like
    # any other (permission first, then 400 "file required") instead of 415.
    parser_classes = [MultiPartParser, StrictJSONParser]

    class FilterSerializer(serializers.Serializer):
        organization_id = serializers.UUIDField(required=False, allow_null=True, default=None)
        workspace_id = serializers.UUIDField(required=False, allow_null=True, default=None)
        kind = serializers.ChoiceField(choices=MediaKind.choices, required=False, allow_null=True, default=None)
        source = serializers.ChoiceField(choices=MediaSource.choices, required=False, allow_null=True, default=None)
        state = serializers.ChoiceField(choices=MediaState.choices, required=False, allow_null=True, default=None)

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField(help_text="JPEG, PNG, WebP, GIF or MP4 (read from the bytes).")
        organization_id = serializers.UUIDField(required=False, allow_null=True, default=None, help_text=ORG_ID_RULE)
        workspace_id = serializers.UUIDField(
            required=False, allow_null=True, default=None, help_text="Omit for the organization's default workspace."
        )
        alt_text = StrictCharField(max_length=ALT_TEXT_MAX, required=False, allow_blank=True, default="")

    @classmethod
    def max_body_bytes(cls) -> int:
        """This route's body limit, above ``DATA_UPLOAD_MAX_MEMORY_SIZE``: the file and the form
        around it. The ASGI server applies it before the body is read (apps.common.request_limits)."""
        return settings.MEDIA_DIRECT_UPLOAD_MAX_BYTES + _MULTIPART_OVERHEAD

    @classmethod
    def body_too_large(cls) -> MediaTooLarge:
        limit = settings.MEDIA_DIRECT_UPLOAD_MAX_BYTES
        return MediaTooLarge(
            f"The file is larger than {limit} bytes: use a presigned upload (POST /api/v1/media/uploads/).",
            details={"max_bytes": limit},
        )

    def initialize_request(self, request: Any, *args: Any, **kwargs: Any) -> Request:
        # The file goes to a temporary file on disk as it is parsed (never into memory whatever its
        # size), then from there to storage in chunks: Django's documented way, before request.FILES.
        request.upload_handlers = [TemporaryFileUploadHandler(request)]
        return super().initialize_request(request, *args, **kwargs)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        if request.method == "POST":
            # The user first (one query), then the connection back to the pool: the body is parsed
            # next (by the rate limiter, which reads the form's organization_id), file to disk, with
            # no database connection held idle meanwhile (many uploads at once share a small pool).
            self.perform_authentication(request)
            connections_release()
        super().initial(request, *args, **kwargs)

    @extend_schema(
        operation_id="media_list",
        summary="An organization's media library (newest first; derivatives only with source=derivative)",
        parameters=_LIST_PARAMETERS,
        responses={200: MediaSerializer(many=True), 404: E404_ORG},
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        media = selectors.media_list(user=request.user, **filters.validated_data)
        return paginated_response(
            queryset=media.prefetch_related("derivatives"),
            serializer_class=MediaSerializer,
            request=request,
            view=self,
        )

    @extend_schema(
        operation_id="media_upload",
        summary="Upload a file through the API (multipart; at most MEDIA_DIRECT_UPLOAD_MAX_BYTES)",
        request={
            "multipart/form-data": inline_serializer(
                name="MediaUploadForm",
                fields={
                    "file": serializers.FileField(help_text="JPEG, PNG, WebP, GIF or MP4 (read from the bytes)."),
                    "organization_id": serializers.UUIDField(required=False, help_text=ORG_ID_RULE),
                    "workspace_id": serializers.UUIDField(required=False, help_text="Omit for the default one."),
                    "alt_text": StrictCharField(required=False, max_length=ALT_TEXT_MAX),
                },
            )
        },
        responses={
            201: MediaSerializer,
            402: E402,
            403: E403,
            404: E404_ORG,
            413: errors_of(MediaTooLarge),
            415: E415,
            422: E422,
        },
        description="Editor or higher. The file is streamed to a temporary file, then to storage. GPS and other "
        "location metadata are removed from images. Larger files: POST /api/v1/media/uploads/.",
    )
    def post(self, request: Request) -> Response:
        _require_editor_of_body_organization(request)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data.pop("file")
        media = services.media_upload(user=request.user, file=upload, filename=upload.name, **data.validated_data)
        media_thumbnail_request(media=media)
        return Response(MediaSerializer(media).data, status=201)


class _PresignedUploadSerializer(serializers.Serializer):
    method = serializers.CharField(help_text="PUT: send the file's bytes as the request body.")
    url = serializers.CharField(help_text="Presigned for this media's object only.")
    expires_at = serializers.DateTimeField()
    max_bytes = serializers.IntegerField(help_text="Larger files are refused at completion (413).")


class MediaUploadStartApi(IdempotentMixin, APIView):
    class InputSerializer(serializers.Serializer):
        organization_id = serializers.UUIDField(required=False, allow_null=True, default=None, help_text=ORG_ID_RULE)
        workspace_id = serializers.UUIDField(
            required=False, allow_null=True, default=None, help_text="Omit for the organization's default workspace."
        )
        filename = StrictCharField(max_length=255, required=False, allow_blank=True, default="")
        alt_text = StrictCharField(max_length=ALT_TEXT_MAX, required=False, allow_blank=True, default="")

    class OutputSerializer(serializers.Serializer):
        media = MediaSerializer()
        upload = _PresignedUploadSerializer()

    @extend_schema(
        operation_id="media_upload_start",
        summary="Start a presigned upload: a pending media and a PUT link for its object",
        request=InputSerializer,
        responses={
            201: OutputSerializer,
            400: error("Validation error; details hold the field errors."),
            402: E402,
            403: E403,
            404: E404_ORG,
            503: errors_of(PresignedUploadUnavailable),
        },
        description="Editor or higher. PUT the bytes to upload.url before upload.expires_at, then POST "
        "/api/v1/media/{id}/complete/. Needs object storage (MEDIA_S3_BUCKET).",
    )
    def post(self, request: Request) -> Response:
        _require_editor_of_body_organization(request)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        started = services.media_upload_start(user=request.user, **data.validated_data)
        body = {
            "media": started.media,
            "upload": {
                "method": started.method,
                "url": started.url,
                "expires_at": started.expires_at,
                "max_bytes": started.max_bytes,
            },
        }
        return Response(self.OutputSerializer(body).data, status=201)


class MediaUploadCompleteApi(IdempotentMixin, APIView):
    rate_limit_organization = staticmethod(_media_in_path)

    @extend_schema(
        operation_id="media_upload_complete",
        summary="Complete a presigned upload: what arrived is checked and the media becomes ready",
        request=None,
        responses={
            200: MediaSerializer,
            402: E402,
            403: E403,
            404: E404,
            409: errors_of(MediaNotPending, MediaUploadMissing),
            413: errors_of(MediaTooLarge),
            415: E415,
            422: E422,
        },
        description="Editor or higher. A refused file is removed from storage; the media stays pending and its "
        "link may upload another file until it expires.",
    )
    def post(self, request: Request, media_id) -> Response:
        media = services.media_upload_complete(user=request.user, media_id=media_id)
        media_thumbnail_request(media=media)
        return Response(MediaSerializer(media).data)


class MediaDetailApi(APIView):
    rate_limit_organization = staticmethod(_media_in_path)

    class InputSerializer(serializers.Serializer):
        alt_text = StrictCharField(max_length=ALT_TEXT_MAX, allow_blank=True)

    def _require_editor(self, request: Request, media_id) -> None:
        media = selectors.media_get_for_user(user=request.user, media_id=media_id)
        membership_require(user=request.user, organization_id=media.organization_id, role=Role.EDITOR)

    @extend_schema(
        operation_id="media_retrieve",
        summary="One media, with a download link",
        responses={200: MediaSerializer, 404: E404},
    )
    def get(self, request: Request, media_id) -> Response:
        media = selectors.media_get_for_user(user=request.user, media_id=media_id)
        return Response(MediaSerializer(media).data)

    @extend_schema(
        operation_id="media_update",
        summary="Change the alt text (editor)",
        request=InputSerializer,
        responses={200: MediaSerializer, 400: error("Alt text too long."), 403: E403, 404: E404},
    )
    def patch(self, request: Request, media_id) -> Response:
        self._require_editor(request, media_id)  # 404, 403, then 400
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        media = services.media_update(user=request.user, media_id=media_id, **data.validated_data)
        return Response(MediaSerializer(media).data)

    @extend_schema(
        operation_id="media_delete",
        summary="Delete a media and its derivatives (editor); its objects leave the storage",
        responses={204: None, 403: E403, 404: E404, 409: errors_of(MediaInUse)},
    )
    def delete(self, request: Request, media_id) -> Response:
        services.media_delete(user=request.user, media_id=media_id)
        return Response(status=204)


class MediaFitApi(IdempotentMixin, APIView):
    rate_limit_organization = staticmethod(_media_in_path)

    class InputSerializer(serializers.Serializer):
        platform = serializers.ChoiceField(choices=sorted(MEDIA_RULES))
        mode = serializers.ChoiceField(
            choices=sorted(FIT_MODES), help_text="pad: centred on a white canvas; crop: centre-cropped."
        )

    @extend_schema(
        operation_id="media_fit",
        summary="Ask the worker for a variant fitted to a network's aspect-ratio rule (pad or crop)",
        description=(
            "202: the variant is made by the worker and appears in the media's `derivatives` "
            "(derivative_kind fit_pad / fit_crop, with its platform). Asking again is harmless."
        ),
        request=InputSerializer,
        responses={
            202: MediaSerializer,
            400: errors_of(MediaNotAnImage, MediaFitNotNeeded, note="Or an unknown platform or mode."),
            403: E403,
            404: E404,
        },
    )
    def post(self, request: Request, media_id) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        media = media_fit_request(user=request.user, media_id=media_id, **data.validated_data)
        return Response(MediaSerializer(media).data, status=202)
