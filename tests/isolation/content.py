"""Tenant-isolation factories for the routes of /api/v1/content/ (see test_isolation.py)."""

from collections.abc import Callable

from django.utils import timezone

from apps.content.models import Content, ReviewState
from apps.organizations.models import Organization
from apps.users.models import User
from tests.factories import ContentFactory, ContentReviewFactory


def _victim_content(organization: Organization, owner: User) -> Content:
    return ContentFactory(
        organization=organization,
        created_by=owner,
        tone="professional",
        prompt="Victim secret prompt",
        versions=("Victim secret text",),
        versions__model="offline-template-v1",
    )


def _content_kwargs(organization: Organization, owner: User) -> dict[str, str]:
    return {"content_id": str(_victim_content(organization, owner).pk)}


def _list_kwargs(organization: Organization, owner: User) -> dict[str, str]:
    _victim_content(organization, owner)
    return {}


def _trash_kwargs(organization: Organization, owner: User) -> dict[str, str]:
    _trashed_content_kwargs(organization, owner)
    return {}


def _trashed_content_kwargs(organization: Organization, owner: User) -> dict[str, str]:
    content = _victim_content(organization, owner)
    Content.objects.filter(pk=content.pk).update(deleted_at=timezone.now())
    return {"content_id": str(content.pk)}


def _in_review_kwargs(organization: Organization, owner: User) -> dict[str, str]:
    content = _victim_content(organization, owner)
    Content.objects.filter(pk=content.pk).update(review_state=ReviewState.IN_REVIEW, review_version=1)
    ContentReviewFactory(content=content, actor=owner, comment="Victim secret review comment")
    return {"content_id": str(content.pk)}


FACTORIES: dict[str, Callable[[Organization, User], dict[str, str]]] = {
    "content:list": _list_kwargs,
    "content:generate": _list_kwargs,
    "content:usage": _list_kwargs,
    "content:detail": _content_kwargs,
    "content:regenerate": _content_kwargs,
    "content:versions": _content_kwargs,
    "content:trash": _trash_kwargs,
    "content:submit": _content_kwargs,
    "content:approve": _in_review_kwargs,
    "content:request-changes": _in_review_kwargs,
    "content:reviews": _in_review_kwargs,
    "content:restore": _trashed_content_kwargs,
    "content:archive": _content_kwargs,
    "content:unarchive": _content_kwargs,
    "content:move": _content_kwargs,
    "content:images": _content_kwargs,
}

EXEMPT: dict[str, str] = {
    "content:validate": "measures the text and platform of the request body; reads and writes no stored data",
}
