"""Routes of /api/v1/media/."""

from django.urls import path

from apps.content.apis.images import MediaGenerateApi
from apps.media import apis

app_name = "media"

urlpatterns = [
    path("generate/", MediaGenerateApi.as_view(), name="generate"),
    path("<uuid:media_id>/fit/", apis.MediaFitApi.as_view(), name="fit"),
    path("", apis.MediaListUploadApi.as_view(), name="list"),
    path("uploads/", apis.MediaUploadStartApi.as_view(), name="uploads"),
    path("<uuid:media_id>/", apis.MediaDetailApi.as_view(), name="detail"),
    path("<uuid:media_id>/complete/", apis.MediaUploadCompleteApi.as_view(), name="complete"),
]
