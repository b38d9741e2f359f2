"""Reads of the media library, scoped by membership (a foreign id is the same 404 as a missing one)."""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet, Sum

from apps.media.exceptions import MediaNotFound
from apps.media.models import Media, MediaSource
from apps.media.storage import storage_url
from apps.organizations.selectors import (
    membership_get,
    workspace_get_for_organization,
    workspace_scope,
    workspace_scope_filter,
)
from apps.subscriptions.selectors import subscription_effective_plan, subscription_for_organization
from apps.users.models import User


def media_url(*, media: Media, expires_in: int | None = None) -> str:
    """A link that downloads the media's bytes: a presigned GET on object storage (valid
    ``expires_in`` seconds, MEDIA_DOWNLOAD_URL_EXPIRES_SECONDS by default), the development URL on
    the filesystem storage."""
    return storage_url(media.storage_key, expires_in=expires_in or settings.MEDIA_DOWNLOAD_URL_EXPIRES_SECONDS)


def media_organization_id(*, media_id: UUID | str | None) -> UUID | None:
    """The organization of a media (None when it does not exist): what the rate limiter charges."""
    try:
        return Media.objects.filter(pk=media_id).values_list("organization_id", flat=True).first()
    except (ValueError, TypeError, ValidationError):
        return None


def media_get_for_user(*, user: User, media_id: UUID | str) -> Media:
    """A media of one of the caller's organizations (any role; an API key: of its workspace), or 404."""
    qs = Media.objects.select_related("workspace").filter(organization__members__user=user)
    scope = workspace_scope(user=user)
    if scope is not None:
        qs = qs.filter(workspace_id=scope)
    try:
        return qs.get(pk=media_id)
    except (Media.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise MediaNotFound() from exc


def media_list(
    *,
    user: User,
    organization_id: UUID | str | None,
    workspace_id: UUID | str | None = None,
    kind: str | None = None,
    source: str | None = None,
    state: str | None = None,
) -> QuerySet[Media]:
    """An organization's media, newest first. Derivatives (thumbnails, fits) are listed only with
    ``source=derivative``; the library shows the originals."""
    membership = membership_get(user=user, organization_id=organization_id)
    qs = Media.objects.filter(organization_id=membership.organization_id)
    workspace_id = workspace_scope_filter(user=user, workspace_id=workspace_id)
    if workspace_id:
        workspace = workspace_get_for_organization(
            organization_id=membership.organization_id, workspace_id=workspace_id
        )
        qs = qs.filter(workspace=workspace)
    if source:
        qs = qs.filter(source=source)
    if source != MediaSource.DERIVATIVE:
        qs = qs.filter(parent__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-created_at", "-id")


def organization_storage_used(*, organization_id: UUID | str) -> int:
    """Bytes of media the organization keeps in storage: originals and derivatives (a pending upload
    counts once completed)."""
    total = Media.objects.filter(organization_id=organization_id).aggregate(total=Sum("size_bytes"))["total"]
    return int(total or 0)


def organization_storage_limit(*, organization_id: UUID | str) -> int | None:
    """The plan's ``storage_limit_bytes`` in force for the organization (None: unlimited)."""
    plan = subscription_effective_plan(subscription=subscription_for_organization(organization_id=organization_id))
    return plan.storage_limit_bytes


def media_derivatives(*, media: Media) -> list[Media]:
    """The derivatives of ``media`` (thumbnail, fits), oldest first, from a prefetch if there is one."""
    return sorted(media.derivatives.all(), key=lambda d: (d.created_at, str(d.pk)))
