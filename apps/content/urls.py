"""Routes of /api/v1/content/."""

from django.urls import path

from apps.content import apis

app_name = "content"

urlpatterns = [
    path("", apis.ContentListApi.as_view(), name="list"),
    path("generate/", apis.content_generate_view, name="generate"),
    path("usage/", apis.ContentUsageApi.as_view(), name="usage"),
    path("validate/", apis.ContentValidateApi.as_view(), name="validate"),
    path("<uuid:content_id>/", apis.ContentDetailApi.as_view(), name="detail"),
    path("<uuid:content_id>/regenerate/", apis.content_regenerate_view, name="regenerate"),
    path("<uuid:content_id>/versions/", apis.ContentVersionListApi.as_view(), name="versions"),
]
