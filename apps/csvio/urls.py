"""Routes of /api/v1/csv/."""

from django.urls import path

from apps.csvio import apis

app_name = "csvio"

urlpatterns = [
    path("content/export/", apis.ContentExportApi.as_view(), name="content-export"),
    path("scheduled-posts/export/", apis.ScheduledPostExportApi.as_view(), name="scheduled-post-export"),
    path("scheduled-posts/import/", apis.ScheduledPostImportApi.as_view(), name="scheduled-post-import"),
]
