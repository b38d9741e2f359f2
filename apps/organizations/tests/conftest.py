"""Fixtures for the organizations tests: an organization with one member per role."""

import re
from dataclasses import dataclass

import pytest

from apps.organizations.models import Organization, OrganizationMember, Role
from apps.organizations.services import organization_create
from apps.users.models import User
from tests.factories import MembershipFactory, put_on_plan


def token_from_outbox(message) -> str:
    match = re.search(r"/invitations/accept\?token=([A-Za-z0-9_\-]+)", message.body)
    assert match, message.body
    return match.group(1)


@dataclass
class Team:
    organization: Organization
    owner: User
    members: dict[str, OrganizationMember]  # role -> membership

    def user(self, role: str) -> User:
        return self.members[role].user


@pytest.fixture
def team(make_user) -> Team:
    """A Team-plan organization with one member per role (owner, admin, editor, viewer)."""
    owner = make_user(email="owner@example.com")
    organization = organization_create(owner=owner, name="Acme")
    put_on_plan(organization, "team")
    members = {Role.OWNER: OrganizationMember.objects.get(organization=organization, user=owner)}
    for role in (Role.ADMIN, Role.EDITOR, Role.VIEWER):
        members[role] = MembershipFactory(
            organization=organization, role=role, user=make_user(email=f"{role}@example.com")
        )
    return Team(organization=organization, owner=owner, members=members)
