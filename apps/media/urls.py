"""Routes of /api/v1/media/."""

from django.urls import path

from apps.content.apis.images import MediaGenerateApi
from apps.media import apis

app_name = "media"

urlpatterns = [
    path("generate/", MediaGenerateApi.as_view(), name="generate"),
    path("<uuid:media_id>/fit/", apis.MediaFitApi.as_view(), name="fit"),
]
