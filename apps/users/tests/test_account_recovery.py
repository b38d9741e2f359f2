"""Accounts that can recover (issue 12 item 9): password change, password reset by email, email
verification, and no silent password change through the profile."""

import re

import pytest
from django.core import mail
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from apps.users.account_tokens import email_verification_tokens, password_reset_tokens
from apps.users.models import User
from apps.users.tokens import token_pair_for_user
from tests.support.errors import error_of
from tests.support.users import PASSWORD

pytestmark = pytest.mark.django_db

AUTH = "/api/v1/auth"
CHANGE = f"{AUTH}/password/change/"
RESET = f"{AUTH}/password/reset/"
CONFIRM = f"{AUTH}/password/reset/confirm/"
VERIFY = f"{AUTH}/email/verify/"
RESEND = f"{AUTH}/email/verify/resend/"
PROFILE = f"{AUTH}/profile/"
NEW_PASSWORD = "another-staple-battery-7"


def _bearer(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def _token_in(message, path: str) -> str:
    match = re.search(rf"{re.escape(path)}\?token=(\S+)", message.body)
    assert match, message.body
    return match.group(1)


def _refresh(refresh: str) -> int:
    return APIClient().post(f"{AUTH}/token/refresh/", {"refresh": refresh}, format="json").status_code


def _login(email: str, password: str) -> int:
    return APIClient().post(f"{AUTH}/login/", {"email": email, "password": password}, format="json").status_code


# --------------------------------------------------------------------------- password change


def test_password_change_ends_every_other_session_and_answers_a_fresh_pair(user):
    other_session = token_pair_for_user(user=user)
    this_session = token_pair_for_user(user=user)

    response = _bearer(this_session["access"]).post(
        CHANGE, {"current_password": PASSWORD, "new_password": NEW_PASSWORD}, format="json"
    )

    assert response.status_code == 200, response.content
    fresh = response.json()
    assert set(fresh) == {"access", "refresh"}
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # Every refresh token issued before is blacklisted; access tokens issued before are refused.
    assert OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True).count() == 1  # the fresh one
    assert _refresh(other_session["refresh"]) == 401
    assert _bearer(other_session["access"]).get(PROFILE).status_code in (200, 401)  # same second: see below
    assert _bearer(fresh["access"]).get(PROFILE).status_code == 200
    assert _refresh(fresh["refresh"]) == 200
    assert _login(user.email, PASSWORD) == 401
    assert _login(user.email, NEW_PASSWORD) == 200


def test_password_change_refuses_access_tokens_issued_before_it(user):
    old = token_pair_for_user(user=user)
    User.objects.filter(pk=user.pk).update(password_changed_at=user.date_joined.replace(year=2999))

    assert _bearer(old["access"]).get(PROFILE).status_code == 401
    assert _refresh(old["refresh"]) == 401


def test_password_change_with_wrong_current_password_is_400_and_changes_nothing(auth_client, user, snapshot):
    before = snapshot()

    response = auth_client.post(
        CHANGE, {"current_password": "wrong-password-1", "new_password": NEW_PASSWORD}, format="json"
    )

    assert response.status_code == 400
    assert error_of(response)["code"] == "password_incorrect"
    assert "current_password" in response.json()["error"]["details"]
    assert snapshot() == before
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and user.password_changed_at is None


def test_password_change_runs_the_validators_on_the_new_password(auth_client, user, snapshot):
    before = snapshot()

    response = auth_client.post(CHANGE, {"current_password": PASSWORD, "new_password": "12345678"}, format="json")

    assert response.status_code == 400
    assert error_of(response)["code"] == "validation_error"
    assert "new_password" in response.json()["error"]["details"]
    assert snapshot() == before


def test_password_change_is_throttled_per_user(auth_client, user, settings):
    settings.PASSWORD_CHANGE_RATE_PER_USER = "2/minute"
    body = {"current_password": "wrong-password-1", "new_password": NEW_PASSWORD}
    assert [auth_client.post(CHANGE, body, format="json").status_code for _ in range(2)] == [400, 400]

    response = auth_client.post(CHANGE, {"current_password": PASSWORD, "new_password": NEW_PASSWORD}, format="json")

    assert response.status_code == 429
    assert error_of(response)["code"] == "rate_limited"
    assert "Retry-After" in response.headers
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_needs_authentication(api_client):
    response = api_client.post(CHANGE, {"current_password": PASSWORD, "new_password": NEW_PASSWORD}, format="json")
    assert response.status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"current_password": PASSWORD},
        {"new_password": NEW_PASSWORD},
        {"current_password": 12345678, "new_password": NEW_PASSWORD},
        {"current_password": PASSWORD, "new_password": ["a", "b"]},
        {"current_password": PASSWORD, "new_password": None},
        {"current_password": PASSWORD, "new_password": "x" * 100_000},
        {"current_password": "x" * 100_000, "new_password": NEW_PASSWORD},
        ["not", "an", "object"],
    ],
)
def test_password_change_bad_input_is_400_and_changes_nothing(auth_client, user, snapshot, body):
    before = snapshot()

    response = auth_client.post(CHANGE, body, format="json")

    assert response.status_code == 400
    assert error_of(response)["code"] == "validation_error"
    assert snapshot() == before
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


# --------------------------------------------------------------------------- profile PATCH


@pytest.mark.parametrize("field", ["password", "new_password", "current_password"])
def test_profile_patch_with_a_password_is_refused_pointing_to_the_change_endpoint(auth_client, user, snapshot, field):
    before = snapshot()

    response = auth_client.patch(PROFILE, {"first_name": "Mallory", field: NEW_PASSWORD}, format="json")

    assert response.status_code == 400
    assert error_of(response)["code"] == "password_change_elsewhere"
    assert "/api/v1/auth/password/change/" in response.json()["error"]["message"]
    assert field in response.json()["error"]["details"]
    assert snapshot() == before
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and user.first_name == "Alice"


# --------------------------------------------------------------------------- password reset


def test_password_reset_answers_the_same_whether_the_email_exists_or_not(api_client, user):
    known = api_client.post(RESET, {"email": "ALICE@example.com"}, format="json")
    unknown = api_client.post(RESET, {"email": "nobody@example.com"}, format="json")

    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert [message.to for message in mail.outbox] == [["alice@example.com"]]


def test_password_reset_end_to_end_single_use_and_every_session_ends(api_client, user, settings):
    settings.FRONTEND_URL = "https://app.example.com"
    session = token_pair_for_user(user=user)
    api_client.post(RESET, {"email": "alice@example.com"}, format="json")
    token = _token_in(mail.outbox[-1], "https://app.example.com/reset-password")

    response = api_client.post(CONFIRM, {"token": token, "new_password": NEW_PASSWORD}, format="json")

    assert response.status_code == 204, response.content
    assert not OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True).exists()
    assert _login("alice@example.com", NEW_PASSWORD) == 200
    assert _refresh(session["refresh"]) == 401
    user.refresh_from_db()
    assert user.email_verified_at is not None  # the link proved the mailbox

    reused = api_client.post(CONFIRM, {"token": token, "new_password": "yet-another-pass-55"}, format="json")
    assert reused.status_code == 400
    assert error_of(reused)["code"] == "password_reset_token_invalid"
    assert _login("alice@example.com", NEW_PASSWORD) == 200


def test_password_reset_expired_token_is_400_expired_and_changes_nothing(api_client, user, settings, snapshot):
    token = password_reset_tokens.make(User.objects.get(pk=user.pk))
    settings.PASSWORD_RESET_TIMEOUT = -1  # every token is past its lifetime
    before = snapshot()

    response = api_client.post(CONFIRM, {"token": token, "new_password": NEW_PASSWORD}, format="json")

    assert response.status_code == 400
    assert error_of(response)["code"] == "password_reset_token_expired"
    assert snapshot() == before
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_reset_token_dies_when_the_password_changes_otherwise(api_client, user):
    token = password_reset_tokens.make(User.objects.get(pk=user.pk))
    user.set_password(NEW_PASSWORD)
    user.save()

    response = api_client.post(CONFIRM, {"token": token, "new_password": "yet-another-pass-55"}, format="json")

    assert response.status_code == 400
    assert error_of(response)["code"] == "password_reset_token_invalid"


def test_password_reset_weak_password_keeps_the_token_usable(api_client, user):
    token = password_reset_tokens.make(User.objects.get(pk=user.pk))

    weak = api_client.post(CONFIRM, {"token": token, "new_password": "password"}, format="json")
    good = api_client.post(CONFIRM, {"token": token, "new_password": NEW_PASSWORD}, format="json")

    assert weak.status_code == 400 and error_of(weak)["code"] == "validation_error"
    assert "new_password" in weak.json()["error"]["details"]
    assert good.status_code == 204


def _tampered(user) -> list[str]:
    good = password_reset_tokens.make(User.objects.get(pk=user.pk))
    uid, _, rest = good.partition(".")
    other = User.objects.create_user(email="other@example.com", password=PASSWORD)
    other_uid = password_reset_tokens.make(other).partition(".")[0]
    return [
        good[:-1] + ("a" if good[-1] != "a" else "b"),  # HMAC changed
        f"{other_uid}.{rest}",  # someone else's id with Alice's HMAC
        email_verification_tokens.make(User.objects.get(pk=user.pk)),  # another kind of token
        rest,  # no id
        f"{uid}.zzzzzzzzzzzzzzzzzzzz-abc",  # timestamp overflow
        f"{uid}.",
        "....",
        "garbage",
    ]


def test_password_reset_tampered_tokens_are_400_invalid_and_change_nothing(api_client, user, snapshot):
    for token in _tampered(user):
        before = snapshot()
        response = api_client.post(CONFIRM, {"token": token, "new_password": NEW_PASSWORD}, format="json")
        assert response.status_code == 400, token
        assert error_of(response)["code"] == "password_reset_token_invalid", token
        assert snapshot() == before
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize(
    "url, body",
    [
        (RESET, {}),
        (RESET, {"email": "not-an-email"}),
        (RESET, {"email": 42}),
        (RESET, {"email": ["a@example.com"]}),
        (RESET, {"email": "a" * 100_000 + "@example.com"}),
        (CONFIRM, {}),
        (CONFIRM, {"token": "x" * 100_000, "new_password": NEW_PASSWORD}),
        (CONFIRM, {"token": 12, "new_password": NEW_PASSWORD}),
        (CONFIRM, {"token": "abc.def-ghi", "new_password": None}),
        (CONFIRM, {"token": "abc.def-ghi"}),
        (VERIFY, {}),
        (VERIFY, {"token": {"a": 1}}),
        (VERIFY, {"token": "x" * 100_000}),
    ],
)
def test_account_recovery_bad_input_is_400_and_changes_nothing(api_client, user, snapshot, url, body):
    before = snapshot()

    response = api_client.post(url, body, format="json")

    assert response.status_code == 400
    assert error_of(response)["code"] == "validation_error"
    assert snapshot() == before
    assert mail.outbox == []


def test_password_reset_is_throttled_per_ip(api_client, user, settings):
    settings.PASSWORD_RESET_RATE_PER_IP = "2/hour"
    statuses = [api_client.post(RESET, {"email": f"x{i}@example.com"}, format="json").status_code for i in range(3)]
    assert statuses == [202, 202, 429]


def test_password_reset_is_throttled_per_email_alike_for_known_and_unknown(user, settings):
    settings.PASSWORD_RESET_RATE_PER_EMAIL = "1/hour"
    for email in ("alice@example.com", "nobody@example.com"):
        first = APIClient(REMOTE_ADDR="10.0.0.1").post(RESET, {"email": email}, format="json")
        second = APIClient(REMOTE_ADDR="10.0.0.2").post(RESET, {"email": email.upper()}, format="json")
        assert (first.status_code, second.status_code) == (202, 429)
        assert error_of(second)["code"] == "rate_limited"
    assert len(mail.outbox) == 1


# --------------------------------------------------------------------------- email verification


def test_sign_up_sends_a_verification_email_and_the_link_verifies(api_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            f"{AUTH}/register/", {"email": "new@example.com", "password": PASSWORD}, format="json"
        )
    assert response.status_code == 201
    assert response.json()["user"]["email_verified_at"] is None
    assert [message.to for message in mail.outbox] == [["new@example.com"]]
    token = _token_in(mail.outbox[0], "/verify-email")

    verified = api_client.post(VERIFY, {"token": token}, format="json")

    assert verified.status_code == 200, verified.content
    assert verified.json()["email"] == "new@example.com"
    assert User.objects.get(email="new@example.com").email_verified_at is not None
    profile = _bearer(response.json()["access"]).get(PROFILE).json()
    assert profile["email_verified_at"] is not None  # the auth cache was refreshed

    reused = api_client.post(VERIFY, {"token": token}, format="json")
    assert reused.status_code == 400
    assert error_of(reused)["code"] == "email_verification_token_invalid"


def test_email_verify_expired_and_tampered_tokens(api_client, user, settings, snapshot):
    token = email_verification_tokens.make(User.objects.get(pk=user.pk))
    before = snapshot()
    tampered = api_client.post(VERIFY, {"token": token[:-2] + "zz"}, format="json")
    reset_kind = api_client.post(
        VERIFY, {"token": password_reset_tokens.make(User.objects.get(pk=user.pk))}, format="json"
    )
    settings.EMAIL_VERIFICATION_TIMEOUT = -1
    expired = api_client.post(VERIFY, {"token": token}, format="json")

    assert (tampered.status_code, error_of(tampered)["code"]) == (400, "email_verification_token_invalid")
    assert (reset_kind.status_code, error_of(reset_kind)["code"]) == (400, "email_verification_token_invalid")
    assert (expired.status_code, error_of(expired)["code"]) == (400, "email_verification_token_expired")
    assert snapshot() == before
    assert User.objects.get(pk=user.pk).email_verified_at is None


def test_profile_email_change_resets_verification_and_the_old_link_dies(
    auth_client, user, api_client, django_capture_on_commit_callbacks
):
    old_token = email_verification_tokens.make(User.objects.get(pk=user.pk))
    assert api_client.post(VERIFY, {"token": old_token}, format="json").status_code == 200
    stale_token = email_verification_tokens.make(User.objects.get(pk=user.pk))  # made while verified

    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.patch(PROFILE, {"email": "alice.new@example.com"}, format="json")

    assert response.status_code == 200
    assert response.json()["email_verified_at"] is None
    assert mail.outbox[-1].to == ["alice.new@example.com"]
    assert api_client.post(VERIFY, {"token": stale_token}, format="json").status_code == 400
    new_token = _token_in(mail.outbox[-1], "/verify-email")
    assert api_client.post(VERIFY, {"token": new_token}, format="json").status_code == 200


def test_email_verify_resend_sends_a_link_is_throttled_and_409_once_verified(auth_client, user, settings):
    settings.EMAIL_VERIFICATION_RESEND_RATE = "2/hour"

    statuses = [auth_client.post(RESEND).status_code for _ in range(3)]

    assert statuses == [202, 202, 429]
    assert len(mail.outbox) == 2 and mail.outbox[0].to == ["alice@example.com"]
    token = _token_in(mail.outbox[-1], "/verify-email")
    assert APIClient().post(VERIFY, {"token": token}, format="json").status_code == 200
    again = auth_client.post(RESEND)
    assert again.status_code == 409
    assert error_of(again)["code"] == "email_already_verified"


def test_email_verify_resend_needs_authentication(api_client):
    assert api_client.post(RESEND).status_code == 401
