"""Fixtures of the channels tests: ``team``, an organization with one member per role."""

import pytest

from apps.organizations.models import OrganizationMember, Role
from apps.organizations.services import organization_create
from tests.factories import MembershipFactory, put_on_plan
from tests.support.organizations import Team


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


from tests.fakes.networks.fixtures import call, network_fakes  # noqa: E402, F401 (fixtures)
