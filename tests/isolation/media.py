"""Tenant-isolation factories for the routes of /api/v1/media/ (see test_isolation.py)."""

import uuid
from collections.abc import Callable

from apps.media.models import Media, MediaState
from apps.media.services import media_create, media_storage_key
from apps.organizations.models import Organization
from apps.organizations.selectors import workspace_default
from apps.users.models import User
from tests.support.media import image_bytes


def _media(organization: Organization, owner: User) -> Media:
    workspace = workspace_default(organization_id=organization.pk)
    return media_create(workspace=workspace, created_by=owner, data=image_bytes(), alt_text="Victim secret alt text")


def _pending(organization: Organization, owner: User) -> Media:
    media_id = uuid.uuid4()
    return Media.objects.create(
        id=media_id,
        organization=organization,
        workspace=workspace_default(organization_id=organization.pk),
        created_by=owner,
        state=MediaState.PENDING,
        storage_key=media_storage_key(organization_id=organization.pk, media_id=media_id),
    )


def _wide_image(organization: Organization, owner: User) -> Media:
    """A ready 2:1 image (Instagram's aspect rule refuses it: a fit is offered)."""
    return media_create(
        workspace=workspace_default(organization_id=organization.pk),
        created_by=owner,
        data=image_bytes(size=(200, 100), fmt="JPEG"),
        alt_text="Victim secret alt text",
    )


FACTORIES: dict[str, Callable[[Organization, User], dict[str, str]]] = {
    "media:generate": lambda organization, owner: _media(organization, owner) and {},
    "media:fit": lambda organization, owner: {"media_id": str(_wide_image(organization, owner).pk)},
    "media:list": lambda organization, owner: _media(organization, owner) and {},
    "media:uploads": lambda organization, owner: _pending(organization, owner) and {},
    "media:detail": lambda organization, owner: {"media_id": str(_media(organization, owner).pk)},
    "media:complete": lambda organization, owner: {"media_id": str(_pending(organization, owner).pk)},
}

EXEMPT: dict[str, str] = {}
