"""Tenant-isolation contract (ISOLATION.md): a victim object for every content route."""

from collections.abc import Callable

from apps.content.models import Content, ContentVersion, VersionSource
from apps.organizations.models import Organization
from apps.users.models import User


def _victim_content(organization: Organization, owner: User) -> Content:
    workspace = organization.workspaces.order_by("created_at").first()
    if workspace is None:
        workspace = organization.workspaces.create(name="Victim workspace", is_default=True, created_by=owner)
    content = Content.objects.create(
        organization=organization,
        workspace=workspace,
        created_by=owner,
        platform="twitter",
        tone="professional",
        prompt="Victim secret prompt",
        current_version=1,
        current_text="Victim secret text",
    )
    ContentVersion.objects.create(
        content=content,
        version=1,
        text="Victim secret text",
        source=VersionSource.GENERATED,
        provider="offline",
        model="offline-template-v1",
        created_by=owner,
    )
    return content


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
