"""Tenant-isolation factories for the routes of /api/v1/organizations/ (see test_isolation.py)."""

import uuid
from collections.abc import Callable

from apps.organizations.models import Invitation, Organization, Role, Workspace
from apps.organizations.services import api_key_create
from apps.users.models import User
from tests.factories import InvitationFactory, MembershipFactory, WorkspaceFactory


def _member(organization: Organization, owner: User) -> dict[str, str]:
    member = MembershipFactory(organization=organization, role=Role.EDITOR, user__password=None)
    return {"id": str(organization.pk), "member_id": str(member.pk)}


def _invitation(organization: Organization, owner: User) -> Invitation:
    return InvitationFactory(organization=organization, role=Role.VIEWER, invited_by=owner)


def _workspace(organization: Organization, owner: User) -> Workspace:
    return WorkspaceFactory(organization=organization, name=f"Extra {uuid.uuid4().hex[:6]}", created_by=owner)


def _api_key(organization: Organization, owner: User) -> dict[str, str]:
    key, _ = api_key_create(user=owner, organization_id=organization.pk, name="CI", role=Role.EDITOR)
    return {"id": str(organization.pk), "key_id": str(key.pk)}


def _organization(organization: Organization, owner: User) -> dict[str, str]:
    return {"id": str(organization.pk)}


FACTORIES: dict[str, Callable[[Organization, User], dict[str, str]]] = {
    "organizations:detail": _organization,
    "organizations:member-list": _organization,
    "organizations:member-detail": _member,
    "organizations:leave": _organization,
    "organizations:api-key-list": lambda organization, owner: {"id": _api_key(organization, owner)["id"]},
    "organizations:api-key-detail": _api_key,
    "organizations:transfer-ownership": _organization,
    "organizations:invitation-list": lambda organization, owner: {
        "id": str(_invitation(organization, owner).organization_id)
    },
    "organizations:invitation-detail": lambda organization, owner: {
        "id": str(organization.pk),
        "invitation_id": str(_invitation(organization, owner).pk),
    },
    "organizations:invitation-resend": lambda organization, owner: {
        "id": str(organization.pk),
        "invitation_id": str(_invitation(organization, owner).pk),
    },
    # List/create routes: create a victim object, return no kwargs.
    "organizations:workspace-list": lambda organization, owner: _workspace(organization, owner) and {},
    "organizations:workspace-detail": lambda organization, owner: {"id": str(_workspace(organization, owner).pk)},
    "organizations:invitation-accept": lambda organization, owner: _invitation(organization, owner) and {},
}

EXEMPT: dict[str, str] = {
    "organizations:list": (
        "lists the caller's own memberships and creates a new organization owned by the caller; it takes no "
        "organization_id (the test still scans its GET answer for the victim's ids)"
    ),
}
