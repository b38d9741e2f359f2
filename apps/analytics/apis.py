"""HTTP API of the analytics: generation, publishing and quota reports of an organization, and the
metrics read back from the networks (posts, per-channel totals).

Members (any role) read their organization's; 404 for anyone else. Served by a read replica when
one is configured, healthy and caught up (``source``: "replica"), else by the primary; ``as_of``
says how fresh the answer is.
"""

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.analytics.post_metrics import channel_metrics_totals, post_metrics_list
from apps.analytics.replicas import analytics_read, as_of
from apps.analytics.routers import PRIMARY
from apps.analytics.selectors import (
    GRANULARITIES,
    MAX_DAYS,
    Window,
    analytics_window,
    generation_report,
    publishing_report,
    quota_report,
)
from apps.common.pagination import PageNumberPagination, paginated_response
from apps.common.schema import ORG_ID_RULE, error
from apps.common.serializers import TIME_ZONES, TimeZoneField


class FilterSerializer(serializers.Serializer):
    organization_id = serializers.UUIDField(required=False, allow_null=True, default=None)
    workspace_id = serializers.UUIDField(required=False, allow_null=True, default=None)
    start = serializers.DateField(required=False, allow_null=True, default=None)
    end = serializers.DateField(required=False, allow_null=True, default=None)
    granularity = serializers.ChoiceField(choices=GRANULARITIES, required=False, default="day")
    tz = TimeZoneField(
        required=False,
        default="UTC",
        error_messages={"invalid_choice": "Not a known IANA time zone (e.g. Europe/Paris)."},
    )

    def validate_tz(self, value: str) -> ZoneInfo:
        return ZoneInfo(value)  # one of the zones the server's tzdata holds (TimeZoneField)

    def _validate_day(self, value: Any) -> Any:
        if value is not None and not 2000 <= value.year <= 2999:
            raise serializers.ValidationError("Must be between the years 2000 and 2999.")
        return value

    validate_start = _validate_day
    validate_end = _validate_day


PARAMETERS = [
    OpenApiParameter("organization_id", OpenApiTypes.UUID, description=ORG_ID_RULE),
    OpenApiParameter("workspace_id", OpenApiTypes.UUID, description="Only this workspace of the organization."),
    OpenApiParameter("start", OpenApiTypes.DATE, description="First day (in tz). Default: 29 days before end."),
    OpenApiParameter(
        "end", OpenApiTypes.DATE, description=f"Last day (in tz), at most {MAX_DAYS} days. Default: today."
    ),
    OpenApiParameter("granularity", OpenApiTypes.STR, enum=list(GRANULARITIES), description="Buckets of the series."),
    OpenApiParameter("tz", OpenApiTypes.STR, enum=TIME_ZONES, description="IANA time zone of the days (default UTC)."),
]
ERRORS = {
    400: error("Invalid filter: unknown time zone, start after end, more than 366 days."),
    404: error("Organization or workspace not found, or not a member."),
}


class AnalyticsFreshnessSerializer(serializers.Serializer):
    organization_id = serializers.UUIDField()
    workspace_id = serializers.UUIDField(allow_null=True)
    start = serializers.DateField()
    end = serializers.DateField()
    granularity = serializers.ChoiceField(choices=GRANULARITIES)
    tz = serializers.CharField()
    as_of = serializers.DateTimeField(help_text="The data is complete up to this instant (the replica's last replay).")
    source = serializers.ChoiceField(choices=["replica", "primary"])


class AnalyticsCountsSerializer(serializers.Serializer):
    versions = serializers.IntegerField()
    tokens = serializers.IntegerField()


class AnalyticsGenerationOutputSerializer(AnalyticsFreshnessSerializer):
    class AnalyticsProviderSerializer(AnalyticsCountsSerializer):
        provider = serializers.CharField(allow_blank=True)

    class AnalyticsModelSerializer(AnalyticsProviderSerializer):
        model = serializers.CharField(allow_blank=True)

    class AnalyticsMemberSerializer(AnalyticsCountsSerializer):
        user_id = serializers.UUIDField(allow_null=True)
        email = serializers.CharField(allow_blank=True)

    class AnalyticsWorkspaceSerializer(AnalyticsCountsSerializer):
        workspace_id = serializers.UUIDField()
        name = serializers.CharField()

    class AnalyticsBucketSerializer(AnalyticsCountsSerializer):
        date = serializers.DateField(help_text="The day, or the Monday of the week.")

    versions = serializers.IntegerField(help_text="Versions created (generated, regenerated, edited).")
    generated_versions = serializers.IntegerField(help_text="Versions written by a provider.")
    tokens = serializers.IntegerField()
    prompt_tokens = serializers.IntegerField()
    completion_tokens = serializers.IntegerField()
    fallback_share = serializers.FloatField(allow_null=True, help_text="Generated versions by the fallback provider.")
    truncated_share = serializers.FloatField(allow_null=True)
    failed_generations = serializers.IntegerField(
        help_text="Generations that saved no version: the provider timed out, refused or failed."
    )
    timeout_share = serializers.FloatField(
        allow_null=True, help_text="Timeouts among attempts (generated versions + failed generations)."
    )
    refusal_share = serializers.FloatField(
        allow_null=True, help_text="Refusals among attempts (generated versions + failed generations)."
    )
    latency_ms_p50 = serializers.FloatField(allow_null=True)
    latency_ms_p95 = serializers.FloatField(allow_null=True)
    by_provider = AnalyticsProviderSerializer(many=True, help_text="Top 20.")
    by_model = AnalyticsModelSerializer(many=True, help_text="Top 20.")
    by_member = AnalyticsMemberSerializer(many=True, help_text="Top 20.")
    by_workspace = AnalyticsWorkspaceSerializer(many=True, help_text="Top 20.")
    series = AnalyticsBucketSerializer(many=True, help_text="At most 366 buckets.")


class AnalyticsStatusCountsSerializer(serializers.Serializer):
    scheduled = serializers.IntegerField(help_text="Every post scheduled in the range, whatever its status.")
    pending = serializers.IntegerField()
    queued = serializers.IntegerField()
    published = serializers.IntegerField()
    failed = serializers.IntegerField()
    cancelled = serializers.IntegerField()


class AnalyticsPublishingOutputSerializer(AnalyticsFreshnessSerializer, AnalyticsStatusCountsSerializer):
    class AnalyticsPlatformSerializer(AnalyticsStatusCountsSerializer):
        platform = serializers.CharField()

    class AnalyticsBucketSerializer(AnalyticsStatusCountsSerializer):
        date = serializers.DateField()

    class AnalyticsReasonSerializer(serializers.Serializer):
        reason = serializers.CharField(allow_blank=True, help_text="The post's last error (200 characters at most).")
        count = serializers.IntegerField()

    delay_seconds_p50 = serializers.FloatField(allow_null=True, help_text="scheduled_at → published_at.")
    delay_seconds_p95 = serializers.FloatField(allow_null=True)
    by_platform = AnalyticsPlatformSerializer(many=True)
    failure_reasons = AnalyticsReasonSerializer(many=True, help_text="Top 10.")
    series = AnalyticsBucketSerializer(many=True, help_text="By scheduled_at; at most 366 buckets.")


class AnalyticsQuotaOutputSerializer(AnalyticsFreshnessSerializer):
    class AnalyticsDaySerializer(serializers.Serializer):
        date = serializers.DateField()
        tokens = serializers.IntegerField()
        posts = serializers.IntegerField()

    plan = serializers.CharField()
    period_start = serializers.DateTimeField()
    period_end = serializers.DateTimeField()
    tokens_used = serializers.IntegerField()
    tokens_reserved = serializers.IntegerField()
    tokens_limit = serializers.IntegerField(allow_null=True, help_text="null = unlimited.")
    posts_used = serializers.IntegerField()
    posts_limit = serializers.IntegerField(allow_null=True)
    tokens_per_day = serializers.FloatField(help_text="The period's pace so far.")
    posts_per_day = serializers.FloatField()
    tokens_run_out_on = serializers.DateField(allow_null=True, help_text="null: not before the period ends.")
    posts_run_out_on = serializers.DateField(allow_null=True)
    series = AnalyticsDaySerializer(many=True, help_text="Each day of the billing period (at most 366).")


def _answer(request, report: Callable[..., dict[str, Any]], output: type[serializers.Serializer]) -> Response:
    filters = FilterSerializer(data=request.query_params)
    filters.is_valid(raise_exception=True)
    window: Window = analytics_window(user=request.user, **filters.validated_data)
    data, alias = analytics_read(lambda using: report(window, alias=using))
    data.update(
        organization_id=window.organization_id,
        workspace_id=window.workspace_id,
        start=window.first_day,
        end=window.last_day,
        granularity=window.granularity,
        tz=window.tz.key,
        as_of=as_of(alias),
        source="primary" if alias == PRIMARY else "replica",
    )
    return Response(output(data).data)


class GenerationAnalyticsApi(APIView):
    @extend_schema(
        operation_id="analytics_generation",
        summary="Generation: versions, tokens, fallbacks, provider latency",
        parameters=PARAMETERS,
        responses={200: AnalyticsGenerationOutputSerializer, **ERRORS},
    )
    def get(self, request):
        return _answer(request, generation_report, AnalyticsGenerationOutputSerializer)


class PublishingAnalyticsApi(APIView):
    @extend_schema(
        operation_id="analytics_publishing",
        summary="Publishing: posts by status, platform and day; delay; failure reasons",
        parameters=PARAMETERS,
        responses={200: AnalyticsPublishingOutputSerializer, **ERRORS},
    )
    def get(self, request):
        return _answer(request, publishing_report, AnalyticsPublishingOutputSerializer)


class QuotaAnalyticsApi(APIView):
    @extend_schema(
        operation_id="analytics_quota",
        summary="Quota: use per day in the billing period and the projected day it runs out",
        parameters=PARAMETERS,
        responses={200: AnalyticsQuotaOutputSerializer, **ERRORS},
    )
    def get(self, request):
        return _answer(request, quota_report, AnalyticsQuotaOutputSerializer)


class _MetricsReadingSerializer(serializers.Serializer):
    checkpoint = serializers.ChoiceField(choices=["1h", "24h", "7d"])
    read_at = serializers.DateTimeField()
    likes = serializers.IntegerField(allow_null=True)
    reposts = serializers.IntegerField(allow_null=True)
    replies = serializers.IntegerField(allow_null=True)
    impressions = serializers.IntegerField(allow_null=True, help_text="null where the network does not give it.")


class PostMetricsSerializer(serializers.Serializer):
    scheduled_post_id = serializers.UUIDField(source="id")
    content_id = serializers.UUIDField()
    channel_id = serializers.UUIDField()
    network = serializers.CharField(source="channel.network")
    platform_post_id = serializers.CharField()
    platform_post_url = serializers.CharField(allow_blank=True)
    published_at = serializers.DateTimeField()
    readings = _MetricsReadingSerializer(many=True, source="metrics.all", help_text="At 1 h, 24 h and 7 days.")


class ChannelMetricsSerializer(serializers.Serializer):
    channel_id = serializers.UUIDField()
    network = serializers.CharField()
    handle = serializers.CharField(allow_blank=True)
    state = serializers.CharField()
    posts = serializers.IntegerField(help_text="Posts published through the channel.")
    likes = serializers.IntegerField(allow_null=True, help_text="Sum of each post's latest reading.")
    reposts = serializers.IntegerField(allow_null=True)
    replies = serializers.IntegerField(allow_null=True)
    impressions = serializers.IntegerField(allow_null=True)


class _MetricsFilterSerializer(serializers.Serializer):
    organization_id = serializers.UUIDField(required=False, allow_null=True, default=None)
    workspace_id = serializers.UUIDField(required=False, allow_null=True, default=None)


METRICS_PARAMETERS = [
    OpenApiParameter("organization_id", OpenApiTypes.UUID, description=ORG_ID_RULE),
    OpenApiParameter("workspace_id", OpenApiTypes.UUID, description="Only the channels of this workspace."),
]
METRICS_ERRORS = {404: error("Organization or workspace not found, or not a member.")}


class PostMetricsAnalyticsApi(APIView):
    pagination_class = PageNumberPagination  # the OpenAPI 200 is the paginated envelope

    class FilterSerializer(_MetricsFilterSerializer):
        channel_id = serializers.UUIDField(required=False, allow_null=True, default=None)
        network = serializers.ChoiceField(
            choices=["x", "linkedin", "mastodon", "bluesky"], required=False, allow_null=True, default=None
        )

    @extend_schema(
        operation_id="analytics_posts",
        summary="Posts published through a channel, with their metrics read back at 1 h, 24 h and 7 days",
        parameters=[
            *METRICS_PARAMETERS,
            OpenApiParameter("channel_id", OpenApiTypes.UUID),
            OpenApiParameter("network", OpenApiTypes.STR, enum=["x", "linkedin", "mastodon", "bluesky"]),
        ],
        responses={200: PostMetricsSerializer(many=True), 400: error("Invalid filter."), **METRICS_ERRORS},
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        posts = post_metrics_list(user=request.user, **filters.validated_data)
        return paginated_response(queryset=posts, serializer_class=PostMetricsSerializer, request=request, view=self)


class ChannelMetricsAnalyticsApi(APIView):
    pagination_class = None

    @extend_schema(
        operation_id="analytics_channels",
        summary="Per channel: posts published and the sums of their latest metrics",
        parameters=METRICS_PARAMETERS,
        responses={200: ChannelMetricsSerializer(many=True), 400: error("Invalid filter."), **METRICS_ERRORS},
    )
    def get(self, request):
        filters = _MetricsFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        totals = channel_metrics_totals(user=request.user, **filters.validated_data)
        return Response(ChannelMetricsSerializer(totals, many=True).data)
