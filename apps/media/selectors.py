"""Reads of the media library."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError

from apps.common.exceptions import NotFound
from apps.media.models import Media
from apps.media.storage import media_storage
from apps.organizations.selectors import workspace_scope


def media_url(*, media: Media, expires_in: int = 3600) -> str:
    """A link that downloads the media's bytes: a presigned GET on object storage (valid
    ``expires_in`` seconds), the development URL on the filesystem storage."""
    storage = media_storage()
    try:
        return storage.url(media.storage_key, expire=expires_in)
    except TypeError:  # FileSystemStorage.url takes no expiry
        return storage.url(media.storage_key)


def media_get_for_user(*, user, media_id) -> Media:
    """A media of one of the caller's organizations (within the one workspace an API key is limited
    to), or 404: a foreign id and a missing one look the same."""
    queryset = Media.objects.select_related("workspace").filter(organization__members__user=user)
    scope = workspace_scope(user=user)
    if scope is not None:
        queryset = queryset.filter(workspace_id=scope)
    try:
        return queryset.get(pk=media_id)
    except (Media.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise NotFound("Media not found.") from exc


def media_derivatives(*, media: Media) -> list[Media]:
    """The derivatives of ``media`` (thumbnail, fits), oldest first, from a prefetch if there is one."""
    return sorted(media.derivatives.all(), key=lambda d: (d.created_at, str(d.pk)))


def media_organization_id(*, media_id) -> UUID | None:
    """The organization of a media (None when it does not exist): what the rate limiter charges."""
    try:
        return Media.objects.filter(pk=media_id).values_list("organization_id", flat=True).first()
    except (ValueError, TypeError, ValidationError):
        return None
