"""Auth endpoints: register, login, token refresh, logout, profile — happy paths and bad input."""

import json
import uuid

import pytest
from django.urls import reverse
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from apps.organizations.models import OrganizationMember, Workspace
from apps.users.models import User
from apps.users.tokens import token_pair_for_user
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-9"
REGISTER, LOGIN, REFRESH, LOGOUT, PROFILE = (
    "/api/v1/auth/register/",
    "/api/v1/auth/login/",
    "/api/v1/auth/token/refresh/",
    "/api/v1/auth/logout/",
    "/api/v1/auth/profile/",
)
TEN_MB = 10 * 1024 * 1024


def error_of(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"}
    if code:
        assert error["code"] == code
    return error


def is_blacklisted(raw_refresh: str) -> bool:
    return BlacklistedToken.objects.filter(token__jti=RefreshToken(raw_refresh, verify=False)["jti"]).exists()


# --- register -------------------------------------------------------------------------------


def test_register_returns_user_and_token_pair_and_creates_personal_org(api_client):
    response = api_client.post(
        REGISTER, {"email": "Bob@Example.com", "password": PASSWORD, "first_name": "Bob"}, format="json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"user", "access", "refresh"}
    assert body["user"]["email"] == "bob@example.com"
    assert body["user"]["first_name"] == "Bob"
    assert uuid.UUID(body["user"]["id"])
    assert "password" not in body["user"]
    member = OrganizationMember.objects.get(user__email="bob@example.com")
    assert member.role == "owner"
    assert member.organization.subscription.plan.slug == "free"
    assert Workspace.objects.filter(organization=member.organization, is_default=True).count() == 1
    assert User.objects.get(email="bob@example.com").check_password(PASSWORD)


def test_register_tokens_work_for_profile_and_refresh(api_client):
    body = api_client.post(REGISTER, {"email": "carol@example.com", "password": PASSWORD}, format="json").json()

    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access']}")
    assert api_client.get(PROFILE).json()["email"] == "carol@example.com"
    api_client.credentials()
    assert api_client.post(REFRESH, {"refresh": body["refresh"]}, format="json").status_code == 200


def test_register_rejects_email_differing_only_in_case(api_client, user, snapshot):
    before = snapshot()
    response = api_client.post(REGISTER, {"email": "ALICE@example.com", "password": PASSWORD}, format="json")

    error = error_of(response, 400, "validation_error")
    assert "email" in error["details"]
    assert snapshot() == before


def test_register_ignores_unknown_fields(api_client):
    forged_id = str(uuid.uuid4())
    payload = {
        "email": "dave@example.com",
        "password": PASSWORD,
        "is_staff": True,
        "is_superuser": True,
        "is_active": False,
        "id": forged_id,
        "favourite_colour": "green",
    }

    response = api_client.post(REGISTER, payload, format="json")

    assert response.status_code == 201, response.content
    user = User.objects.get(email="dave@example.com")
    assert (user.is_staff, user.is_superuser, user.is_active) == (False, False, True)
    assert str(user.id) != forged_id


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({}, {"email", "password"}),
        ({"email": "x@example.com"}, {"password"}),
        ({"password": PASSWORD}, {"email"}),
        ({"email": 123, "password": PASSWORD}, {"email"}),
        ({"email": "x@example.com", "password": []}, {"password"}),
        ({"email": "x@example.com", "password": {"a": 1}}, {"password"}),
        ({"email": None, "password": None}, {"email", "password"}),
        ({"email": ["x@example.com"], "password": PASSWORD}, {"email"}),
        ({"email": "x@example.com", "password": PASSWORD, "first_name": ["x"]}, {"first_name"}),
        ({"email": "x@example.com", "password": PASSWORD, "first_name": "x" * 151}, {"first_name"}),
        ({"email": "x@example.com", "password": "p" * 129}, {"password"}),
        ({"email": "", "password": PASSWORD}, {"email"}),
        ({"email": "x@example.com", "password": ""}, {"password"}),
    ],
)
def test_register_rejects_missing_fields_and_wrong_types(api_client, snapshot, payload, fields):
    before = snapshot()
    response = api_client.post(REGISTER, payload, format="json")

    error = error_of(response, 400, "validation_error")
    assert set(error["details"]) == fields
    assert snapshot() == before


@pytest.mark.parametrize("body", ["[]", '"a string"', "42", "null", '[{"email": "x@example.com"}]'])
def test_register_rejects_json_that_is_not_an_object(api_client, snapshot, body):
    before = snapshot()
    response = api_client.post(REGISTER, data=body, content_type="application/json")

    error = error_of(response, 400, "validation_error")
    assert "non_field_errors" in error["details"]
    assert snapshot() == before


@pytest.mark.parametrize(
    "email",
    ["plainaddress", "no-at-sign.example.com", "a@", "@example.com", "a b@example.com", "a@b@example.com", "a@-x-.c"],
)
def test_register_rejects_invalid_emails(api_client, snapshot, email):
    before = snapshot()
    response = api_client.post(REGISTER, {"email": email, "password": PASSWORD}, format="json")

    error = error_of(response, 400, "validation_error")
    assert set(error["details"]) == {"email"}
    assert snapshot() == before


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("Sh0rt!", "too short"),
        ("password123", "too common"),
        ("83749273648291", "entirely numeric"),
        ("erin.walker@example.com", "too similar"),
    ],
)
def test_register_rejects_passwords_failing_django_validators(api_client, snapshot, password, fragment):
    before = snapshot()
    response = api_client.post(REGISTER, {"email": "erin.walker@example.com", "password": password}, format="json")

    error = error_of(response, 400, "validation_error")
    assert set(error["details"]) == {"password"}
    assert any(fragment in message for message in error["details"]["password"])
    assert snapshot() == before


# --- every auth endpoint: body too large, not JSON, malformed JSON ---------------------------

ENDPOINTS = [("post", REGISTER), ("post", LOGIN), ("post", REFRESH), ("post", LOGOUT), ("patch", PROFILE)]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_auth_endpoints_refuse_a_10mb_body_with_413(user, snapshot, method, path):
    client = client_for(user)
    body = json.dumps({"email": "big@example.com", "password": PASSWORD, "refresh": "x" * TEN_MB})

    before = snapshot()
    response = getattr(client, method)(path, data=body, content_type="application/json")

    error_of(response, 413, "payload_too_large")
    assert snapshot() == before


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=xyz"],
)
def test_auth_endpoints_refuse_non_json_with_415(user, snapshot, method, path, content_type):
    client = client_for(user)

    before = snapshot()
    response = getattr(client, method)(path, data="email=a%40example.com&password=x", content_type=content_type)

    error_of(response, 415, "unsupported_media_type")
    assert snapshot() == before


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
@pytest.mark.parametrize("body", ['{"email": ', "{'email': 'a@example.com'}", '{"email": "a@example.com",}', "\x00"])
def test_auth_endpoints_refuse_malformed_json_with_400(user, snapshot, method, path, body):
    client = client_for(user)

    before = snapshot()
    response = getattr(client, method)(path, data=body, content_type="application/json")

    error_of(response, 400, "malformed_request")
    assert snapshot() == before


# --- login ----------------------------------------------------------------------------------


def test_login_then_profile_roundtrip(api_client, user):
    login = api_client.post(reverse("users:login"), {"email": "alice@EXAMPLE.com", "password": PASSWORD}, format="json")
    assert login.status_code == 200, login.content
    assert set(login.json()) == {"access", "refresh"}

    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {login.json()['access']}")
    profile = api_client.get(PROFILE)

    assert profile.status_code == 200
    assert profile.json()["email"] == "alice@example.com"


@pytest.mark.parametrize(
    "credentials",
    [
        {"email": "alice@example.com", "password": "wrong-password-123"},
        {"email": "nobody@example.com", "password": PASSWORD},
    ],
    ids=["wrong_password", "unknown_email"],
)
def test_login_rejects_wrong_credentials_with_the_same_401(api_client, user, snapshot, credentials):
    before = snapshot()
    response = api_client.post(LOGIN, credentials, format="json")

    error = error_of(response, 401, "invalid_credentials")
    assert error["message"] == "No active account found with the given email and password."
    assert snapshot() == before


def test_login_refuses_inactive_user(api_client, user):
    User.objects.filter(pk=user.pk).update(is_active=False)

    response = api_client.post(LOGIN, {"email": "alice@example.com", "password": PASSWORD}, format="json")

    error_of(response, 401, "invalid_credentials")


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({}, {"email", "password"}),
        ({"email": 123, "password": PASSWORD}, {"email"}),
        ({"email": "alice@example.com", "password": []}, {"password"}),
        ({"email": "not-an-email", "password": PASSWORD}, {"email"}),
    ],
)
def test_login_rejects_bad_input_with_400(api_client, user, snapshot, payload, fields):
    before = snapshot()
    response = api_client.post(LOGIN, payload, format="json")

    assert set(error_of(response, 400, "validation_error")["details"]) == fields
    assert snapshot() == before


def test_login_ignores_unknown_fields(api_client, user):
    payload = {"email": "alice@example.com", "password": PASSWORD, "remember_me": True}

    assert api_client.post(LOGIN, payload, format="json").status_code == 200


# --- refresh --------------------------------------------------------------------------------


def test_refresh_rotates_and_blacklists_the_old_token(api_client, user):
    old = token_pair_for_user(user=user)["refresh"]

    response = api_client.post(REFRESH, {"refresh": old}, format="json")

    assert response.status_code == 200, response.content
    new = response.json()
    assert set(new) == {"access", "refresh"}
    assert new["refresh"] != old
    assert is_blacklisted(old)
    assert not is_blacklisted(new["refresh"])
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {new['access']}")
    assert api_client.get(PROFILE).status_code == 200


def test_refresh_reusing_a_rotated_token_is_401(api_client, user):
    old = token_pair_for_user(user=user)["refresh"]
    first = api_client.post(REFRESH, {"refresh": old}, format="json")
    assert first.status_code == 200

    reuse = api_client.post(REFRESH, {"refresh": old}, format="json")

    error_of(reuse, 401, "token_not_valid")
    again = api_client.post(REFRESH, {"refresh": first.json()["refresh"]}, format="json")
    assert again.status_code == 200


def test_refresh_refuses_an_access_token(api_client, user):
    access = token_pair_for_user(user=user)["access"]

    error_of(api_client.post(REFRESH, {"refresh": access}, format="json"), 401, "token_not_valid")


@pytest.mark.parametrize("token", ["garbage", "a.b.c", "x" * 2048])
def test_refresh_refuses_garbage_with_401(api_client, snapshot, token):
    before = snapshot()
    error_of(api_client.post(REFRESH, {"refresh": token}, format="json"), 401, "token_not_valid")
    assert snapshot() == before


def test_refresh_refuses_a_deactivated_user(api_client, user):
    refresh = token_pair_for_user(user=user)["refresh"]
    User.objects.filter(pk=user.pk).update(is_active=False)

    error_of(api_client.post(REFRESH, {"refresh": refresh}, format="json"), 401, "token_not_valid")
    assert not is_blacklisted(refresh)


@pytest.mark.parametrize(
    "payload", [{}, {"refresh": True}, {"refresh": ["a"]}, {"refresh": {"a": 1}}, {"refresh": None}]
)
def test_refresh_rejects_bad_input(api_client, snapshot, payload):
    before = snapshot()

    response = api_client.post(REFRESH, payload, format="json")

    assert set(error_of(response, 400, "validation_error")["details"]) == {"refresh"}
    assert snapshot() == before


# --- logout ---------------------------------------------------------------------------------


def test_logout_blacklists_the_callers_refresh_token(user):
    refresh = token_pair_for_user(user=user)["refresh"]
    client = client_for(user)

    response = client.post(LOGOUT, {"refresh": refresh}, format="json")

    assert response.status_code == 204
    assert response.content == b""
    assert is_blacklisted(refresh)
    client.credentials()
    error_of(client.post(REFRESH, {"refresh": refresh}, format="json"), 401, "token_not_valid")


def test_logout_refuses_another_users_refresh_token_and_leaves_it_valid(user, make_user, api_client):
    mallory = make_user(email="mallory@example.com")
    alices_refresh = token_pair_for_user(user=user)["refresh"]

    response = client_for(mallory).post(LOGOUT, {"refresh": alices_refresh}, format="json")

    error_of(response, 403, "permission_denied")
    assert not is_blacklisted(alices_refresh)
    assert api_client.post(REFRESH, {"refresh": alices_refresh}, format="json").status_code == 200


def test_logout_requires_authentication(api_client, user, snapshot):
    refresh = token_pair_for_user(user=user)["refresh"]
    before = snapshot()

    error_of(api_client.post(LOGOUT, {"refresh": refresh}, format="json"), 401, "not_authenticated")

    assert snapshot() == before
    assert not is_blacklisted(refresh)


def test_logout_refuses_an_access_token_as_refresh(user, snapshot):
    access = token_pair_for_user(user=user)["access"]
    client = client_for(user)
    before = snapshot()

    error_of(client.post(LOGOUT, {"refresh": access}, format="json"), 401, "token_not_valid")
    assert snapshot() == before


@pytest.mark.parametrize("payload", [{}, {"refresh": []}, {"refresh": None}])
def test_logout_rejects_bad_input(user, snapshot, payload):
    client = client_for(user)

    before = snapshot()
    error_of(client.post(LOGOUT, payload, format="json"), 400, "validation_error")
    assert snapshot() == before


# --- profile --------------------------------------------------------------------------------


def test_profile_get_returns_the_user(auth_client, user):
    body = auth_client.get(PROFILE).json()

    assert body == {
        "id": str(user.id),
        "email": "alice@example.com",
        "first_name": "Alice",
        "last_name": "",
        "date_joined": body["date_joined"],
        "email_verified_at": None,
    }
    assert body["date_joined"].endswith("Z") or "+00:00" in body["date_joined"]


def test_profile_patch_updates_names_and_ignores_unknown_fields(auth_client, user):
    response = auth_client.patch(PROFILE, {"last_name": "Smith", "is_staff": True, "id": "x"}, format="json")

    assert response.status_code == 200, response.content
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.is_staff) == ("Alice", "Smith", False)


def test_profile_patch_changes_email_normalized(auth_client, user, api_client):
    response = auth_client.patch(PROFILE, {"email": "Alice.New@Example.COM"}, format="json")

    assert response.json()["email"] == "alice.new@example.com"
    login = api_client.post(LOGIN, {"email": "alice.new@example.com", "password": PASSWORD}, format="json")
    assert login.status_code == 200


def test_profile_patch_refuses_an_email_taken_case_insensitively(auth_client, user, make_user, snapshot):
    make_user(email="bob@example.com")
    before = snapshot()

    response = auth_client.patch(PROFILE, {"email": "BOB@example.com"}, format="json")

    assert "email" in error_of(response, 400, "validation_error")["details"]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("payload", "fields"),
    [({"email": "nope"}, {"email"}), ({"email": 5}, {"email"}), ({"first_name": ["x"]}, {"first_name"})],
)
def test_profile_patch_rejects_bad_input(auth_client, user, snapshot, payload, fields):
    before = snapshot()
    response = auth_client.patch(PROFILE, payload, format="json")

    assert set(error_of(response, 400, "validation_error")["details"]) == fields
    assert snapshot() == before


def test_profile_email_change_reaches_tokens_on_the_next_refresh(auth_client, user, api_client):
    refresh = token_pair_for_user(user=user)["refresh"]
    auth_client.patch(PROFILE, {"email": "alice.renamed@example.com"}, format="json")

    pair = api_client.post(REFRESH, {"refresh": refresh}, format="json").json()

    assert RefreshToken(pair["refresh"]).access_token["email"] == "alice.renamed@example.com"
    assert AccessToken(pair["access"])["email"] == "alice.renamed@example.com"
