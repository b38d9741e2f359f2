"""Organizations in tests: the one a user owns, a team with one member per role, the token of an
invitation email."""

import re
from dataclasses import dataclass

from apps.organizations.models import Organization, OrganizationMember, Role
from apps.users.models import User


def organization_of(user: User) -> Organization:
    """The organization ``user`` owns: the personal one sign-up made (a test that creates another
    one for the same owner keeps it in a variable instead)."""
    return OrganizationMember.objects.select_related("organization").get(user=user, role=Role.OWNER).organization


@dataclass
class Team:
    organization: Organization
    owner: User
    members: dict[str, OrganizationMember]  # role -> membership

    def user(self, role: str) -> User:
        return self.members[role].user


def token_from_outbox(message) -> str:
    """The invitation token in an invitation email (``django.core.mail.outbox``)."""
    match = re.search(r"/invitations/accept\?token=([A-Za-z0-9_\-]+)", message.body)
    assert match, message.body
    return match.group(1)
