"""Tenant-isolation factories for the routes of /api/v1/content/ (see test_isolation.py)."""

from collections.abc import Callable

from apps.content.models import Content
from apps.organizations.models import Organization
from apps.users.models import User
from tests.factories import ContentFactory


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


FACTORIES: dict[str, Callable[[Organization, User], dict[str, str]]] = {
    "content:list": _list_kwargs,
    "content:generate": _list_kwargs,
    "content:usage": _list_kwargs,
    "content:detail": _content_kwargs,
    "content:regenerate": _content_kwargs,
    "content:versions": _content_kwargs,
}

EXEMPT: dict[str, str] = {
    "content:validate": "measures the text and platform of the request body; reads and writes no stored data",
}
