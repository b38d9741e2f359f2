"""Scheduling endpoints: schedule, cancel, list, detail, and the scheduler's callback."""

from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.channels.exceptions import ChannelNotActive
from apps.common.pagination import PageOrCursorPagination, paginated_response
from apps.common.schema import ORG_ID_RULE, error, errors_of
from apps.common.serializers import StrictBooleanField, StrictCharField
from apps.common.views import IdempotentMixin
from apps.content.exceptions import ContentArchived
from apps.content.models import Platform
from apps.content.selectors import content_organization_id
from apps.scheduling.authentication import SchedulerTokenAuthentication
from apps.scheduling.channel_tokens import scheduled_post_channel_token
from apps.scheduling.exceptions import (
    AlreadyPublished,
    AlreadyScheduled,
    ContentNotApproved,
    DeliveryInProgress,
    DuplicatePost,
    InvalidTransition,
    PostWithoutChannel,
)
from apps.scheduling.models import PostStatus, ScheduledPost
from apps.scheduling.selectors import (
    scheduled_post_get,
    scheduled_post_list,
    scheduled_post_media_for_service,
    scheduled_post_organization_id,
)
from apps.scheduling.services import scheduled_post_cancel, scheduled_post_content_require, scheduled_post_create
from apps.scheduling.state import CALLBACK_STATUSES, scheduled_post_apply_result


class AwareDateTimeField(serializers.DateTimeField):
    """An ISO 8601 datetime that must carry its timezone (a naive one is refused, not guessed)."""

    default_error_messages = {"naive": "Give a timezone, e.g. 2026-02-15T10:00:00Z or +02:00."}

    def enforce_timezone(self, value):
        if timezone.is_naive(value):
            self.fail("naive")
        return super().enforce_timezone(value)


class ScheduledPostOutputSerializer(serializers.ModelSerializer):
    organization_id = serializers.UUIDField()
    content_id = serializers.UUIDField()
    version = serializers.IntegerField(source="content_version.version")
    created_by = serializers.UUIDField(source="created_by_id", allow_null=True)
    job_id = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=PostStatus.choices)
    channel_id = serializers.UUIDField(allow_null=True, help_text="The channel it goes to (null: platform only).")
    # A string, not format uri: empty until a channel's post is out (and for posts the Node.js scheduler
    # published: its callback reports no URL).
    platform_post_url = serializers.CharField(help_text="The public URL once published to a channel; else empty.")

    class Meta:
        model = ScheduledPost
        fields = [
            "id",
            "organization_id",
            "content_id",
            "version",
            "platform",
            "text",
            "scheduled_at",
            "status",
            "backend",
            "job_id",
            "platform_post_id",
            "platform_post_url",
            "channel_id",
            "last_error",
            "attempts",
            "created_by",
            "created_at",
            "updated_at",
            "queued_at",
            "published_at",
            "cancelled_at",
            "failed_at",
        ]
        read_only_fields = fields


_PaginatedPosts = inline_serializer(
    name="PaginatedScheduledPostList",
    fields={
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": ScheduledPostOutputSerializer(many=True),
    },
)


# The organization the per-tier rate limiter charges: the one the view's permission check is about.
def _post_in_path(request: Request, kwargs: dict[str, Any]) -> Any:
    return scheduled_post_organization_id(post_id=kwargs.get("id"))


def _content_in_body(request: Request, kwargs: dict[str, Any]) -> Any:
    data = request.data
    if not isinstance(data, dict) or data.get("organization_id"):
        return None  # organization_id in the body, when given, is what the permission check uses
    return content_organization_id(content_id=data.get("content_id"))


def _require_editor_of_body_content(request: Request) -> None:
    """Permission before validation: the content named in the body (and ``organization_id`` when
    sent) is checked first (404 for a missing or foreign one, 403 below editor), then the rest of
    the body is validated (400). A missing or malformed ``content_id``/``organization_id`` is left
    to the serializer's 400."""
    data = request.data
    if not isinstance(data, dict):
        return
    try:  # read as the serializer reads them (a JSON integer is a UUID to DRF's UUIDField)
        content_id = serializers.UUIDField().to_internal_value(data["content_id"])
        organization_id = data.get("organization_id")
        if organization_id is not None:
            organization_id = serializers.UUIDField().to_internal_value(organization_id)
    except (KeyError, serializers.ValidationError):
        return
    scheduled_post_content_require(user=request.user, content_id=content_id, organization_id=organization_id)


class ScheduledPostScheduleApi(IdempotentMixin, APIView):
    rate_limit_organization = staticmethod(_content_in_body)

    class InputSerializer(serializers.Serializer):
        content_id = serializers.UUIDField()
        scheduled_at = AwareDateTimeField(help_text="ISO 8601 with timezone; in the future, at most one year ahead.")
        platform = serializers.ChoiceField(choices=Platform.choices, required=False)
        version = serializers.IntegerField(min_value=1, required=False, help_text="Default: the current version.")
        organization_id = serializers.UUIDField(
            required=False, help_text="Optional (the content names it); when sent, it must own the content."
        )
        allow_duplicate = StrictBooleanField(
            required=False,
            default=False,
            help_text="Schedule even if the same text is already scheduled or published on this platform "
            "within SCHEDULING_DUPLICATE_WINDOW_HOURS (default false: 409 duplicate_post).",
        )
        channel_id = serializers.UUIDField(
            required=False,
            allow_null=True,
            default=None,
            help_text="The channel to publish to (an active channel of the content's workspace; GET "
            "/api/v1/channels/). The platform is its network's. Omitted: a platform-only post.",
        )

    @extend_schema(
        operation_id="scheduling_schedule",
        summary="Schedule a content version for publication",
        request=InputSerializer,
        responses={
            201: ScheduledPostOutputSerializer,
            400: error(
                "Invalid body: naive, past or too distant scheduled_at, unknown version, text too long, channel_id "
                "not an active channel of the content's workspace."
            ),
            403: error("Your role is below editor."),
            404: error("Content not found, or not in an organization you belong to."),
            409: errors_of(
                AlreadyScheduled,
                DuplicatePost,
                ContentNotApproved,
                ContentArchived,
                note="duplicate_post: details.duplicate_of is the other post's id (with its scheduled_at and status), "
                "given only when the caller may read that post (not to an API key limited to another workspace). "
                "content_not_approved: the workspace requires approval and the content (or that version) is not "
                "approved.",
            ),
            503: error("scheduler_not_configured: the scheduler backend or publisher is not configured."),
        },
    )
    def post(self, request: Request) -> Response:
        _require_editor_of_body_content(request)  # 404, 403, then 400
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        post = scheduled_post_create(user=request.user, **data.validated_data)
        post = scheduled_post_get(user=request.user, post_id=post.id)
        return Response(ScheduledPostOutputSerializer(post).data, status=status.HTTP_201_CREATED)


class ScheduledPostCancelApi(IdempotentMixin, APIView):
    rate_limit_organization = staticmethod(_post_in_path)

    @extend_schema(
        operation_id="scheduling_cancel",
        summary="Cancel a scheduled post",
        description=(
            "Not yet handed to the scheduler: cancelled at once and never delivered. Already with the "
            "Node.js scheduler: cancelled only when the scheduler confirms. Cancelling a cancelled post "
            "answers 200 again."
        ),
        request=None,
        responses={
            200: ScheduledPostOutputSerializer,
            403: error("Your role is below editor."),
            404: error("Scheduled post not found, or not in an organization you belong to."),
            409: errors_of(InvalidTransition, AlreadyPublished, DeliveryInProgress),
            502: error("scheduler_unavailable / scheduler_error: the scheduler could not confirm; post unchanged."),
            503: error("scheduler_not_configured."),
            504: error("scheduler_timeout: the scheduler did not answer; post unchanged."),
        },
    )
    def post(self, request: Request, id) -> Response:  # the route's kwarg
        post = scheduled_post_cancel(user=request.user, post_id=id)
        post = scheduled_post_get(user=request.user, post_id=post.id)
        return Response(ScheduledPostOutputSerializer(post).data)


class ScheduledPostListApi(APIView):
    pagination_class = PageOrCursorPagination
    cursor_ordering = ("scheduled_at", "id")  # scheduled_post_list's order

    class FilterSerializer(serializers.Serializer):
        organization_id = serializers.UUIDField(required=False)
        status = serializers.ChoiceField(choices=PostStatus.choices, required=False)
        platform = serializers.ChoiceField(choices=Platform.choices, required=False)
        content_id = serializers.UUIDField(required=False)
        scheduled_after = AwareDateTimeField(required=False)
        scheduled_before = AwareDateTimeField(required=False)

    @extend_schema(
        operation_id="scheduling_list",
        summary="List scheduled posts of an organization",
        parameters=[
            OpenApiParameter("organization_id", OpenApiTypes.UUID, description=ORG_ID_RULE),
            OpenApiParameter("status", str, enum=PostStatus.values),
            OpenApiParameter("platform", str, enum=Platform.values),
            OpenApiParameter("content_id", OpenApiTypes.UUID, description="Only the posts of this content."),
            OpenApiParameter(
                "scheduled_after", OpenApiTypes.DATETIME, description="ISO 8601 with timezone; scheduled_at >= this."
            ),
            OpenApiParameter(
                "scheduled_before", OpenApiTypes.DATETIME, description="ISO 8601 with timezone; scheduled_at < this."
            ),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int, description="At most 100."),
        ],
        responses={
            200: _PaginatedPosts,
            400: error("Invalid filter, or organization_id missing while you belong to several."),
            404: error("Organization not found, or you are not a member."),
        },
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        posts = scheduled_post_list(user=request.user, **filters.validated_data)
        return paginated_response(
            queryset=posts, serializer_class=ScheduledPostOutputSerializer, request=request, view=self
        )


class ScheduledPostDetailApi(APIView):
    rate_limit_organization = staticmethod(_post_in_path)

    @extend_schema(
        operation_id="scheduling_detail",
        summary="One scheduled post: status, job id, platform post id, last error, attempts",
        responses={
            200: ScheduledPostOutputSerializer,
            404: error("Scheduled post not found, or not in an organization you belong to."),
        },
    )
    def get(self, request: Request, id) -> Response:  # the route's kwarg
        return Response(ScheduledPostOutputSerializer(scheduled_post_get(user=request.user, post_id=id)).data)


class SchedulerCallbackApi(APIView):
    """Called by the Node.js scheduler when a job ran. Authenticated by the shared service token."""

    authentication_classes = [SchedulerTokenAuthentication]
    permission_classes = [IsAuthenticated]
    # Per-tier user throttles do not apply to the service: only the token holder gets this far.
    throttle_classes: list = []

    class InputSerializer(serializers.Serializer):
        job_id = StrictCharField(max_length=200)
        content_id = serializers.UUIDField()
        status = serializers.ChoiceField(choices=[(s.value, s.label) for s in CALLBACK_STATUSES])
        platform_post_id = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
        error = StrictCharField(max_length=2000, required=False, allow_blank=True, default="")

    class OutputSerializer(serializers.Serializer):
        id = serializers.UUIDField(source="post.id")
        status = serializers.CharField(source="post.status")
        changed = serializers.BooleanField(help_text="False when this callback repeated one already applied.")

    @extend_schema(
        operation_id="scheduling_callback",
        summary="Callback of the Node.js scheduler (service token, not a user JWT)",
        description=(
            "Idempotent: repeating a callback answers 200 with changed=false and changes nothing. "
            "See docs/scheduler-contract.md."
        ),
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            400: error("Invalid body, unknown status, or content_id not the job's content (content_mismatch)."),
            401: error("Missing or wrong scheduler service token (also when none is configured)."),
            404: error("No scheduled post has this job_id."),
            409: errors_of(InvalidTransition, note="E.g. the post was cancelled, or already failed."),
        },
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = scheduled_post_apply_result(**data.validated_data)
        return Response(self.OutputSerializer(result).data)


class DeliveryMediaSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    type = serializers.CharField(help_text="image or video.")
    mime_type = serializers.CharField()
    size = serializers.IntegerField(help_text="Bytes.")
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)
    duration_seconds = serializers.FloatField(allow_null=True)
    alt_text = serializers.CharField(allow_blank=True)
    url = serializers.CharField(help_text="A plain GET downloads the bytes until url_expires_at (a presigned URL).")
    url_expires_at = serializers.DateTimeField()


class SchedulerPostMediaApi(APIView):
    """Fresh download links of a post's attachments, for the Node.js scheduler (service token)."""

    authentication_classes = [SchedulerTokenAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes: list = []

    class OutputSerializer(serializers.Serializer):
        scheduled_post_id = serializers.UUIDField()
        media = DeliveryMediaSerializer(many=True)

    @extend_schema(
        operation_id="scheduling_post_media",
        summary="Fresh media links of a post still to go out (service token, not a user JWT)",
        description=(
            "For the Node.js scheduler: the attachments of a pending or queued post with links made now "
            "(valid until scheduled_at + 6 h, at most 7 days). See docs/scheduler-contract.md."
        ),
        responses={
            200: OutputSerializer,
            401: error("Missing or wrong service token (a user JWT is refused)."),
            404: error("No such post, or it is already out (published, failed, cancelled)."),
        },
    )
    def get(self, request: Request, id) -> Response:
        return Response(self.OutputSerializer(scheduled_post_media_for_service(post_id=id)).data)


class SchedulerChannelTokenApi(APIView):
    """The access token of a post's channel, for the Node.js scheduler (service token)."""

    authentication_classes = [SchedulerTokenAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes: list = []

    class OutputSerializer(serializers.Serializer):
        scheduled_post_id = serializers.UUIDField()
        channel_id = serializers.UUIDField()
        network = serializers.CharField()
        account_id = serializers.CharField()
        instance_url = serializers.CharField(allow_blank=True)
        access_token = serializers.CharField(help_text="Bearer token for the network's API. Never the refresh token.")
        expires_at = serializers.DateTimeField(allow_null=True, help_text="null: the network's token does not expire.")

    @extend_schema(
        operation_id="scheduling_channel_token",
        summary="The access token of a post's channel (service token, not a user JWT)",
        description=(
            "For the Node.js scheduler about to publish a post with a channel: the channel's access token "
            "(refreshed first when it would expire within CHANNEL_TOKEN_MIN_LIFETIME_SECONDS), never the refresh "
            "token. Each call is written to the audit log (channel.token_issued). See docs/scheduler-contract.md."
        ),
        request=None,
        responses={
            200: OutputSerializer,
            401: error("Missing or wrong service token (a user JWT is refused)."),
            404: error("No such post, or it is already out (published, failed, cancelled)."),
            409: errors_of(PostWithoutChannel, ChannelNotActive),
        },
    )
    def post(self, request: Request, id) -> Response:
        return Response(self.OutputSerializer(scheduled_post_channel_token(post_id=id)).data)
