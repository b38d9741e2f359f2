"""Auth endpoints: register, login, refresh, logout, profile."""

import pytest
from django.urls import reverse

from apps.organizations.models import OrganizationMember, Workspace
from apps.users.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-9"


def test_register_returns_user_and_token_pair_and_creates_personal_org(api_client):
    response = api_client.post(
        "/api/v1/auth/register/", {"email": "Bob@Example.com", "password": PASSWORD, "first_name": "Bob"}, format="json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["user"]["email"] == "bob@example.com"
    assert body["access"] and body["refresh"]
    member = OrganizationMember.objects.get(user__email="bob@example.com")
    assert member.role == "owner"
    assert member.organization.subscription.plan.slug == "free"
    assert Workspace.objects.filter(organization=member.organization, is_default=True).count() == 1


def test_register_rejects_email_differing_only_in_case(api_client, user):
    response = api_client.post(
        "/api/v1/auth/register/", {"email": "ALICE@example.com", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"
    assert "email" in response.json()["error"]["details"]
    assert User.objects.count() == 1


def test_login_then_profile_roundtrip(api_client, user):
    login = api_client.post(reverse("users:login"), {"email": "alice@EXAMPLE.com", "password": PASSWORD}, format="json")
    assert login.status_code == 200, login.content

    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {login.json()['access']}")
    profile = api_client.get("/api/v1/auth/profile/")

    assert profile.status_code == 200
    assert profile.json()["email"] == "alice@example.com"


def test_unknown_api_path_answers_json_404(api_client):
    response = api_client.get("/api/v1/nope/")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
