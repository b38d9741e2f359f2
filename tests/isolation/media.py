"""Tenant-isolation factories for the routes of /api/v1/media/ (see test_isolation.py)."""

import uuid
from collections.abc import Callable

from apps.media.models import Media, MediaKind
from apps.organizations.models import Organization
from apps.users.models import User


def _victim_media(organization: Organization, owner: User) -> Media:
    """A ready 2:1 image (Instagram's rule would refuse it: a fit is offered) of the organization's
    default workspace; its row only (the isolation walk never reads its bytes)."""
    workspace = organization.workspaces.order_by("-is_default", "created_at").first()
    media_id = uuid.uuid4()
    return Media.objects.create(
        id=media_id,
        organization=organization,
        workspace=workspace,
        created_by=owner,
        kind=MediaKind.IMAGE,
        mime_type="image/png",
        size_bytes=100,
        width=200,
        height=100,
        alt_text="Victim secret alt text",
        storage_key=f"org/{organization.pk}/{media_id}",
    )


def _media_kwargs(organization: Organization, owner: User) -> dict[str, str]:
    return {"media_id": str(_victim_media(organization, owner).pk)}


def _library_kwargs(organization: Organization, owner: User) -> dict[str, str]:
    _victim_media(organization, owner)
    return {}


FACTORIES: dict[str, Callable[[Organization, User], dict[str, str]]] = {
    "media:generate": _library_kwargs,
    "media:fit": _media_kwargs,
}
