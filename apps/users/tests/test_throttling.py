"""Login throttles: per client IP and per email, 429 with Retry-After, in the error shape."""

import pytest

from apps.users.tokens import token_pair_for_user

pytestmark = pytest.mark.django_db

LOGIN = "/api/v1/auth/login/"
PASSWORD = "correct-horse-battery-9"


def login(client, email: str, password: str = "wrong-password-123", ip: str = "10.0.0.1"):
    return client.post(LOGIN, {"email": email, "password": password}, format="json", REMOTE_ADDR=ip)


def assert_429(response) -> None:
    assert response.status_code == 429, response.content
    error = response.json()["error"]
    assert error["code"] == "rate_limited"
    retry_after = int(response["Retry-After"])
    assert 1 <= retry_after <= 60
    assert error["details"]["retry_after"] == retry_after


def test_login_throttled_per_ip(api_client, user, settings):
    settings.LOGIN_RATE_PER_IP = "3/minute"
    settings.LOGIN_RATE_PER_EMAIL = "100/minute"

    first = [login(api_client, f"someone{i}@example.com").status_code for i in range(3)]
    blocked = login(api_client, "alice@example.com", PASSWORD)

    assert first == [401, 401, 401]
    assert_429(blocked)
    assert login(api_client, "alice@example.com", PASSWORD, ip="10.0.0.2").status_code == 200


def test_login_throttled_per_email_across_ips_and_letter_case(api_client, user, settings):
    settings.LOGIN_RATE_PER_IP = "100/minute"
    settings.LOGIN_RATE_PER_EMAIL = "2/minute"

    first = [
        login(api_client, "alice@example.com", ip="10.0.1.1"),
        login(api_client, "ALICE@example.com", ip="10.0.1.2"),
    ]
    blocked = login(api_client, "Alice@Example.com", PASSWORD, ip="10.0.1.3")

    assert [r.status_code for r in first] == [401, 401]
    assert_429(blocked)
    assert login(api_client, "bob@example.com", ip="10.0.1.3").status_code == 401  # another email is not blocked


def test_login_throttle_applies_before_checking_the_password(api_client, user, settings):
    settings.LOGIN_RATE_PER_IP = "1/minute"
    assert login(api_client, "alice@example.com", PASSWORD).status_code == 200

    assert_429(login(api_client, "alice@example.com", PASSWORD))


def test_login_throttle_does_not_affect_other_endpoints(api_client, user, settings):
    settings.LOGIN_RATE_PER_IP = "1/minute"
    login(api_client, "alice@example.com")
    assert_429(login(api_client, "alice@example.com"))

    refresh = token_pair_for_user(user=user)["refresh"]
    response = api_client.post(
        "/api/v1/auth/token/refresh/", {"refresh": refresh}, format="json", REMOTE_ADDR="10.0.0.1"
    )

    assert response.status_code == 200


def test_account_register_throttles_per_client_ip_in_the_service(settings):
    from apps.common.exceptions import RateLimited, ValidationFailed
    from apps.organizations.services import account_register
    from apps.users.models import User

    settings.REGISTER_RATE_PER_IP = "1/hour"
    with pytest.raises(ValidationFailed):  # a refused attempt still counts
        account_register(email="weak@example.com", password="x", client_ip="192.0.2.9")

    with pytest.raises(RateLimited):
        account_register(email="next@example.com", password=PASSWORD, client_ip="192.0.2.9")

    assert not User.objects.filter(email="next@example.com").exists()
    assert account_register(email="fixture@example.com", password=PASSWORD).pk  # no client_ip: not a network sign-up


@pytest.mark.django_db
def test_token_refresh_is_rate_limited_per_ip(settings, user):
    """Issue 12 item 12: the anonymous refresh endpoint is bounded like login (429 + Retry-After)."""
    from rest_framework.test import APIClient

    from apps.users.tokens import token_pair_for_user

    settings.TOKEN_REFRESH_RATE_PER_IP = "3/minute"
    client = APIClient()
    refresh = token_pair_for_user(user=user)["refresh"]
    for _ in range(3):
        response = client.post("/api/v1/auth/token/refresh/", {"refresh": refresh}, format="json")
        assert response.status_code == 200, response.content
        refresh = response.json()["refresh"]

    refused = client.post("/api/v1/auth/token/refresh/", {"refresh": refresh}, format="json")

    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited" and int(refused["Retry-After"]) >= 1
    # The refused attempt did not spend the token: it still works once the window allows.
    from django.core.cache import cache

    from apps.common.ratelimit import local_counters_reset

    cache.clear()  # the counters: on Redis,
    local_counters_reset()  # or the process's without it
    assert client.post("/api/v1/auth/token/refresh/", {"refresh": refresh}, format="json").status_code == 200
