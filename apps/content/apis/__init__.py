"""HTTP API of the content app, by topic: generation (generate, regenerate: async views, JSON or
Server-Sent Events), reads (lists, one piece with its manual edit and trashing, versions, usage,
validate), review, lifecycle (trash, restore, archive, move). Shared output shapes in
``serializers``; the permission checks made before validation in ``checks``."""

from apps.content.apis.generation import ContentGenerateApi, ContentRegenerateApi
from apps.content.apis.lifecycle import (
    ContentArchiveApi,
    ContentMoveApi,
    ContentRestoreApi,
    ContentTrashListApi,
    ContentUnarchiveApi,
)
from apps.content.apis.reads import (
    ContentDetailApi,
    ContentListApi,
    ContentUsageApi,
    ContentValidateApi,
    ContentVersionListApi,
)
from apps.content.apis.review import ContentApproveApi, ContentRequestChangesApi, ContentReviewListApi, ContentSubmitApi

__all__ = [
    "ContentApproveApi",
    "ContentArchiveApi",
    "ContentDetailApi",
    "ContentGenerateApi",
    "ContentListApi",
    "ContentMoveApi",
    "ContentRegenerateApi",
    "ContentRequestChangesApi",
    "ContentRestoreApi",
    "ContentReviewListApi",
    "ContentSubmitApi",
    "ContentTrashListApi",
    "ContentUnarchiveApi",
    "ContentUsageApi",
    "ContentValidateApi",
    "ContentVersionListApi",
]
