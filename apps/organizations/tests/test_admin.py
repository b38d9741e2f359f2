"""The admin pages of organizations, members, workspaces and invitations work for the ops team."""

import pytest
from django.urls import reverse

from apps.organizations.models import Invitation, Role
from apps.users.models import User

pytestmark = pytest.mark.django_db


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
