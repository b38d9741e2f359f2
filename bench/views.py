"""The ceiling the DRF list is measured against: plain Django, no DRF, no authentication.

``GET /bench/content/?organization_id=<uuid>`` runs the same queries as ``GET /api/v1/content/``
(COUNT, then the newest 20 rows with their author, in the same order) and answers the same JSON
shape through ``JsonResponse``. It goes through the same middleware. Mounted only by
``bench.urls`` (``config.settings.bench``), never in the real URLconf.
"""

from django.http import HttpRequest, JsonResponse

from apps.content.apis.serializers import attachments_read
from apps.content.attachments import content_current_attachments, content_current_attachments_prefetch
from apps.content.measure import text_length
from apps.content.models import Content
from apps.content.platforms import platform_limit

PAGE_SIZE = 20


def _iso(value) -> str:
    return value.isoformat().replace("+00:00", "Z")  # as DRF writes an aware UTC datetime


def content_list_bare(request: HttpRequest) -> JsonResponse:
    rows = (
        Content.objects.filter(
            organization_id=request.GET.get("organization_id"), deleted_at__isnull=True, archived_at__isnull=True
        )
        .select_related("created_by")
        .prefetch_related(content_current_attachments_prefetch())
        .order_by("-created_at", "-id")
    )
    count = rows.count()
    results = [
        {
            "id": content.id,
            "organization_id": content.organization_id,
            "workspace_id": content.workspace_id,
            "platform": content.platform,
            "tone": content.tone,
            "audience": content.audience,
            "prompt": content.prompt,
            "version": content.current_version,
            "generated_text": content.current_text,
            "created_by": content.created_by_id,
            "created_by_email": content.created_by.email if content.created_by else None,
            "review_state": content.review_state,
            "review_version": content.review_version,
            "archived_at": _iso(content.archived_at) if content.archived_at else None,
            "deleted_at": _iso(content.deleted_at) if content.deleted_at else None,
            "created_at": _iso(content.created_at),
            "updated_at": _iso(content.updated_at),
            "length": text_length(platform=content.platform, text=content.current_text),
            "limit": platform_limit(content.platform),
            "media": attachments_read(content_current_attachments(content)),
        }
        for content in rows[:PAGE_SIZE]
    ]
    following = request.build_absolute_uri("?page=2") if count > PAGE_SIZE else None
    return JsonResponse({"count": count, "next": following, "previous": None, "results": results})
