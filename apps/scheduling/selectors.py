"""Reads of scheduled posts, scoped by the caller's membership."""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from apps.common.exceptions import NotFound
from apps.content.attachments import attachments_payload
from apps.organizations.models import Role
from apps.organizations.selectors import membership_get, membership_require, workspace_scope
from apps.scheduling.exceptions import ScheduledPostNotFound
from apps.scheduling.models import ACTIVE_STATUSES, ScheduledPost
from apps.users.models import User


def scheduled_post_organization_id(*, post_id: UUID | str | None) -> UUID | None:
    """The organization of a scheduled post (None when it does not exist): what the rate limiter charges."""
    try:
        return ScheduledPost.objects.filter(pk=post_id).values_list("organization_id", flat=True).first()
    except (ValueError, TypeError, ValidationError):
        return None


def scheduled_post_list(
    *,
    user: User,
    organization_id: UUID | str | None = None,
    status: str | None = None,
    platform: str | None = None,
    content_id: UUID | str | None = None,
    scheduled_after: datetime | None = None,
    scheduled_before: datetime | None = None,
) -> QuerySet[ScheduledPost]:
    """Posts of one organization the caller belongs to (any role), soonest first."""
    membership = membership_get(user=user, organization_id=organization_id)
    posts = ScheduledPost.objects.filter(organization_id=membership.organization_id).select_related("content_version")
    scope = workspace_scope(user=user)  # an API key limited to one workspace sees that one only
    if scope is not None:
        posts = posts.filter(content__workspace_id=scope)
    if status:
        posts = posts.filter(status=status)
    if platform:
        posts = posts.filter(platform=platform)
    if content_id:
        posts = posts.filter(content_id=content_id)
    if scheduled_after:
        posts = posts.filter(scheduled_at__gte=scheduled_after)
    if scheduled_before:
        posts = posts.filter(scheduled_at__lt=scheduled_before)
    return posts.order_by("scheduled_at", "id")


def scheduled_post_get(*, user: User, post_id: UUID | str) -> ScheduledPost:
    """One post, or 404 when it does not exist or the caller is not a member of its organization."""
    post = ScheduledPost.objects.select_related("content_version").filter(pk=post_id).first()
    if post is None:
        raise ScheduledPostNotFound()
    try:
        membership_require(user=user, organization_id=post.organization_id, role=Role.VIEWER)
    except NotFound as exc:  # another tenant's post is answered exactly like a missing one
        raise ScheduledPostNotFound() from exc
    scope = workspace_scope(user=user)
    if scope is not None and not ScheduledPost.objects.filter(pk=post.pk, content__workspace_id=scope).exists():
        raise ScheduledPostNotFound()
    return post


def scheduled_post_media_for_service(*, post_id: UUID | str) -> dict[str, Any]:
    """For the Node.js scheduler (service token): the attachments of a post still to go out, with
    download links made now (``attachments_payload``). A post that is out (published, failed,
    cancelled) or missing is 404: its links are no longer anyone's business."""
    post = ScheduledPost.objects.filter(pk=post_id, status__in=ACTIVE_STATUSES).first()
    if post is None:
        raise ScheduledPostNotFound()
    return {
        "scheduled_post_id": post.pk,
        "media": attachments_payload(version_id=post.content_version_id, scheduled_at=post.scheduled_at),
    }
