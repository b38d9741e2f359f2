"""Routes of /api/v1/scheduling/."""

from django.urls import path

from apps.scheduling import apis

app_name = "scheduling"

urlpatterns = [
    path("", apis.ScheduledPostListApi.as_view(), name="list"),
    path("schedule/", apis.ScheduledPostScheduleApi.as_view(), name="schedule"),
    path("callback/", apis.SchedulerCallbackApi.as_view(), name="callback"),
    path("<uuid:id>/", apis.ScheduledPostDetailApi.as_view(), name="detail"),
    path("<uuid:id>/cancel/", apis.ScheduledPostCancelApi.as_view(), name="cancel"),
    path("<uuid:id>/media/", apis.SchedulerPostMediaApi.as_view(), name="service-media"),
    path("<uuid:id>/channel-token/", apis.SchedulerChannelTokenApi.as_view(), name="service-channel-token"),
]
