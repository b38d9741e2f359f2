"""Duplicate-post detection: the same text on the same platform close in time to another live post
of the organization (docs/scheduling.md#duplicate-posts).

Two texts are the same when their normalized forms are equal: Unicode NFKC, case-folded, every run
of whitespace one space, surrounding whitespace dropped, and each URL without its query string,
fragment and trailing slash (``https://x.io/a/?utm_source=x`` is ``https://x.io/a``): networks
reject, and followers notice, a repost that differs only in these. The SHA-256 of the normalized
text is stored on the post (``text_hash``) and indexed with the organization and the platform.
"""

import hashlib
import re
import unicodedata
from datetime import datetime, timedelta

from django.conf import settings

from apps.scheduling.models import PostStatus, ScheduledPost

# Posts a new one may duplicate: those still going out, and those already out.
LIVE_STATUSES = (PostStatus.PENDING, PostStatus.QUEUED, PostStatus.PUBLISHED)

_URL = re.compile(r"https?://[^\s]+", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")


def _url_normalized(match: re.Match) -> str:
    url = re.split(r"[?#]", match.group(0), maxsplit=1)[0]
    return url.rstrip("/")


def text_normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _URL.sub(_url_normalized, text)
    return _WHITESPACE.sub(" ", text).strip()


def text_hash(text: str) -> str:
    return hashlib.sha256(text_normalize(text).encode()).hexdigest()


def duplicate_window() -> timedelta:
    return timedelta(hours=settings.SCHEDULING_DUPLICATE_WINDOW_HOURS)


def duplicate_find(*, organization_id, platform: str, hashed: str, scheduled_at: datetime) -> ScheduledPost | None:
    """A live post of the organization with the same normalized text on the same platform whose
    ``scheduled_at`` is within the window (either side) of ``scheduled_at``, the closest first; its
    content's workspace is read with it (who may be told about it depends on it)."""
    window = duplicate_window()
    candidates = (
        ScheduledPost.objects.filter(
            organization_id=organization_id,
            platform=platform,
            text_hash=hashed,
            status__in=LIVE_STATUSES,
            scheduled_at__gt=scheduled_at - window,
            scheduled_at__lt=scheduled_at + window,
        )
        .select_related("content")
        .only("id", "scheduled_at", "status", "content", "content__workspace")
    )
    return min(candidates, key=lambda post: abs(post.scheduled_at - scheduled_at), default=None)
