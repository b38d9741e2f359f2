"""Attachments: the ordered media of a content version, each with its alt text (docs/content.md#attachments).

- ``attachments_resolve``: the ``media`` of a request body, checked against the library (ready, of the
  content's workspace, an image or a video, not a thumbnail): what a new version will carry;
- ``attachments_copy_or_write``: the rows of a new version (kept from the previous version, or the
  given ones); rows are never updated;
- ``media_rules_check``: each network's media rules (``apps.media.network_rules``) applied to a list of
  attachments, as reasons in the shape of the text's (``apps.content.measure.Reason``);
- ``attachments_payload``: what the scheduler and the local publishers receive of each attachment.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone

from apps.common.exceptions import NotFound, ValidationFailed
from apps.content.measure import Reason
from apps.content.models import ATTACHMENTS_MAX, Content, ContentVersion, ContentVersionMedia, Platform
from apps.media.models import DerivativeKind, Media, MediaKind, MediaState
from apps.media.network_rules import MB, MEDIA_RULES
from apps.media.selectors import media_url


@dataclass(frozen=True)
class Attachment:
    """One attachment to write (or to judge): a media of the library and its alt text."""

    media: Media | None  # None: the media was deleted since (an old version's slot)
    alt_text: str = ""


def attachments_prefetch() -> Prefetch:
    """The attachments of versions with their media, in order: one query for any number of versions."""
    return Prefetch("attachments", queryset=ContentVersionMedia.objects.select_related("media").order_by("position"))


def version_attachments(version: ContentVersion) -> list[Attachment]:
    """The attachments of a version (read through ``attachments_prefetch`` when it was prefetched)."""
    return [Attachment(media=row.media, alt_text=row.alt_text) for row in version.attachments.all()]


def _media_ids(items: Sequence[dict[str, Any]]) -> list[UUID]:
    ids = []
    for item in items:
        try:
            ids.append(UUID(str(item["id"])))
        except (KeyError, ValueError, TypeError, ValidationError) as exc:
            raise ValidationFailed(details={"media": ["Each item needs an id (a media id)."]}) from exc
    if len(set(ids)) != len(ids):
        raise ValidationFailed(details={"media": ["A media may be attached once per version."]})
    if len(ids) > ATTACHMENTS_MAX:
        raise ValidationFailed(details={"media": [f"At most {ATTACHMENTS_MAX} attachments."]})
    return ids


def attachments_resolve(
    *, items: Sequence[dict[str, Any]], workspace_id: UUID | None = None, media: QuerySet[Media] | None = None
) -> list[Attachment]:
    """``items`` (``[{"id", "alt_text"}]``, in order; no ``alt_text``: the library's) as attachments:
    each media must be of ``workspace_id`` (or of ``media``, a queryset already scoped to what the caller may read).
    A missing id, another workspace's and another organization's are the same 404 ``not_found``
    (nothing says which exists); a media still uploading (``pending``) or a thumbnail is 400."""
    ids = _media_ids(items)
    if not ids:
        return []
    scoped = media if media is not None else Media.objects.filter(workspace_id=workspace_id)
    found = {row.pk: row for row in scoped.filter(pk__in=ids)}
    for media_id in ids:
        if media_id not in found:
            raise NotFound("Media not found.", details={"media_id": str(media_id)})
    errors = []
    for position, media_id in enumerate(ids, start=1):
        row = found[media_id]
        if row.state != MediaState.READY:
            errors.append(f"Attachment {position}: the media's upload is not complete.")
        elif row.derivative_kind == DerivativeKind.THUMBNAIL:
            errors.append(f"Attachment {position}: a thumbnail cannot be attached; attach its original.")
    if errors:
        raise ValidationFailed(errors[0], details={"media": errors})
    return [
        Attachment(
            media=found[media_id],
            alt_text=found[media_id].alt_text if item.get("alt_text") is None else str(item["alt_text"]).strip(),
        )
        for media_id, item in zip(ids, items, strict=True)
    ]


def attachments_copy_or_write(
    *, version: ContentVersion, attachments: Sequence[Attachment] | None, previous_version: int | None
) -> None:
    """Write the attachment rows of a new ``version``: ``attachments`` as given (``[]``: none), or,
    when None, those of the content's version ``previous_version`` kept in order (a slot whose media
    was deleted is dropped). Inside the caller's transaction."""
    if attachments is None:
        if not previous_version:
            return
        kept = ContentVersionMedia.objects.filter(
            version__content_id=version.content_id, version__version=previous_version, media__isnull=False
        ).order_by("position")
        attachments = [Attachment(media=row.media, alt_text=row.alt_text) for row in kept.select_related("media")]
    rows = [
        ContentVersionMedia(version=version, media=item.media, position=position, alt_text=item.alt_text)
        for position, item in enumerate(attachments, start=1)
    ]
    if rows:
        ContentVersionMedia.objects.bulk_create(rows)


def attachments_write_many(pairs: Iterable[tuple[ContentVersion, Sequence[Attachment]]]) -> None:
    """The attachment rows of many new versions at once (one INSERT): CSV import, campaigns."""
    rows = [
        ContentVersionMedia(version=version, media=item.media, position=position, alt_text=item.alt_text)
        for version, attachments in pairs
        for position, item in enumerate(attachments, start=1)
    ]
    if rows:
        ContentVersionMedia.objects.bulk_create(rows)


# ---------------------------------------------------------------------------
# Each network's media rules
# ---------------------------------------------------------------------------
def _size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n < 1024 * MB else f"{n / (1024 * MB):.1f} GB"


def _count_reasons(platform: str, attachments: Sequence[Attachment]) -> list[Reason]:
    rules, label = MEDIA_RULES[platform], Platform(platform).label
    reasons = []
    present = [item.media for item in attachments if item.media is not None]
    if len(present) != len(attachments):
        reasons.append(Reason("media_deleted", "An attachment's media was deleted from the library."))
    if len(attachments) < rules.min_items:
        reasons.append(Reason("media_required", f"{label} needs at least {rules.min_items} image or video."))
    if len(attachments) > rules.max_items:
        reasons.append(Reason("too_many_media", f"{len(attachments)} attachments; {label} takes {rules.max_items}."))
    videos = sum(1 for media in present if media.kind == MediaKind.VIDEO)
    if videos > rules.max_videos:
        reasons.append(
            Reason("media_kind_not_allowed", f"{videos} videos; {label} takes {rules.max_videos} video per post.")
        )
    if not rules.mixed and 0 < videos < len(present):
        reasons.append(Reason("mixed_media", f"{label} does not take images and a video in one post."))
    return reasons


def _aspect_reason(position: int, media: Media, low: float | None, high: float | None, label: str) -> Reason | None:
    if not media.width or not media.height:
        return None
    ratio = media.width / media.height
    if (low is not None and ratio < low - 1e-9) or (high is not None and ratio > high + 1e-9):
        bounds = f"{low:.2f}" if low is not None else "any"
        bounds += f" to {high:.2f}" if high is not None else " and wider"
        return Reason(
            "aspect_ratio",
            f"Attachment {position}: aspect ratio {ratio:.2f} ({media.width}x{media.height}); "
            f"{label} takes {bounds} (width / height).",
        )
    return None


def _item_reasons(platform: str, position: int, item: Attachment) -> list[Reason]:
    rules, label, media = MEDIA_RULES[platform], Platform(platform).label, item.media
    reasons: list[Reason] = []
    if rules.alt_text_max is not None and len(item.alt_text) > rules.alt_text_max:
        reasons.append(
            Reason(
                "alt_text_too_long",
                f"Attachment {position}: alt text of {len(item.alt_text)} characters; "
                f"{label} takes {rules.alt_text_max}.",
            )
        )
    if media is None:
        return reasons
    video = media.kind == MediaKind.VIDEO
    if not video and rules.image_mime_types is not None and media.mime_type not in rules.image_mime_types:
        kinds = ", ".join(sorted(mime.removeprefix("image/").upper() for mime in rules.image_mime_types))
        reasons.append(
            Reason(
                "media_kind_not_allowed",
                f"Attachment {position}: {media.mime_type}; {label} takes {kinds} images.",
            )
        )
    limit = rules.video_max_bytes if video else rules.image_max_bytes
    if media.size_bytes > limit:
        reasons.append(
            Reason(
                "media_too_large",
                f"Attachment {position}: {_size(media.size_bytes)}; {label} takes {_size(limit)} per {media.kind}.",
            )
        )
    low, high = (
        (rules.video_aspect_min, rules.video_aspect_max) if video else (rules.image_aspect_min, rules.image_aspect_max)
    )
    if (aspect := _aspect_reason(position, media, low, high, label)) is not None:
        reasons.append(aspect)
    if video and media.duration_seconds is not None:
        reasons.extend(_duration_reasons(platform, position, media.duration_seconds))
    return reasons


def _duration_reasons(platform: str, position: int, seconds: float) -> list[Reason]:
    rules, label = MEDIA_RULES[platform], Platform(platform).label
    if rules.video_max_seconds is not None and seconds > rules.video_max_seconds:
        return [
            Reason(
                "video_too_long",
                f"Attachment {position}: {seconds:g} s; {label} takes videos up to {rules.video_max_seconds:g} s.",
            )
        ]
    if rules.video_min_seconds is not None and seconds < rules.video_min_seconds:
        return [
            Reason(
                "video_too_short",
                f"Attachment {position}: {seconds:g} s; {label} takes videos from {rules.video_min_seconds:g} s.",
            )
        ]
    return []


def media_rules_check(*, platform: str, attachments: Sequence[Attachment]) -> list[Reason]:
    """Every media rule of ``platform`` that ``attachments`` break (docs/content.md#media-rules)."""
    reasons = _count_reasons(platform, attachments)
    for position, item in enumerate(attachments, start=1):
        reasons.extend(_item_reasons(platform, position, item))
    return reasons


def media_rules_require(*, platform: str, attachments: Sequence[Attachment], field: str = "media") -> None:
    """``media_rules_check``, raising 400 ``validation_error`` with the messages under
    ``details[field]`` (as ``measure_require_valid`` reports a text's) when a rule is broken."""
    reasons = media_rules_check(platform=platform, attachments=attachments)
    if reasons:
        raise ValidationFailed(reasons[0].message, details={field: [reason.message for reason in reasons]})


# ---------------------------------------------------------------------------
# Reads and delivery
# ---------------------------------------------------------------------------
def _link(media: Media, *, expires_in: int) -> str:
    """``media_url``, absolute: the filesystem storage's development URL is a path (``/media/...``),
    which a scheduler or a publisher elsewhere could not follow; it is put under API_BASE_URL."""
    url = media_url(media=media, expires_in=expires_in)
    return f"{settings.API_BASE_URL}{url}" if url.startswith("/") else url


def attachment_read(row: ContentVersionMedia, *, expires_in: int) -> dict[str, Any]:
    """An attachment as the API shows it (content reads, version lists, generation answers)."""
    media = row.media
    if media is None:
        return {"id": None, "position": row.position, "alt_text": row.alt_text, "deleted": True}
    return {
        "id": str(media.pk),
        "position": row.position,
        "kind": media.kind,
        "mime_type": media.mime_type,
        "width": media.width,
        "height": media.height,
        "duration_seconds": media.duration_seconds,
        "size": media.size_bytes,
        "alt_text": row.alt_text,
        "url": _link(media, expires_in=expires_in),
        "deleted": False,
    }


# A link handed to the scheduler stays valid this long after scheduled_at (a late run, retries).
DELIVERY_LINK_MARGIN = timedelta(hours=6)
# SigV4 presigned URLs live at most 7 days (S3 refuses a longer X-Amz-Expires).
PRESIGNED_MAX = timedelta(days=7)


def delivery_link_lifetime(*, scheduled_at: datetime, now: datetime | None = None) -> int:
    """Seconds a delivered link must live: until ``scheduled_at`` + the margin, at most 7 days."""
    wanted = scheduled_at + DELIVERY_LINK_MARGIN - (now or timezone.now())
    return int(max(min(wanted, PRESIGNED_MAX), DELIVERY_LINK_MARGIN).total_seconds())


def attachments_payload(*, version_id: UUID, scheduled_at: datetime) -> list[dict[str, Any]]:
    """What the scheduler and the local publishers receive of each attachment of the version, in
    order: id, type, mime_type, size, width, height, duration_seconds, alt_text, and a download
    ``url`` valid until ``url_expires_at`` (scheduled_at + 6 h, at most 7 days ahead: a presigned
    GET on object storage). A deleted media (never the case of a post still to go out: the library
    refuses to delete it) is left out."""
    return attachments_payloads(posts={None: (version_id, scheduled_at)})[None]


def attachments_payloads(*, posts: dict[Any, tuple[UUID, datetime]]) -> dict[Any, list[dict[str, Any]]]:
    """``attachments_payload`` of many posts (``{key: (version_id, scheduled_at)}``) in one query."""
    now = timezone.now()
    rows = (
        ContentVersionMedia.objects.filter(version_id__in={v for v, _ in posts.values()}, media__isnull=False)
        .select_related("media")
        .order_by("version_id", "position")
    )
    by_version: dict[UUID, list[ContentVersionMedia]] = {}
    for row in rows:
        by_version.setdefault(row.version_id, []).append(row)
    payloads = {}
    for key, (version_id, scheduled_at) in posts.items():
        lifetime = delivery_link_lifetime(scheduled_at=scheduled_at, now=now)
        expires_at = (now + timedelta(seconds=lifetime)).isoformat()
        payloads[key] = [
            _delivered(row, lifetime=lifetime, expires_at=expires_at) for row in by_version.get(version_id, [])
        ]
    return payloads


def _delivered(row: ContentVersionMedia, *, lifetime: int, expires_at: str) -> dict[str, Any]:
    return {
        "id": str(row.media.pk),
        "type": row.media.kind,
        "mime_type": row.media.mime_type,
        "size": row.media.size_bytes,
        "width": row.media.width,
        "height": row.media.height,
        "duration_seconds": row.media.duration_seconds,
        "alt_text": row.alt_text,
        "url": _link(row.media, expires_in=lifetime),
        "url_expires_at": expires_at,
    }


def media_ids_by_version(version_ids: Iterable[UUID]) -> dict[UUID, list[str]]:
    """``{version_id: [media id, ...]}`` in position order, for many versions in one query (webhook
    payloads, CSV export)."""
    result: dict[UUID, list[str]] = {}
    rows = (
        ContentVersionMedia.objects.filter(version_id__in=list(version_ids), media__isnull=False)
        .order_by("version_id", "position")
        .values_list("version_id", "media_id")
    )
    for version_id, media_id in rows:
        result.setdefault(version_id, []).append(str(media_id))
    return result


def media_ids_by_current_version(content_ids: Iterable[UUID]) -> dict[UUID, list[str]]:
    """``{content_id: [media id, ...]}`` of each content's current version, in one query (CSV export)."""
    result: dict[UUID, list[str]] = {}
    rows = (
        ContentVersionMedia.objects.filter(
            version__content_id__in=list(content_ids),
            version__version=F("version__content__current_version"),
            media__isnull=False,
        )
        .order_by("version__content_id", "position")
        .values_list("version__content_id", "media_id")
    )
    for content_id, media_id in rows:
        result.setdefault(content_id, []).append(str(media_id))
    return result


def media_in_use_by_posts(media_ids: Iterable[UUID], *, active_version_ids: QuerySet) -> set[UUID]:
    """The media among ``media_ids`` attached to one of ``active_version_ids`` (a subquery of the
    versions of posts still to go out, given by scheduling)."""
    return set(
        ContentVersionMedia.objects.filter(media_id__in=list(media_ids), version_id__in=active_version_ids)
        .values_list("media_id", flat=True)
        .distinct()
    )


def content_current_attachments_prefetch() -> Prefetch:
    """On a content queryset: ``current_versions`` (a list holding the current version) with its
    attachments and their media — two queries for a whole page."""
    return Prefetch(
        "versions",
        queryset=ContentVersion.objects.filter(version=F("content__current_version"))
        .only("id", "content_id", "version")
        .prefetch_related(attachments_prefetch()),
        to_attr="current_versions",
    )


def content_current_attachments(content: Content) -> list[ContentVersionMedia]:
    """The current version's attachment rows of ``content`` (prefetched by
    ``content_current_attachments_prefetch``; otherwise read)."""
    versions = getattr(content, "current_versions", None)
    if versions is None:
        return list(
            ContentVersionMedia.objects.filter(version__content=content, version__version=content.current_version)
            .select_related("media")
            .order_by("position")
        )
    return list(versions[0].attachments.all()) if versions else []
