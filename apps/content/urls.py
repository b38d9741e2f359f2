"""Routes of /api/v1/content/."""

from django.urls import path

from apps.content import apis
from apps.content.apis.images import ContentImageGenerateApi

app_name = "content"

urlpatterns = [
    path("", apis.ContentListApi.as_view(), name="list"),
    path("generate/", apis.ContentGenerateApi.as_view(), name="generate"),
    path("usage/", apis.ContentUsageApi.as_view(), name="usage"),
    path("validate/", apis.ContentValidateApi.as_view(), name="validate"),
    path("trash/", apis.ContentTrashListApi.as_view(), name="trash"),
    path("<uuid:content_id>/", apis.ContentDetailApi.as_view(), name="detail"),
    path("<uuid:content_id>/regenerate/", apis.ContentRegenerateApi.as_view(), name="regenerate"),
    path("<uuid:content_id>/versions/", apis.ContentVersionListApi.as_view(), name="versions"),
    path("<uuid:content_id>/submit/", apis.ContentSubmitApi.as_view(), name="submit"),
    path("<uuid:content_id>/approve/", apis.ContentApproveApi.as_view(), name="approve"),
    path("<uuid:content_id>/request-changes/", apis.ContentRequestChangesApi.as_view(), name="request-changes"),
    path("<uuid:content_id>/reviews/", apis.ContentReviewListApi.as_view(), name="reviews"),
    path("<uuid:content_id>/restore/", apis.ContentRestoreApi.as_view(), name="restore"),
    path("<uuid:content_id>/archive/", apis.ContentArchiveApi.as_view(), name="archive"),
    path("<uuid:content_id>/unarchive/", apis.ContentUnarchiveApi.as_view(), name="unarchive"),
    path("<uuid:content_id>/move/", apis.ContentMoveApi.as_view(), name="move"),
    path("<uuid:content_id>/images/", ContentImageGenerateApi.as_view(), name="images"),
]
