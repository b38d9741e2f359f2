"""The admin pages of organizations, members, workspaces and invitations work for the ops team."""

from datetime import timedelta
from unittest.mock import patch

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.organizations import services
from apps.organizations.models import ApiKey, Invitation, InvitationStatus, Role, Workspace
from apps.users.models import User

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@pytest.fixture
def admin_client_logged(client):
    staff = User.objects.create_superuser(email="ops@example.com", password="ops-password-123")
    client.force_login(staff)
    return client


@pytest.mark.parametrize(
    ("model", "query", "expected"),
    [
        ("organization", {"q": "owner@example.com"}, "Acme"),
        ("organization", {"is_personal__exact": "0"}, "Acme"),
        ("organizationmember", {"role__exact": "admin", "q": "acme"}, "1 organization member"),
        ("workspace", {"q": "General", "is_default__exact": "1"}, "General"),
        ("invitation", {"status__exact": "pending", "q": "pending@"}, "pending@example.com"),
    ],
)
def test_admin_changelists_search_and_filter(admin_client_logged, team, model, query, expected):
    Invitation.objects.create(
        organization=team.organization,
        email="pending@example.com",
        role=Role.VIEWER,
        token_hash="a" * 64,
        expires_at=team.organization.created_at,
    )

    response = admin_client_logged.get(reverse(f"admin:organizations_{model}_changelist"), query)

    assert response.status_code == 200
    assert expected in response.content.decode()


def test_admin_organization_search_by_member_email_finds_it(admin_client_logged, team):
    response = admin_client_logged.get(reverse("admin:organizations_organization_changelist"), {"q": "viewer@example"})

    assert response.status_code == 200
    assert "Acme" in response.content.decode()


def test_admin_organization_change_page_has_member_and_workspace_inlines(admin_client_logged, team):
    response = admin_client_logged.get(reverse("admin:organizations_organization_change", args=[team.organization.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "organizationmember_set" in body or "members-TOTAL_FORMS" in body
    assert "workspaces-TOTAL_FORMS" in body


def test_admin_invitation_token_hash_is_read_only(admin_client_logged, team):
    invitation = Invitation.objects.create(
        organization=team.organization,
        email="x@example.com",
        role=Role.VIEWER,
        token_hash="b" * 64,
        expires_at=team.organization.created_at,
    )

    response = admin_client_logged.get(reverse("admin:organizations_invitation_change", args=[invitation.pk]))

    assert response.status_code == 200
    assert 'name="token_hash"' not in response.content.decode()
    assert "b" * 64 in response.content.decode()


def _invitation(team, email: str, **extra) -> Invitation:
    defaults = {"role": Role.VIEWER, "token_hash": email.ljust(64, "x")[:64], "expires_at": timezone.now() + DAY}
    return Invitation.objects.create(organization=team.organization, email=email, **{**defaults, **extra})


def test_admin_revoke_action_goes_through_the_service_and_skips_non_pending(admin_client_logged, team):
    pending = _invitation(team, "p@example.com")
    accepted = _invitation(team, "a@example.com", status=InvitationStatus.ACCEPTED)

    with patch(
        "apps.organizations.admin.invitation_revoke_as_staff", wraps=services.invitation_revoke_as_staff
    ) as service:
        response = admin_client_logged.post(
            reverse("admin:organizations_invitation_changelist"),
            {"action": "revoke", "_selected_action": [pending.pk, accepted.pk]},
        )

    assert response.status_code == 302
    assert service.call_count == 1
    pending.refresh_from_db()
    accepted.refresh_from_db()
    assert (pending.status, accepted.status) == (InvitationStatus.REVOKED, InvitationStatus.ACCEPTED)


def test_admin_revoke_of_invitations_is_in_the_audit_log_with_the_staff_member_as_actor(admin_client_logged, team):
    pending = _invitation(team, "p@example.com")
    accepted = _invitation(team, "a@example.com", status=InvitationStatus.ACCEPTED)

    admin_client_logged.post(
        reverse("admin:organizations_invitation_changelist"),
        {"action": "revoke", "_selected_action": [pending.pk, accepted.pk]},
    )

    [entry] = AuditEntry.objects.filter(action="invitation.revoked")
    staff = User.objects.get(email="ops@example.com")
    assert (entry.organization_id, entry.target_id) == (team.organization.pk, str(pending.pk))
    assert (entry.actor_type, entry.actor_user_id, entry.actor_label) == ("user", staff.pk, "ops@example.com")
    assert entry.data == {"email": "p@example.com", "role": pending.role}


def test_admin_revoke_of_api_keys_is_in_the_audit_log_once_per_key(admin_client_logged, team):
    key, _ = services.api_key_create(
        user=team.owner, organization_id=team.organization.pk, name="CI bot", role=Role.EDITOR
    )
    changelist = reverse("admin:organizations_apikey_changelist")

    for _ in range(2):  # revoking a revoked key again records nothing
        response = admin_client_logged.post(changelist, {"action": "revoke", "_selected_action": [key.pk]})
        assert response.status_code == 302

    assert ApiKey.objects.get(pk=key.pk).revoked_at is not None
    [entry] = AuditEntry.objects.filter(action="api_key.revoked")
    assert (entry.organization_id, entry.target_id, entry.actor_label) == (
        team.organization.pk,
        str(key.pk),
        "ops@example.com",
    )
    assert entry.data == {"name": "CI bot", "prefix": key.prefix}


def test_admin_cannot_delete_or_demote_the_last_owner(admin_client_logged, team):
    owner = team.members[Role.OWNER]

    delete = admin_client_logged.post(
        reverse("admin:organizations_organizationmember_delete", args=[owner.pk]), {"post": "yes"}
    )
    change = admin_client_logged.post(
        reverse("admin:organizations_organizationmember_change", args=[owner.pk]),
        {"user": owner.user_id, "organization": team.organization.pk, "role": Role.VIEWER},
    )

    assert delete.status_code == 403 and change.status_code == 403
    owner.refresh_from_db()
    assert owner.role == Role.OWNER


def test_admin_cannot_delete_the_last_workspace_or_add_a_second_default(admin_client_logged, team):
    workspace = Workspace.objects.get(organization=team.organization)

    delete = admin_client_logged.post(
        reverse("admin:organizations_workspace_delete", args=[workspace.pk]), {"post": "yes"}
    )
    add = admin_client_logged.post(
        reverse("admin:organizations_workspace_add"),
        {"organization": team.organization.pk, "name": "Second", "is_default": "on"},
    )

    assert delete.status_code == 403 and add.status_code == 403
    assert list(Workspace.objects.filter(organization=team.organization).values_list("is_default", flat=True)) == [True]


def test_admin_organization_inlines_cannot_remove_members_or_workspaces(admin_client_logged, team):
    response = admin_client_logged.get(reverse("admin:organizations_organization_change", args=[team.organization.pk]))

    inlines = {formset.formset.prefix: formset for formset in response.context["inline_admin_formsets"]}
    for prefix in ("members", "workspaces"):
        formset = inlines[prefix]
        assert not (formset.has_add_permission or formset.has_change_permission or formset.has_delete_permission)


def test_admin_invitation_status_is_read_only(admin_client_logged, team):
    invitation = _invitation(team, "s@example.com")

    response = admin_client_logged.get(reverse("admin:organizations_invitation_change", args=[invitation.pk]))

    assert 'name="status"' not in response.content.decode()
