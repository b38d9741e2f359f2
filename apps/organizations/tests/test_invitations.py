"""Invitations: email with a single-use link, 7-day expiry, accepted only by the invited email."""

import hashlib
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from apps.organizations.models import Invitation, InvitationStatus, OrganizationMember, Role
from tests.factories import put_on_plan
from tests.support.clients import client_for
from tests.support.organizations import token_from_outbox
from tests.support.snapshot import organization_snapshot

pytestmark = pytest.mark.django_db

BASE = "/api/v1/organizations"
ACCEPT = f"{BASE}/invitations/accept/"


@pytest.fixture
def invite(team, django_capture_on_commit_callbacks, settings):
    """Invite an email through the API (as the owner) and return (invitation, token)."""
    settings.FRONTEND_URL = "https://app.example.com"

    def _invite(email: str = "new@example.com", role: str = "editor", by=None):
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(by or team.owner).post(
                f"{BASE}/{team.organization.pk}/invitations/", {"email": email, "role": role}, format="json"
            )
        assert response.status_code == 201, response.content
        return Invitation.objects.get(pk=response.json()["id"]), token_from_outbox(mail.outbox[-1])

    return _invite


def test_invitation_create_sends_email_with_link_and_stores_only_the_hash(team, invite):
    invitation, token = invite(email="New@Example.com")

    message = mail.outbox[-1]
    assert message.to == ["new@example.com"]
    assert "Acme" in message.subject
    assert f"https://app.example.com/invitations/accept?token={token}" in message.body
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(Invitation.objects.filter(pk=invitation.pk).values().get())
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)
    assert invitation.status == InvitationStatus.PENDING


def test_invitation_create_response_does_not_expose_the_token(team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(team.owner).post(
            f"{BASE}/{team.organization.pk}/invitations/", {"email": "n@example.com", "role": "viewer"}, format="json"
        )

    token = token_from_outbox(mail.outbox[-1])
    assert token not in response.content.decode()
    assert set(response.json()) >= {"id", "email", "role", "status", "expires_at"}


def test_invitation_accept_by_invited_user_creates_membership(team, invite, make_user):
    invitation, token = invite()
    invitee = make_user(email="NEW@example.com")

    response = client_for(invitee).post(ACCEPT, {"token": token}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["organization"]["id"] == str(team.organization.pk)
    assert response.json()["role"] == "editor"
    assert OrganizationMember.objects.get(organization=team.organization, user=invitee).role == "editor"
    invitation.refresh_from_db()
    assert (invitation.status, invitation.accepted_by) == (InvitationStatus.ACCEPTED, invitee)


def test_invitation_accept_after_downgrade_below_the_seats_is_refused_and_changes_nothing(team, invite, make_user):
    invitation, token = invite()
    invitee = make_user(email="new@example.com")
    put_on_plan(team.organization, "pro")  # 1 member allowed; the team already has 4
    before = organization_snapshot(team.organization.pk)

    response = client_for(invitee).post(ACCEPT, {"token": token}, format="json")

    assert response.status_code == 402, response.content
    assert response.json()["error"]["code"] == "plan_limit_reached"
    assert response.json()["error"]["details"] == {"limit": 1, "current": 4, "resource": "members"}
    assert organization_snapshot(team.organization.pk) == before
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_invitation_token_is_single_use(team, invite, make_user):
    _, token = invite()
    invitee = make_user(email="new@example.com")
    assert client_for(invitee).post(ACCEPT, {"token": token}, format="json").status_code == 200
    before = organization_snapshot(team.organization.pk)

    again = client_for(invitee).post(ACCEPT, {"token": token}, format="json")

    assert again.status_code == 409
    assert again.json()["error"]["code"] == "invitation_not_pending"
    assert organization_snapshot(team.organization.pk) == before


def test_invitation_accept_by_someone_else_is_refused(team, invite, make_user):
    _, token = invite()
    intruder = make_user(email="intruder@example.com")
    before = organization_snapshot(team.organization.pk)

    response = client_for(intruder).post(ACCEPT, {"token": token}, format="json")

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "invitation_email_mismatch"
    assert organization_snapshot(team.organization.pk) == before


def test_invitation_expired_token_is_refused(team, invite, make_user):
    invitation, token = invite()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    invitee = make_user(email="new@example.com")
    before = organization_snapshot(team.organization.pk)

    response = client_for(invitee).post(ACCEPT, {"token": token}, format="json")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invitation_expired"
    assert organization_snapshot(team.organization.pk) == before


@pytest.mark.parametrize("token", ["unknown-token", "", "t" * 10_240])
def test_invitation_unknown_or_malformed_token(team, invite, make_user, token):
    invite()
    invitee = make_user(email="new@example.com")
    before = organization_snapshot(team.organization.pk)

    response = client_for(invitee).post(ACCEPT, {"token": token}, format="json")

    assert response.status_code in {400, 404}
    assert response.json()["error"]["code"] in {"validation_error", "invitation_not_found"}
    assert organization_snapshot(team.organization.pk) == before


def test_invitation_revoked_token_cannot_be_accepted(team, invite, make_user):
    invitation, token = invite()
    revoke = client_for(team.user(Role.ADMIN)).delete(f"{BASE}/{team.organization.pk}/invitations/{invitation.pk}/")
    invitee = make_user(email="new@example.com")

    response = client_for(invitee).post(ACCEPT, {"token": token}, format="json")

    assert revoke.status_code == 204
    assert response.status_code == 409
    assert not OrganizationMember.objects.filter(organization=team.organization, user=invitee).exists()


def test_invitation_revoke_twice_is_409(team, invite):
    invitation, _ = invite()
    url = f"{BASE}/{team.organization.pk}/invitations/{invitation.pk}/"
    client_for(team.owner).delete(url)

    response = client_for(team.owner).delete(url)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invitation_not_pending"


def test_invitation_duplicate_pending_is_409(team, invite):
    invite(email="dup@example.com")
    before = organization_snapshot(team.organization.pk)

    response = client_for(team.owner).post(
        f"{BASE}/{team.organization.pk}/invitations/", {"email": "DUP@example.com", "role": "viewer"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invitation_exists"
    assert organization_snapshot(team.organization.pk) == before


def test_invitation_after_expiry_a_new_one_can_be_sent(team, invite):
    old, _ = invite(email="late@example.com")
    Invitation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    new, _ = invite(email="late@example.com")

    old.refresh_from_db()
    assert old.status == InvitationStatus.EXPIRED
    assert new.status == InvitationStatus.PENDING


def test_invitation_of_existing_member_is_409(team):
    before = organization_snapshot(team.organization.pk)

    response = client_for(team.owner).post(
        f"{BASE}/{team.organization.pk}/invitations/", {"email": "Editor@example.com", "role": "viewer"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "already_member"
    assert organization_snapshot(team.organization.pk) == before
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "a@example.com", "role": "god"}, "role"),
        ({"email": "not-an-email", "role": "viewer"}, "email"),
        ({"email": "", "role": "viewer"}, "email"),
        ({"email": "a" * 10_240 + "@example.com", "role": "viewer"}, "email"),
    ],
)
def test_invitation_create_bad_input(team, body, field):
    before = organization_snapshot(team.organization.pk)

    response = client_for(team.owner).post(f"{BASE}/{team.organization.pk}/invitations/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()["error"]["details"]
    assert organization_snapshot(team.organization.pk) == before


def test_invitation_admin_cannot_invite_an_owner(team):
    response = client_for(team.user(Role.ADMIN)).post(
        f"{BASE}/{team.organization.pk}/invitations/", {"email": "boss@example.com", "role": "owner"}, format="json"
    )

    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_invitation_list_shows_effective_status_and_filters(team, invite):
    live, _ = invite(email="live@example.com")
    stale, _ = invite(email="stale@example.com")
    Invitation.objects.filter(pk=stale.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    url = f"{BASE}/{team.organization.pk}/invitations/"

    everything = client_for(team.owner).get(url).json()["results"]
    pending = client_for(team.owner).get(url, {"status": "pending"}).json()["results"]
    bad = client_for(team.owner).get(url, {"status": "weird"})

    assert {row["email"]: row["status"] for row in everything} == {
        "live@example.com": "pending",
        "stale@example.com": "expired",
    }
    assert [row["id"] for row in pending] == [str(live.pk)]
    assert bad.status_code == 400


def test_invitation_accept_when_already_member_is_409(team, make_user):
    from apps.organizations.services import token_hash

    Invitation.objects.create(
        organization=team.organization,
        email="viewer@example.com",
        role=Role.ADMIN,
        token_hash=token_hash("already"),
        expires_at=timezone.now() + timedelta(days=1),
    )

    response = client_for(team.user(Role.VIEWER)).post(ACCEPT, {"token": "already"}, format="json")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "already_member"
    assert team.members[Role.VIEWER].role == OrganizationMember.objects.get(pk=team.members[Role.VIEWER].pk).role
