"""Endpoints of /api/v1/csv/: streamed CSV exports and the CSV import of posts (docs/csv.md)."""

from typing import Any

from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.common.db import db_step, db_steps
from apps.common.exceptions import QuotaExceeded
from apps.common.parsers import StrictJSONParser
from apps.common.schema import ORG_ID_RULE, error, errors_of
from apps.common.views import AsyncAPIView, IdempotentMixin, LargeBodyMixin
from apps.content.models import Platform
from apps.csvio.csv_format import csv_chunks
from apps.csvio.exceptions import CsvFileTooLarge, CsvInvalid, CsvTooManyRows
from apps.csvio.selectors import Export, content_export, scheduled_post_export
from apps.csvio.services import COLUMNS, scheduled_posts_import
from apps.organizations.models import Role
from apps.organizations.selectors import membership_require
from apps.scheduling.apis import AwareDateTimeField
from apps.scheduling.models import PostStatus

# Room for the multipart envelope and the other form fields around the file.
_MULTIPART_OVERHEAD = 64 * 1024

_CSV_RESPONSE = OpenApiResponse(
    response=OpenApiTypes.STR,
    description="CSV (UTF-8, header row, RFC 4180), streamed. Cells that a spreadsheet would run as a formula are "
    "prefixed with an apostrophe.",
)
_E404 = error("Organization or workspace not found, or you are not a member.")
_E400 = error("Invalid filter, or organization_id missing while you belong to several.")


def _stream(request: Request, export: Export) -> StreamingHttpResponse:
    """The CSV of ``export``, one block per keyset chunk, sent as the chunks are read.

    Under ASGI (gunicorn's uvicorn workers) Django sends only an async iterator as it comes (a sync
    one it reads whole first): there each chunk is read and encoded as one database step
    (``db_steps``, the next while one is sent), holding no connection between chunks while the
    client downloads. Under WSGI (``runserver``, the test ``Client``) the server iterates the same
    generator on its thread."""
    content = csv_chunks(export.header, export.chunks)
    if isinstance(request._request, ASGIRequest):
        content = db_steps(content)
    response = StreamingHttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _date_params(after: str, before: str, what: str) -> list[OpenApiParameter]:
    return [
        OpenApiParameter(after, OpenApiTypes.DATETIME, description=f"ISO 8601 with timezone; {what} >= this."),
        OpenApiParameter(before, OpenApiTypes.DATETIME, description=f"ISO 8601 with timezone; {what} < this."),
    ]


class _CsvView(AsyncAPIView):
    """An export: authentication, permissions and the selector's checks are database steps (each
    gives its connection back), then the rows stream (``_stream``)."""

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # A client asking for text/csv gets the CSV; an error is JSON whatever it asked for.
        return super().perform_content_negotiation(request, force=True)


class ContentExportApi(_CsvView):
    class FilterSerializer(serializers.Serializer):
        organization_id = serializers.UUIDField(required=False)
        workspace_id = serializers.UUIDField(required=False)
        platform = serializers.ChoiceField(choices=Platform.choices, required=False)
        created_after = AwareDateTimeField(required=False)
        created_before = AwareDateTimeField(required=False)
        versions = serializers.BooleanField(required=False, default=False)

    @extend_schema(
        operation_id="csv_content_export",
        summary="Export content as CSV (streamed)",
        parameters=[
            OpenApiParameter("organization_id", OpenApiTypes.UUID, description=ORG_ID_RULE),
            OpenApiParameter("workspace_id", OpenApiTypes.UUID, description="Only this workspace's content."),
            OpenApiParameter("platform", str, enum=Platform.values),
            *_date_params("created_after", "created_before", "created_at"),
            OpenApiParameter(
                "versions", OpenApiTypes.BOOL, description="One row per version instead of the current text only."
            ),
        ],
        responses={(200, "text/csv"): _CSV_RESPONSE, 400: _E400, 404: _E404},
        description="Any member. Columns: docs/csv.md. Oldest first; memory stays flat whatever the size.",
    )
    async def get(self, request: Request) -> StreamingHttpResponse:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        return _stream(request, await db_step(content_export)(user=request.user, **filters.validated_data))


class ScheduledPostExportApi(_CsvView):
    class FilterSerializer(serializers.Serializer):
        organization_id = serializers.UUIDField(required=False)
        workspace_id = serializers.UUIDField(required=False)
        platform = serializers.ChoiceField(choices=Platform.choices, required=False)
        status = serializers.ChoiceField(choices=PostStatus.choices, required=False)
        scheduled_after = AwareDateTimeField(required=False)
        scheduled_before = AwareDateTimeField(required=False)

    @extend_schema(
        operation_id="csv_scheduled_posts_export",
        summary="Export scheduled posts as CSV (streamed)",
        parameters=[
            OpenApiParameter("organization_id", OpenApiTypes.UUID, description=ORG_ID_RULE),
            OpenApiParameter("workspace_id", OpenApiTypes.UUID, description="Only posts of this workspace's content."),
            OpenApiParameter("platform", str, enum=Platform.values),
            OpenApiParameter("status", str, enum=PostStatus.values),
            *_date_params("scheduled_after", "scheduled_before", "scheduled_at"),
        ],
        responses={(200, "text/csv"): _CSV_RESPONSE, 400: _E400, 404: _E404},
        description="Any member. Columns: docs/csv.md. Soonest first; memory stays flat whatever the size.",
    )
    async def get(self, request: Request) -> StreamingHttpResponse:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        return _stream(request, await db_step(scheduled_post_export)(user=request.user, **filters.validated_data))


class _ImportedPostSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="The row of the file (the header is row 1).")
    id = serializers.UUIDField()
    content_id = serializers.UUIDField()
    platform = serializers.ChoiceField(choices=Platform.choices)
    scheduled_at = serializers.DateTimeField()
    status = serializers.ChoiceField(choices=PostStatus.choices)


class ScheduledPostImportApi(LargeBodyMixin, IdempotentMixin, APIView):
    # JSON too, only so that a JSON body is answered like any other (permission first, then 400
    # "file required") instead of 415: the file itself can only come as multipart/form-data.
    parser_classes = [MultiPartParser, StrictJSONParser]

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField(allow_empty_file=True, help_text=f"The CSV file. Columns: {', '.join(COLUMNS)}.")
        organization_id = serializers.UUIDField(required=False)
        dry_run = serializers.BooleanField(required=False, default=False)

    class OutputSerializer(serializers.Serializer):
        organization_id = serializers.UUIDField()
        dry_run = serializers.BooleanField(help_text="True: every row was checked as for real and nothing was kept.")
        rows = serializers.IntegerField(help_text="Rows of the file (without the header).")
        contents_created = serializers.IntegerField(help_text="New content (rows with text).")
        scheduled_posts = _ImportedPostSerializer(many=True)

    @classmethod
    def max_body_bytes(cls) -> int:
        """This route's body limit, above ``DATA_UPLOAD_MAX_MEMORY_SIZE``: the file and the form
        around it. The ASGI server applies it before the body is read (apps.common.request_limits)."""
        return settings.CSV_IMPORT_MAX_BYTES + _MULTIPART_OVERHEAD

    @classmethod
    def body_too_large(cls) -> CsvFileTooLarge:
        return CsvFileTooLarge(
            f"The file is larger than {settings.CSV_IMPORT_MAX_BYTES} bytes; split it.",
            details={"max_bytes": settings.CSV_IMPORT_MAX_BYTES},
        )

    @extend_schema(
        operation_id="csv_scheduled_posts_import",
        summary="Schedule posts from a CSV file (all or nothing)",
        request={
            "multipart/form-data": inline_serializer(
                name="ScheduledPostImportForm",
                fields={
                    "file": serializers.FileField(help_text=f"CSV, UTF-8, header row. Columns: {', '.join(COLUMNS)}."),
                    "organization_id": serializers.UUIDField(required=False, help_text=ORG_ID_RULE),
                    "dry_run": serializers.BooleanField(required=False, help_text="Validate only; keep nothing."),
                },
            )
        },
        responses={
            201: OutputSerializer,
            200: OpenApiResponse(OutputSerializer, description="dry_run: every row is valid; nothing was kept."),
            400: errors_of(CsvInvalid, CsvTooManyRows, note="details.errors: [{row, field, code, message}]."),
            402: errors_of(QuotaExceeded, note="The whole file's new posts do not fit the plan's posts/month."),
            403: error("Your role is below editor."),
            404: error("Organization not found, or you are not a member."),
            413: errors_of(CsvFileTooLarge),
        },
        description=(
            "Editor or higher. Every row is validated (workspace, content or text, platform, time, length as the "
            "network counts it, duplicates within the file) and the posts quota is checked for the whole file; then "
            "every row is scheduled in one transaction, or none is. Columns and rules: docs/csv.md."
        ),
    )
    def post(self, request: Request) -> Response:
        # Permission first (404, 403), then the body (400): the organization named in the form.
        organization_id = request.data.get("organization_id") if isinstance(request.data, dict) else None
        organization_id = organization_id or None
        if organization_id is None or _is_uuid(organization_id):  # a malformed id is the serializer's 400
            membership_require(user=request.user, organization_id=organization_id, role=Role.EDITOR)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        upload = data["file"]
        result = scheduled_posts_import(
            user=request.user,
            organization_id=data.get("organization_id"),
            file=upload,
            size=upload.size,
            dry_run=data["dry_run"],
        )
        body = {
            "organization_id": result.organization_id,
            "dry_run": result.dry_run,
            "rows": result.rows,
            "contents_created": result.contents_created,
            "scheduled_posts": [
                {
                    "row": row,
                    "id": post.pk,
                    "content_id": post.content_id,
                    "platform": post.platform,
                    "scheduled_at": post.scheduled_at,
                    "status": post.status,
                }
                for row, post in result.posts
            ],
        }
        return Response(
            self.OutputSerializer(body).data, status=status.HTTP_200_OK if result.dry_run else status.HTTP_201_CREATED
        )


def _is_uuid(value: Any) -> bool:
    try:
        serializers.UUIDField().run_validation(value)
    except serializers.ValidationError:
        return False
    return True
