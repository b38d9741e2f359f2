"""Selectors and model rules of organizations: the effective invitation status and the seat count."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.organizations.models import Invitation, InvitationStatus, Role
from apps.organizations.selectors import invitation_list, organization_seats_taken
from apps.organizations.services import invitation_revoke_as_staff

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def _invitation(organization, email: str, *, status=InvitationStatus.PENDING, expires_in=DAY) -> Invitation:
    return Invitation.objects.create(
        organization=organization,
        email=email,
        role=Role.VIEWER,
        token_hash=email.ljust(64, "x")[:64],
        status=status,
        expires_at=timezone.now() + expires_in,
    )


@pytest.fixture
def invitations(team):
    org = team.organization
    return {
        "live": _invitation(org, "live@example.com"),
        "stale": _invitation(org, "stale@example.com", expires_in=-DAY),
        "expired": _invitation(org, "expired@example.com", status=InvitationStatus.EXPIRED, expires_in=-DAY),
        "revoked": _invitation(org, "revoked@example.com", status=InvitationStatus.REVOKED),
    }


def test_invitation_effective_status_shows_a_pending_one_past_expiry_as_expired(invitations):
    statuses = {name: invitation.effective_status for name, invitation in invitations.items()}

    assert statuses == {"live": "pending", "stale": "expired", "expired": "expired", "revoked": "revoked"}


@pytest.mark.parametrize("status", [s.value for s in InvitationStatus])
def test_invitation_list_filter_agrees_with_effective_status(team, invitations, status):
    listed = set(invitation_list(organization_id=team.organization.pk, status=status))

    assert listed == {i for i in invitations.values() if i.effective_status == status}


def test_organization_seats_taken_counts_members_and_live_pending_invitations(team, invitations):
    seats = organization_seats_taken(organization_id=team.organization.pk)

    assert (seats.members, seats.pending_invitations, seats.total) == (4, 1, 5)


def test_invitation_revoke_as_staff_revokes_only_pending_ones(invitations):
    count = invitation_revoke_as_staff(invitation_ids=[i.pk for i in invitations.values()])

    statuses = {name: Invitation.objects.get(pk=i.pk).status for name, i in invitations.items()}
    assert count == 2  # "stale" is still pending in the table: revoking it is harmless
    assert statuses == {"live": "revoked", "stale": "revoked", "expired": "expired", "revoked": "revoked"}
