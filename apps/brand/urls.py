"""Routes of /api/v1/brand/."""

from django.urls import path

from apps.brand import apis

app_name = "brand"

urlpatterns = [
    path("workspaces/<uuid:workspace_id>/voice/", apis.BrandVoiceApi.as_view(), name="voice"),
    path(
        "workspaces/<uuid:workspace_id>/voice/revisions/",
        apis.BrandVoiceRevisionListApi.as_view(),
        name="voice-revisions",
    ),
    path("templates/", apis.TemplateListCreateApi.as_view(), name="templates"),
    path("templates/<uuid:template_id>/", apis.TemplateDetailApi.as_view(), name="template"),
]
