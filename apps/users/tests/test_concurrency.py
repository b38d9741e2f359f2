"""Real concurrency on PostgreSQL: refresh rotation lets exactly one caller through, registration of
one email (in any case) creates exactly one user. Skipped on SQLite (it serializes writers)."""

from collections import Counter

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from apps.users.models import User
from apps.users.tokens import token_pair_for_user
from tests.support.concurrency import run_concurrently

# serialized_rollback: the flush of a transactional test also removes the plans the migrations loaded.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

N = 20


def _refresh_concurrently(path: str, token: str) -> list:
    def refresh(_: int):
        return APIClient().post(path, {"refresh": token}, format="json")

    return run_concurrently(refresh, N)


def test_refresh_20_concurrent_uses_of_one_token_let_exactly_one_through(make_user):
    user = make_user(email="race@example.com")
    token = token_pair_for_user(user=user)["refresh"]

    responses = _refresh_concurrently("/api/v1/auth/token/refresh/", token)

    assert not [r for r in responses if isinstance(r, Exception)], responses
    statuses = Counter(r.status_code for r in responses)
    print(f"TokenRefreshApi, {N} concurrent refreshes of one token: {dict(statuses)}")
    assert statuses == {200: 1, 401: N - 1}, statuses
    winner = next(r for r in responses if r.status_code == 200).json()
    assert set(winner) == {"access", "refresh"}
    assert all(r.json()["error"]["code"] == "token_not_valid" for r in responses if r.status_code == 401)
    old_jti = RefreshToken(token, verify=False)["jti"]
    assert BlacklistedToken.objects.filter(token__jti=old_jti).count() == 1
    # One new refresh token was issued (plus the original): the losers minted nothing.
    assert OutstandingToken.objects.filter(user=user).count() == 2
    follow_up = APIClient().post("/api/v1/auth/token/refresh/", {"refresh": winner["refresh"]}, format="json")
    assert follow_up.status_code == 200


@pytest.mark.urls("apps.users.tests.urls_stock_refresh")
def test_stock_simplejwt_refresh_view_lets_more_than_one_through(make_user):
    """Why TokenRefreshApi exists: simplejwt's own view checks the blacklist, then get_or_create()s
    the blacklist row, so simultaneous refreshes of one token mostly all succeed."""
    user = make_user(email="stock@example.com")
    measured = []

    for _ in range(3):  # a race: measured up to three times, one double success is proof enough
        token = token_pair_for_user(user=user)["refresh"]
        responses = _refresh_concurrently("/api/test/stock-refresh/", token)
        statuses = Counter(getattr(r, "status_code", type(r).__name__) for r in responses)
        measured.append(dict(statuses))
        if statuses[200] > 1:
            break

    print(f"stock TokenRefreshView, {N} concurrent refreshes of one token: {measured}")
    assert measured[-1].get(200, 0) > 1, measured


def test_register_10_concurrent_same_email_in_different_cases_creates_one_user():
    emails = [f"{'RACE' if i % 2 else 'race'}{'@EXAMPLE.com' if i % 3 else '@example.com'}" for i in range(10)]

    def register(i: int):
        return APIClient().post(
            "/api/v1/auth/register/", {"email": emails[i], "password": "correct-horse-battery-9"}, format="json"
        )

    responses = run_concurrently(register, 10)

    statuses = Counter(getattr(r, "status_code", type(r).__name__) for r in responses)
    assert statuses == {201: 1, 400: 9}, statuses
    assert User.objects.filter(email="race@example.com").count() == 1
    for response in responses:
        if response.status_code == 400:
            assert "email" in response.json()["error"]["details"]
