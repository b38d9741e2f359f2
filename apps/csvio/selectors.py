"""The rows of the CSV exports, read in keyset-paginated chunks (docs/csv.md).

Each chunk is one short query ``WHERE (sort, id) > (last sort, last id) ORDER BY sort, id
LIMIT n`` on an index, not a server-side cursor: memory holds one chunk whatever the export's size,
and it works the same behind PgBouncer in transaction mode (DISABLE_SERVER_SIDE_CURSORS) since no
cursor outlives a query. Rows are tuples (``values_list``), never model instances.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import F, Q, QuerySet

from apps.common.exceptions import NotFound
from apps.content.attachments import media_ids_by_current_version, media_ids_by_version
from apps.content.models import Content, ContentVersion
from apps.organizations.selectors import membership_get, workspace_get_for_organization, workspace_scope
from apps.scheduling.models import ScheduledPost
from apps.users.models import User


@dataclass(frozen=True)
class Export:
    """What an export streams: its columns, then chunks of rows."""

    filename: str
    header: list[str]
    chunks: Iterator[list[tuple[Any, ...]]]


def keyset_chunks(
    queryset: QuerySet, *, keys: tuple[str, str], columns: list[str], chunk_size: int
) -> Iterator[list[tuple[Any, ...]]]:
    """``queryset``'s ``columns`` ordered by ``keys`` (a sort field and a tie-breaker that makes the
    pair unique), ``chunk_size`` rows per query.

    The next chunk starts after the last pair read: ``first >= a AND (first > a OR second > b)``.
    The redundant ``first >= a`` is what lets the database start the index range scan at ``a``
    (an OR alone makes PostgreSQL read and sort everything from the start, every chunk)."""
    first, second = keys
    fields = [first, second, *columns]
    last: tuple[Any, Any] | None = None
    while True:
        page = queryset
        if last is not None:
            page = page.filter(**{f"{first}__gte": last[0]}).filter(
                Q(**{f"{first}__gt": last[0]}) | Q(**{f"{second}__gt": last[1]})
            )
        rows = list(page.order_by(first, second).values_list(*fields)[:chunk_size])
        if not rows:
            return
        last = (rows[-1][0], rows[-1][1])
        yield [row[2:] for row in rows]
        if len(rows) < chunk_size:
            return


def _scope(*, user: User, organization_id: UUID | str | None, workspace_id: UUID | str | None) -> tuple[UUID, Any]:
    """The caller's organization (any role) and the workspace to filter on (an API key limited to a
    workspace: that one; another is not found)."""
    membership = membership_get(user=user, organization_id=organization_id)
    scope = workspace_scope(user=user)
    if scope is not None:
        if workspace_id and str(workspace_id) != str(scope):
            raise NotFound("Workspace not found.")
        workspace_id = scope
    if workspace_id:
        workspace_id = workspace_get_for_organization(
            organization_id=membership.organization_id, workspace_id=workspace_id
        ).pk
    return membership.organization_id, workspace_id


CONTENT_COLUMNS = [
    ("id", "id"),
    ("workspace_id", "workspace_id"),
    ("platform", "platform"),
    ("tone", "tone"),
    ("version", "current_version"),
    ("text", "current_text"),
    ("prompt", "prompt"),
    ("audience", "audience"),
    ("created_by", "created_by__email"),
    ("created_at", "created_at"),
    ("updated_at", "updated_at"),
]
VERSION_COLUMNS = [
    ("content_id", "content_id"),
    ("workspace_id", "content__workspace_id"),
    ("platform", "content__platform"),
    ("version", "version"),
    ("is_current", "is_current"),
    ("source", "source"),
    ("provider", "provider"),
    ("model", "model"),
    ("total_tokens", "total_tokens"),
    ("created_by", "created_by__email"),
    ("created_at", "created_at"),
    ("text", "text"),
]
POST_COLUMNS = [
    ("id", "id"),
    ("content_id", "content_id"),
    ("workspace_id", "content__workspace_id"),
    ("platform", "platform"),
    ("status", "status"),
    ("scheduled_at", "scheduled_at"),
    ("version", "content_version__version"),
    ("text", "text"),
    ("platform_post_id", "platform_post_id"),
    ("last_error", "last_error"),
    ("created_by", "created_by__email"),
    ("created_at", "created_at"),
    ("published_at", "published_at"),
    ("cancelled_at", "cancelled_at"),
    ("failed_at", "failed_at"),
    ("media_ids", "media_ids"),  # the post's snapshot (a list), written space-separated
]


def _chunk_size() -> int:
    return settings.CSV_EXPORT_CHUNK_SIZE


MEDIA_IDS_SEPARATOR = " "


def with_media_ids(
    chunks: Iterator[list[tuple[Any, ...]]], *, lookup: Callable[[list[Any]], dict[Any, list[str]]]
) -> Iterator[list[tuple[Any, ...]]]:
    """Each row's last value is a key (a version id, or a content id for its current version),
    replaced by the media ids attached there, space-separated: one more query per chunk."""
    for chunk in chunks:
        media = lookup([row[-1] for row in chunk])
        yield [(*row[:-1], MEDIA_IDS_SEPARATOR.join(media.get(row[-1], []))) for row in chunk]


def content_export(
    *,
    user: User,
    organization_id: UUID | str | None = None,
    workspace_id: UUID | str | None = None,
    platform: str | None = None,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
    versions: bool = False,
) -> Export:
    """Content of one organization (any role), oldest first: one row per content with its current
    text, or with ``versions`` one row per version (grouped by content, in version order)."""
    organization_id, workspace_id = _scope(user=user, organization_id=organization_id, workspace_id=workspace_id)
    if versions:
        queryset = ContentVersion.objects.filter(content__organization_id=organization_id).annotate(
            is_current=Q(version=F("content__current_version"))
        )
        prefix = "content__"
        columns = VERSION_COLUMNS
        name = "content-versions"
    else:
        queryset = Content.objects.filter(organization_id=organization_id)
        prefix = ""
        columns = CONTENT_COLUMNS
        name = "content"
    if workspace_id:
        queryset = queryset.filter(**{f"{prefix}workspace_id": workspace_id})
    if platform:
        queryset = queryset.filter(**{f"{prefix}platform": platform})
    if created_after:
        queryset = queryset.filter(**{f"{prefix}created_at__gte": created_after})
    if created_before:
        queryset = queryset.filter(**{f"{prefix}created_at__lt": created_before})
    # Content: (created_at, id) on the (organization, created_at) index. Versions: grouped by content
    # in version order, on the unique (content, version) index.
    keys = ("content_id", "version") if versions else ("created_at", "id")
    fields = [field for _, field in columns] + ["id"]  # the key of the media ids, last
    chunks = with_media_ids(
        keyset_chunks(queryset, keys=keys, columns=fields, chunk_size=_chunk_size()),
        lookup=media_ids_by_version if versions else media_ids_by_current_version,
    )
    return Export(filename=f"{name}.csv", header=[title for title, _ in columns] + ["media_ids"], chunks=chunks)


def scheduled_post_export(
    *,
    user: User,
    organization_id: UUID | str | None = None,
    workspace_id: UUID | str | None = None,
    platform: str | None = None,
    status: str | None = None,
    scheduled_after: datetime | None = None,
    scheduled_before: datetime | None = None,
) -> Export:
    """Scheduled posts of one organization (any role), soonest first."""
    organization_id, workspace_id = _scope(user=user, organization_id=organization_id, workspace_id=workspace_id)
    queryset = ScheduledPost.objects.filter(organization_id=organization_id)
    if workspace_id:
        queryset = queryset.filter(content__workspace_id=workspace_id)
    if platform:
        queryset = queryset.filter(platform=platform)
    if status:
        queryset = queryset.filter(status=status)
    if scheduled_after:
        queryset = queryset.filter(scheduled_at__gte=scheduled_after)
    if scheduled_before:
        queryset = queryset.filter(scheduled_at__lt=scheduled_before)
    chunks = (
        [(*row[:-1], MEDIA_IDS_SEPARATOR.join(row[-1] or [])) for row in chunk]
        for chunk in keyset_chunks(
            queryset,
            keys=("scheduled_at", "id"),
            columns=[field for _, field in POST_COLUMNS],
            chunk_size=_chunk_size(),
        )
    )
    return Export(filename="scheduled-posts.csv", header=[title for title, _ in POST_COLUMNS], chunks=chunks)
