"""Tenant-isolation factories for the routes of /api/v1/organizations/ (see test_isolation.py)."""

import uuid
from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from apps.organizations.models import Invitation, Organization, OrganizationMember, Role, Workspace
from apps.organizations.services import token_hash
from apps.users.models import User


def _member(organization: Organization, owner: User) -> dict[str, str]:
    user = User.objects.create_user(email=f"member-{uuid.uuid4().hex[:10]}@example.com", password=None)
    member = OrganizationMember.objects.create(organization=organization, user=user, role=Role.EDITOR)
    return {"id": str(organization.pk), "member_id": str(member.pk)}


def _invitation(organization: Organization, owner: User) -> Invitation:
    return Invitation.objects.create(
        organization=organization,
        email=f"invitee-{uuid.uuid4().hex[:10]}@example.com",
        role=Role.VIEWER,
        token_hash=token_hash(uuid.uuid4().hex),
        invited_by=owner,
        expires_at=timezone.now() + timedelta(days=7),
    )


def _workspace(organization: Organization, owner: User) -> Workspace:
    return Workspace.objects.create(organization=organization, name=f"Extra {uuid.uuid4().hex[:6]}", created_by=owner)


def _organization(organization: Organization, owner: User) -> dict[str, str]:
    return {"id": str(organization.pk)}


FACTORIES: dict[str, Callable[[Organization, User], dict[str, str]]] = {
    "organizations:detail": _organization,
    "organizations:member-list": _organization,
    "organizations:member-detail": _member,
    "organizations:leave": _organization,
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
