"""Invitation emails through the task queue (issue 12 item 9): retries, a visible delivery state, a
resend that issues a new token and kills the old one; verified-email gates on accept and checkout."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from apps.organizations.invitation_email import invitation_email_deliver
from apps.organizations.models import Invitation, InvitationEmailStatus, InvitationStatus, OrganizationMember
from apps.users.models import User
from tests.support.clients import client_for
from tests.support.organizations import token_from_outbox
from tests.support.snapshot import organization_snapshot

pytestmark = pytest.mark.django_db

BASE = "/api/v1/organizations"
ACCEPT = f"{BASE}/invitations/accept/"


class FlakyBackend:
    """Django email backend failing the first ``failures`` sends (set on the class by the test)."""

    failures = 0
    calls = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).calls <= type(self).failures:
            raise smtplib.SMTPServerDisconnected("connection unexpectedly closed")
        mail.outbox.extend(messages)
        return len(messages)


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.calls = 0

    def _set(failures: int) -> type[FlakyBackend]:
        FlakyBackend.failures = failures
        return FlakyBackend

    return _set


def _create(team, django_capture_on_commit_callbacks, email="new@example.com"):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(team.owner).post(
            f"{BASE}/{team.organization.pk}/invitations/", {"email": email, "role": "editor"}, format="json"
        )
    assert response.status_code == 201, response.content
    return Invitation.objects.get(pk=response.json()["id"])


def _resend(team, invitation, django_capture_on_commit_callbacks, user=None):
    with django_capture_on_commit_callbacks(execute=True):
        return client_for(user or team.owner).post(
            f"{BASE}/{team.organization.pk}/invitations/{invitation.pk}/resend/", format="json"
        )


def _listed(team, invitation) -> dict:
    rows = client_for(team.owner).get(f"{BASE}/{team.organization.pk}/invitations/").json()["results"]
    return next(row for row in rows if row["id"] == str(invitation.pk))


def test_invitation_email_is_sent_by_the_task_and_its_state_is_visible(team, django_capture_on_commit_callbacks):
    invitation = _create(team, django_capture_on_commit_callbacks)

    invitation.refresh_from_db()
    assert invitation.email_status == InvitationEmailStatus.SENT
    assert invitation.email_attempts == 1 and invitation.email_sent_at is not None
    row = _listed(team, invitation)
    assert row["email_status"] == "sent" and row["email_attempts"] == 1 and row["email_last_error"] == ""
    assert row["email_sent_at"] is not None
    assert len(mail.outbox) == 1


def test_invitation_email_is_not_sent_before_the_commit(team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(team.owner).post(
            f"{BASE}/{team.organization.pk}/invitations/", {"email": "n@example.com", "role": "viewer"}, format="json"
        )
    assert response.status_code == 201
    assert response.json()["email_status"] == "pending"
    assert mail.outbox == [] and len(callbacks) == 1


def test_invitation_email_is_retried_then_sent_and_only_the_last_link_works(
    team, flaky, django_capture_on_commit_callbacks, make_user
):
    flaky(failures=2)

    invitation = _create(team, django_capture_on_commit_callbacks)

    invitation.refresh_from_db()
    assert (invitation.email_status, invitation.email_attempts) == (InvitationEmailStatus.SENT, 3)
    assert len(mail.outbox) == 1
    invitee = make_user(email="new@example.com")
    response = client_for(invitee).post(ACCEPT, {"token": token_from_outbox(mail.outbox[-1])}, format="json")
    assert response.status_code == 200, response.content


def test_invitation_email_failing_every_attempt_shows_failed_with_the_error(
    team, flaky, settings, django_capture_on_commit_callbacks
):
    settings.INVITATION_EMAIL_MAX_ATTEMPTS = 3
    flaky(failures=99)

    invitation = _create(team, django_capture_on_commit_callbacks)

    invitation.refresh_from_db()
    assert invitation.email_status == InvitationEmailStatus.FAILED
    assert invitation.email_attempts == 3
    assert "SMTPServerDisconnected" in invitation.email_last_error
    row = _listed(team, invitation)
    assert row["email_status"] == "failed" and "SMTPServerDisconnected" in row["email_last_error"]
    assert mail.outbox == []
    # A failed email does not get retried by a stray task.
    assert invitation_email_deliver(invitation_id=invitation.pk) == "skipped"


def test_invitation_resend_issues_a_new_token_and_the_old_one_stops_working(
    team, django_capture_on_commit_callbacks, make_user
):
    invitation = _create(team, django_capture_on_commit_callbacks)
    old_token = token_from_outbox(mail.outbox[-1])
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() + timedelta(hours=1))

    response = _resend(team, invitation, django_capture_on_commit_callbacks)

    assert response.status_code == 200, response.content
    assert response.json()["id"] == str(invitation.pk)
    assert len(mail.outbox) == 2
    new_token = token_from_outbox(mail.outbox[-1])
    assert new_token != old_token
    invitation.refresh_from_db()
    assert invitation.email_status == InvitationEmailStatus.SENT and invitation.email_attempts == 1
    assert invitation.expires_at > timezone.now() + timedelta(days=6)
    invitee = make_user(email="new@example.com")
    old = client_for(invitee).post(ACCEPT, {"token": old_token}, format="json")
    assert old.status_code == 404 and old.json()["error"]["code"] == "invitation_not_found"
    assert client_for(invitee).post(ACCEPT, {"token": new_token}, format="json").status_code == 200


def test_invitation_resend_after_failure_sends_it(team, flaky, settings, django_capture_on_commit_callbacks):
    settings.INVITATION_EMAIL_MAX_ATTEMPTS = 2
    backend = flaky(failures=2)
    invitation = _create(team, django_capture_on_commit_callbacks)
    assert Invitation.objects.get(pk=invitation.pk).email_status == InvitationEmailStatus.FAILED

    response = _resend(team, invitation, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    invitation.refresh_from_db()
    assert (invitation.email_status, invitation.email_last_error) == (InvitationEmailStatus.SENT, "")
    assert backend.calls == 3 and len(mail.outbox) == 1


@pytest.mark.parametrize("status", [InvitationStatus.ACCEPTED, InvitationStatus.REVOKED])
def test_invitation_resend_of_a_used_invitation_is_409_and_changes_nothing(
    team, django_capture_on_commit_callbacks, status
):
    invitation = _create(team, django_capture_on_commit_callbacks)
    Invitation.objects.filter(pk=invitation.pk).update(status=status)
    before = organization_snapshot(team.organization.pk)

    response = _resend(team, invitation, django_capture_on_commit_callbacks)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invitation_not_pending"
    assert organization_snapshot(team.organization.pk) == before
    assert len(mail.outbox) == 1


def test_invitation_resend_of_an_expired_invitation_is_409(team, django_capture_on_commit_callbacks):
    invitation = _create(team, django_capture_on_commit_callbacks)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = _resend(team, invitation, django_capture_on_commit_callbacks)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invitation_expired"
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_invitation_resend_needs_admin(team, django_capture_on_commit_callbacks, role):
    invitation = _create(team, django_capture_on_commit_callbacks)
    before = organization_snapshot(team.organization.pk)

    response = _resend(team, invitation, django_capture_on_commit_callbacks, user=team.user(role))

    assert response.status_code == 403
    assert organization_snapshot(team.organization.pk) == before
    assert len(mail.outbox) == 1


def test_invitation_resend_of_an_unknown_invitation_is_404(team, django_capture_on_commit_callbacks):
    response = client_for(team.owner).post(
        f"{BASE}/{team.organization.pk}/invitations/00000000-0000-0000-0000-000000000000/resend/"
    )
    assert response.status_code == 404


def test_invitation_admin_shows_delivery_state_and_resends(team, django_capture_on_commit_callbacks, client):
    invitation = _create(team, django_capture_on_commit_callbacks)
    client.force_login(User.objects.create_superuser(email="ops@example.com", password="ops-password-123"))
    admin_client = client

    page = admin_client.get("/admin/organizations/invitation/")
    assert page.status_code == 200 and b"email_status" in page.content.replace(b"-", b"_")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/organizations/invitation/", {"action": "resend", "_selected_action": [str(invitation.pk)]}
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    assert Invitation.objects.get(pk=invitation.pk).email_status == InvitationEmailStatus.SENT


# --------------------------------------------------------------------------- verified-email gates


def test_invitation_accept_by_an_unverified_user_is_403_when_the_setting_asks(
    team, django_capture_on_commit_callbacks, make_user, settings
):
    settings.REQUIRE_VERIFIED_EMAIL_FOR = ["invitations"]
    _create(team, django_capture_on_commit_callbacks)
    token = token_from_outbox(mail.outbox[-1])
    invitee = make_user(email="new@example.com")
    before = organization_snapshot(team.organization.pk)

    refused = client_for(invitee).post(ACCEPT, {"token": token}, format="json")

    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "email_not_verified"
    assert organization_snapshot(team.organization.pk) == before
    User.objects.filter(pk=invitee.pk).update(email_verified_at=timezone.now())
    assert client_for(invitee).post(ACCEPT, {"token": token}, format="json").status_code == 200
    assert OrganizationMember.objects.filter(organization=team.organization, user=invitee).exists()


def test_invitation_accept_by_an_unverified_user_is_allowed_by_default(
    team, django_capture_on_commit_callbacks, make_user
):
    _create(team, django_capture_on_commit_callbacks)
    invitee = make_user(email="new@example.com")
    assert invitee.email_verified_at is None

    response = client_for(invitee).post(ACCEPT, {"token": token_from_outbox(mail.outbox[-1])}, format="json")

    assert response.status_code == 200
