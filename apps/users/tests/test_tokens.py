"""Tokens: HS256 with JWT_SECRET_KEY, lifetimes from the environment, the claims a Node.js service
verifies, and every way a bad access token is refused (401 in the error shape)."""

import base64
import json
import os
import shutil
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest
from django.conf import settings
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from apps.users.models import User
from apps.users.tokens import token_pair_for_user
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db

PROFILE = "/api/v1/auth/profile/"
ROOT = Path(settings.BASE_DIR)
JWT_NODE = ROOT / "scripts" / "jwt-node"


def decode(token: str, key: str | None = None) -> dict:
    return jwt.decode(token, key or settings.JWT_SECRET_KEY, algorithms=["HS256"])


def profile_with(header: str):
    client = APIClient()
    return client.get(PROFILE, HTTP_AUTHORIZATION=header)


def assert_401(response, code: str) -> None:
    assert response.status_code == 401, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == code
    assert set(error) == {"code", "message", "details"}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_access_token_claims_are_exactly_the_documented_ones(user):
    access = token_pair_for_user(user=user)["access"]

    claims = decode(access)

    assert jwt.get_unverified_header(access) == {"alg": "HS256", "typ": "JWT"}
    assert set(claims) == {"token_type", "exp", "iat", "jti", "user_id", "email"}
    assert claims["token_type"] == "access"
    assert claims["user_id"] == str(user.id) and isinstance(claims["user_id"], str)
    assert claims["email"] == "alice@example.com"
    assert uuid.UUID(claims["jti"])
    assert claims["exp"] - claims["iat"] == 15 * 60


def test_refresh_token_lifetime_is_seven_days_by_default(user):
    claims = decode(token_pair_for_user(user=user)["refresh"])

    assert claims["token_type"] == "refresh"
    assert claims["exp"] - claims["iat"] == 10080 * 60


def test_tokens_are_signed_with_jwt_secret_key_not_secret_key(user):
    access = token_pair_for_user(user=user)["access"]

    assert settings.JWT_SECRET_KEY != settings.SECRET_KEY
    assert decode(access, settings.JWT_SECRET_KEY)["user_id"] == str(user.id)
    with pytest.raises(jwt.InvalidSignatureError):
        decode(access, settings.SECRET_KEY)


def test_signing_key_and_lifetimes_come_from_the_environment():
    code = (
        "import django, json; django.setup();"
        "from django.conf import settings;"
        "from rest_framework_simplejwt.tokens import AccessToken, RefreshToken;"
        "print(json.dumps([settings.SIMPLE_JWT['SIGNING_KEY'], settings.SIMPLE_JWT['ALGORITHM'],"
        " AccessToken.lifetime.total_seconds(), RefreshToken.lifetime.total_seconds()]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.development",
        "JWT_SECRET_KEY": "k" * 20 + "-from-the-environment-0123456789",
        "JWT_ACCESS_TOKEN_LIFETIME": "7",
        "JWT_REFRESH_TOKEN_LIFETIME": "60",
    }

    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)

    assert json.loads(result.stdout.strip().splitlines()[-1]) == [env["JWT_SECRET_KEY"], "HS256", 7 * 60, 60 * 60]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed (CI installs it)")
@pytest.mark.skipif(
    not (JWT_NODE / "node_modules" / "jsonwebtoken").is_dir(),
    reason="scripts/jwt-node/node_modules missing: run `npm ci --prefix scripts/jwt-node` (.ci/run does)",
)
def test_nodejs_jsonwebtoken_verifies_our_access_token(user):
    access = token_pair_for_user(user=user)["access"]
    env = {**os.environ, "JWT_SECRET_KEY": settings.JWT_SECRET_KEY}

    accepted = subprocess.run(["node", "verify.js", access], cwd=JWT_NODE, env=env, capture_output=True, text=True)
    refused = subprocess.run(
        ["node", "verify.js", access],
        cwd=JWT_NODE,
        env={**env, "JWT_SECRET_KEY": "another-secret-" * 3},
        text=True,
        capture_output=True,
    )

    assert accepted.returncode == 0, accepted.stderr
    claims = json.loads(accepted.stdout)
    assert claims == decode(access)
    assert claims["user_id"] == str(user.id) and claims["email"] == user.email
    assert refused.returncode == 1 and "invalid signature" in refused.stderr


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed (CI installs it)")
@pytest.mark.skipif(
    not (JWT_NODE / "node_modules" / "jsonwebtoken").is_dir(),
    reason="scripts/jwt-node/node_modules missing: run `npm ci --prefix scripts/jwt-node` (.ci/run does)",
)
@pytest.mark.parametrize("token_type", ["refresh", None, "Access"])
def test_nodejs_jsonwebtoken_refuses_a_refresh_token(user, token_type):
    """Issue 12 item 10: same key, same user_id, 7 days: only token_type tells a refresh token apart."""
    if token_type == "refresh":
        token = token_pair_for_user(user=user)["refresh"]
    else:
        claims = _valid_claims(user)
        claims.pop("token_type") if token_type is None else claims.update(token_type=token_type)
        token = _forge(claims)
    env = {**os.environ, "JWT_SECRET_KEY": settings.JWT_SECRET_KEY}

    refused = subprocess.run(["node", "verify.js", token], cwd=JWT_NODE, env=env, capture_output=True, text=True)

    assert refused.returncode == 1, refused.stdout
    assert refused.stdout == ""
    assert "InvalidTokenType" in refused.stderr


# --- refused access tokens ------------------------------------------------------------------


def _forge(claims: dict, key: str | None = None, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, key or settings.JWT_SECRET_KEY, algorithm=algorithm)


def _valid_claims(user: User, **overrides) -> dict:
    now = datetime.now(tz=UTC)
    claims = {
        "token_type": "access",
        "exp": int((now + timedelta(minutes=5)).timestamp()),
        "iat": int(now.timestamp()),
        "jti": uuid.uuid4().hex,
        "user_id": str(user.id),
        "email": user.email,
    }
    claims.update(overrides)
    return claims


def test_a_forged_token_with_valid_claims_is_accepted(user):
    """Control for the tests below: the forging helper produces tokens the API accepts."""
    assert profile_with(f"Bearer {_forge(_valid_claims(user))}").status_code == 200


def test_tampered_signature_is_401(user):
    header, payload, signature = token_pair_for_user(user=user)["access"].split(".")
    flipped = signature[:10] + ("A" if signature[10] != "A" else "B") + signature[11:]

    assert_401(profile_with(f"Bearer {header}.{payload}.{flipped}"), "token_not_valid")


def test_tampered_payload_is_401(user, make_user):
    other = make_user(email="other@example.com")
    header, payload, signature = token_pair_for_user(user=user)["access"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["user_id"] = str(other.id)
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()

    assert_401(profile_with(f"Bearer {header}.{forged}.{signature}"), "token_not_valid")


def test_expired_token_is_401(user):
    past = datetime.now(tz=UTC) - timedelta(hours=1)
    claims = _valid_claims(user, iat=int(past.timestamp()), exp=int((past + timedelta(minutes=15)).timestamp()))

    assert_401(profile_with(f"Bearer {_forge(claims)}"), "token_not_valid")


def test_refresh_token_used_as_access_is_401(user):
    assert_401(profile_with(f"Bearer {token_pair_for_user(user=user)['refresh']}"), "token_not_valid")


def test_token_signed_with_another_key_is_401(user):
    assert_401(profile_with(f"Bearer {_forge(_valid_claims(user), key=settings.SECRET_KEY)}"), "token_not_valid")


def test_unsigned_alg_none_token_is_401(user):
    unsigned = jwt.encode(_valid_claims(user), key=None, algorithm="none")

    assert_401(profile_with(f"Bearer {unsigned}"), "token_not_valid")


def test_token_of_unknown_user_is_401(user):
    assert_401(
        profile_with(f"Bearer {_forge(_valid_claims(user, user_id=str(uuid.uuid4())))}"), "authentication_failed"
    )


@pytest.mark.parametrize("header", ["Bearer garbage", "Bearer a.b.c", "Bearer " + "x" * 500, "Bearer \u00e9\u00e9"])
def test_garbage_token_is_401(user, header):
    assert_401(profile_with(header), "token_not_valid")


@pytest.mark.parametrize("header", ["Bearer", "Bearer ", "Bearer a b"])
def test_malformed_bearer_header_is_401(header):
    assert_401(profile_with(header), "authentication_failed")


@pytest.mark.parametrize("header", ["", "Token abc", "Basic YWxpY2U6cGFzcw=="])
def test_missing_or_other_scheme_is_401_not_authenticated(header):
    assert_401(profile_with(header), "not_authenticated")


def test_deactivated_user_is_refused_on_the_next_request(user):
    client = client_for(user)
    assert client.get(PROFILE).status_code == 200

    User.objects.filter(pk=user.pk).update(is_active=False)

    assert_401(client.get(PROFILE), "authentication_failed")


def test_deleted_user_is_refused_on_the_next_request(user):
    client = client_for(user)
    assert client.get(PROFILE).status_code == 200

    User.objects.filter(pk=user.pk).delete()

    assert_401(client.get(PROFILE), "authentication_failed")


@pytest.mark.parametrize("user_id", ["not-a-uuid", 12345, None])
def test_signed_token_with_a_malformed_user_id_is_401_not_500(user, user_id):
    token = _forge(_valid_claims(user, user_id=user_id))

    assert_401(profile_with(f"Bearer {token}"), "authentication_failed")


@pytest.mark.parametrize("user_id", ["not-a-uuid", 12345, None])
def test_signed_refresh_token_with_a_malformed_user_id_is_401_not_500(user, user_id):
    refresh = RefreshToken.for_user(user)
    refresh["user_id"] = user_id

    response = APIClient().post("/api/v1/auth/token/refresh/", {"refresh": str(refresh)}, format="json")

    assert response.status_code == 401, response.content
    assert response.json()["error"]["code"] == "token_not_valid"
