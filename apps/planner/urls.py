"""Routes of /api/v1/planner/."""

from django.urls import path

from apps.planner import apis

app_name = "planner"

_W = "workspaces/<uuid:workspace_id>/"

urlpatterns = [
    path(f"{_W}schedule/", apis.ScheduleApi.as_view(), name="schedule"),
    path(f"{_W}queue/", apis.QueueApi.as_view(), name="queue"),
    path(f"{_W}queue/reorder/", apis.QueueReorderApi.as_view(), name="queue-reorder"),
    path(f"{_W}queue/pause/", apis.QueuePauseApi.as_view(), name="queue-pause"),
    path(f"{_W}queue/resume/", apis.QueueResumeApi.as_view(), name="queue-resume"),
    path(f"{_W}queue/<uuid:entry_id>/", apis.QueueEntryApi.as_view(), name="queue-entry"),
    path(f"{_W}recurrences/", apis.SeriesListCreateApi.as_view(), name="recurrences"),
    path("recurrences/<uuid:series_id>/", apis.SeriesDetailApi.as_view(), name="recurrence"),
    path(f"{_W}evergreen/", apis.EvergreenListCreateApi.as_view(), name="evergreen"),
    path(f"{_W}evergreen/<uuid:content_id>/", apis.EvergreenDetailApi.as_view(), name="evergreen-content"),
    path(f"{_W}calendar/", apis.CalendarApi.as_view(), name="calendar"),
]
