"""Routes of /api/v1/analytics/."""

from django.urls import path

from apps.analytics import apis

app_name = "analytics"

urlpatterns = [
    path("generation/", apis.GenerationAnalyticsApi.as_view(), name="generation"),
    path("publishing/", apis.PublishingAnalyticsApi.as_view(), name="publishing"),
    path("quota/", apis.QuotaAnalyticsApi.as_view(), name="quota"),
    path("posts/", apis.PostMetricsAnalyticsApi.as_view(), name="posts"),
    path("channels/", apis.ChannelMetricsAnalyticsApi.as_view(), name="channels"),
]
