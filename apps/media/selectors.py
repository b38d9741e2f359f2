"""Reads of the media library."""

from __future__ import annotations

from apps.media.models import Media
from apps.media.storage import media_storage


def media_url(*, media: Media, expires_in: int = 3600) -> str:
    """A link that downloads the media's bytes: a presigned GET on object storage (valid
    ``expires_in`` seconds), the development URL on the filesystem storage."""
    storage = media_storage()
    try:
        return storage.url(media.storage_key, expire=expires_in)
    except TypeError:  # FileSystemStorage.url takes no expiry
        return storage.url(media.storage_key)
