"""Reads of the content app, always scoped by the caller's membership."""

import dataclasses
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from apps.common.exceptions import NotFound
from apps.content.attachments import (
    attachments_prefetch,
    attachments_resolve,
    content_current_attachments_prefetch,
    media_rules_check,
)
from apps.content.measure import Measure, measure
from apps.content.models import Content, ContentReview, ContentVersion, VersionSource
from apps.media.models import Media
from apps.organizations.selectors import (
    membership_get,
    workspace_get_for_organization,
    workspace_scope,
    workspace_scope_filter,
)
from apps.subscriptions.selectors import subscription_for_organization, subscription_period_usage
from apps.users.models import User


def content_organization_id(*, content_id: UUID | str | None) -> UUID | None:
    """The organization of a content (None when it does not exist): what the rate limiter charges."""
    try:
        return Content.objects.filter(pk=content_id).values_list("organization_id", flat=True).first()
    except (ValueError, TypeError, ValidationError):
        return None


def trash_cutoff(*, now: datetime | None = None) -> datetime:
    """Content deleted before this moment is past its restore window (CONTENT_TRASH_RETENTION_DAYS)."""
    return (now or timezone.now()) - timedelta(days=settings.CONTENT_TRASH_RETENTION_DAYS)


def content_get_for_user(*, user: User, content_id: UUID | str, deleted: bool = False) -> Content:
    """A content of one of the caller's organizations, or 404 (foreign and missing look the same).

    Content in the trash is missing too, unless ``deleted``: then only trashed content still within
    its restore window is found (what restore acts on)."""
    qs = Content.objects.select_related("organization", "workspace", "created_by").filter(
        organization__members__user=user
    )
    if deleted:
        qs = qs.filter(deleted_at__gt=trash_cutoff())
    else:
        qs = qs.filter(deleted_at__isnull=True)
    scope = workspace_scope(user=user)  # an API key limited to one workspace sees that one only
    if scope is not None:
        qs = qs.filter(workspace_id=scope)
    try:
        return qs.get(pk=content_id)
    except (Content.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise NotFound("Content not found.") from exc


ARCHIVED_FILTERS = ("exclude", "include", "only")


def content_list(
    *,
    user: User,
    organization_id: UUID | str | None,
    workspace_id: UUID | str | None = None,
    platform: str | None = None,
    q: str | None = None,
    archived: str = "exclude",
    review_state: str | None = None,
) -> QuerySet[Content]:
    """Contents of one organization the caller belongs to (any role), newest first. Trashed content
    is never listed here (see ``content_trash_list``); archived content only with ``archived``
    ``include`` or ``only``."""
    membership = membership_get(user=user, organization_id=organization_id)
    qs = (
        Content.objects.filter(organization_id=membership.organization_id, deleted_at__isnull=True)
        .select_related("created_by")
        .prefetch_related(content_current_attachments_prefetch())
    )
    if archived == "exclude":
        qs = qs.filter(archived_at__isnull=True)
    elif archived == "only":
        qs = qs.filter(archived_at__isnull=False)
    if review_state:
        qs = qs.filter(review_state=review_state)
    workspace_id = workspace_scope_filter(user=user, workspace_id=workspace_id)  # a limited key: its workspace
    if workspace_id:
        workspace = workspace_get_for_organization(
            organization_id=membership.organization_id, workspace_id=workspace_id
        )
        qs = qs.filter(workspace=workspace)
    if platform:
        qs = qs.filter(platform=platform)
    if q:
        qs = qs.filter(Q(prompt__icontains=q) | Q(current_text__icontains=q))
    return qs.order_by("-created_at", "-id")


def content_trash_list(
    *, user: User, organization_id: UUID | str | None, workspace_id: UUID | str | None = None
) -> QuerySet[Content]:
    """Trashed content of one organization still within its restore window, most recently deleted
    first; scoped as ``content_list`` (an API key limited to one workspace: that one's trash only)."""
    membership = membership_get(user=user, organization_id=organization_id)
    qs = (
        Content.objects.filter(organization_id=membership.organization_id, deleted_at__gt=trash_cutoff())
        .select_related("created_by")
        .prefetch_related(content_current_attachments_prefetch())
    )
    workspace_id = workspace_scope_filter(user=user, workspace_id=workspace_id)
    if workspace_id:
        workspace = workspace_get_for_organization(
            organization_id=membership.organization_id, workspace_id=workspace_id
        )
        qs = qs.filter(workspace=workspace)
    return qs.order_by("-deleted_at", "-id")


def content_reviews(*, content: Content) -> QuerySet[ContentReview]:
    """The review history of a content, oldest first."""
    return content.reviews.select_related("actor").order_by("created_at", "id")


def content_versions(*, content: Content) -> QuerySet[ContentVersion]:
    return content.versions.select_related("created_by").prefetch_related(attachments_prefetch()).order_by("version")


def content_validate(*, user: User, platform: str, text: str, media: Sequence[dict[str, Any]] | None = None) -> Measure:
    """The text measured as ``platform`` counts it; with ``media`` (even ``[]``), the platform's media
    rules too, their reasons after the text's. A media must be of one of the caller's organizations
    (and of its API key's workspace): any other is 404, like a missing one."""
    result = measure(platform=platform, text=text)
    if media is None:
        return result
    scoped = Media.objects.filter(organization__members__user=user)
    scope = workspace_scope(user=user)
    if scope is not None:
        scoped = scoped.filter(workspace_id=scope)
    attachments = attachments_resolve(items=media, media=scoped)
    reasons = media_rules_check(platform=platform, attachments=attachments)
    return dataclasses.replace(result, reasons=(*result.reasons, *reasons))


def content_usage_current_period(*, user: User, organization_id: UUID | str | None) -> dict[str, Any]:
    """The organization's usage this billing period: the ledger's totals, and from the versions
    created in the period, tokens and versions by member and by provider/model."""
    membership = membership_get(user=user, organization_id=organization_id)
    organization_id = membership.organization_id
    ledger = subscription_period_usage(subscription=subscription_for_organization(organization_id=organization_id))
    start, end = ledger.period_start, ledger.period_end
    versions = ContentVersion.objects.filter(
        content__organization_id=organization_id, created_at__gte=start, created_at__lt=end
    )
    by_member = (
        versions.values("created_by", "created_by__email")
        .annotate(versions=Count("id"), tokens=Sum("total_tokens"))
        .order_by("-tokens", "created_by__email")
    )
    by_provider = (
        versions.exclude(source=VersionSource.MANUAL_EDIT)
        .values("provider", "model")
        .annotate(versions=Count("id"), tokens=Sum("total_tokens"))
        .order_by("-tokens", "provider", "model")
    )
    return {
        "organization_id": organization_id,
        "plan": ledger.plan.slug,
        "period_start": start,
        "period_end": end,
        "tokens_used": ledger.tokens_used,
        "tokens_reserved": ledger.tokens_reserved,
        "tokens_limit": ledger.plan.monthly_token_limit,
        "posts_used": ledger.posts_used,
        "posts_limit": ledger.plan.monthly_post_limit,
        "images_used": ledger.images_used,
        "images_limit": ledger.plan.monthly_image_limit,
        "by_member": [
            {
                "user_id": row["created_by"],
                "email": row["created_by__email"] or "",
                "versions": row["versions"],
                "tokens": row["tokens"] or 0,
            }
            for row in by_member
        ],
        "by_provider": [
            {
                "provider": row["provider"],
                "model": row["model"],
                "versions": row["versions"],
                "tokens": row["tokens"] or 0,
            }
            for row in by_provider
        ],
    }
