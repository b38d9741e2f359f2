"""Routes of /api/v1/audit/."""

from django.urls import path

from apps.audit import apis

app_name = "audit"

urlpatterns = [
    path("entries/", apis.AuditEntryListApi.as_view(), name="entry-list"),
]
