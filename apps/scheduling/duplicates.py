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
from collections.abc import Iterable, Sequence
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


class DuplicateIndex:
    """The live posts of an organization that new posts may duplicate, by (platform, text hash): read
    in one query for a batch of new posts, then each new post accepted is added, so a later one of the
    batch is checked against it as against a post already scheduled. Each post's content's workspace
    is read with it (who may be told about it depends on it)."""

    def __init__(self, posts: Iterable[ScheduledPost]) -> None:
        self._posts: dict[tuple[str, str], list[ScheduledPost]] = {}
        for post in posts:
            self.add(post)

    @classmethod
    def read(cls, *, organization_id, keys: Sequence[tuple[str, str, datetime]]) -> "DuplicateIndex":
        """The live posts that may duplicate one of ``keys`` (platform, text hash, scheduled_at)."""
        if not keys:
            return cls([])
        window = duplicate_window()
        times = [scheduled_at for _, _, scheduled_at in keys]
        candidates = (
            ScheduledPost.objects.filter(
                organization_id=organization_id,
                platform__in={platform for platform, _, _ in keys},
                text_hash__in={hashed for _, hashed, _ in keys},
                status__in=LIVE_STATUSES,
                scheduled_at__gt=min(times) - window,
                scheduled_at__lt=max(times) + window,
            )
            .select_related("content")
            .only("id", "platform", "text_hash", "scheduled_at", "status", "content", "content__workspace")
        )
        return cls(candidates)

    def add(self, post: ScheduledPost) -> None:
        self._posts.setdefault((post.platform, post.text_hash), []).append(post)

    def find(self, *, platform: str, hashed: str, scheduled_at: datetime) -> ScheduledPost | None:
        """A post with the same normalized text on the same platform whose ``scheduled_at`` is within
        the window (either side) of ``scheduled_at``, the closest first."""
        window = duplicate_window()
        near = [
            post for post in self._posts.get((platform, hashed), ()) if abs(post.scheduled_at - scheduled_at) < window
        ]
        return min(near, key=lambda post: abs(post.scheduled_at - scheduled_at), default=None)
