"""Hostile JSON (parser bombs) is a 400 malformed_request on every JSON endpoint, never a 500.

Issue 12 item 4: a 10 KB body nested 5,000 levels deep answered 500 everywhere (RecursionError in
the decoder), login included, without authentication.
"""

import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from apps.common.parsers import JSON_MAX_DEPTH, MalformedJson, json_loads_strict
from apps.organizations.models import Organization

DEEP_ARRAY = "[" * 5000 + "]" * 5000  # 10 KB
DEEP_OBJECT = '{"a":' * 5000 + "1" + "}" * 5000
JUST_TOO_DEEP = '{"email": ' + "[" * JSON_MAX_DEPTH + "]" * JSON_MAX_DEPTH + "}"
HUGE_INT = '{"email": ' + "1" * 100_000 + ', "password": "x"}'
HUGE_FLOAT = '{"email": 0.' + "1" * 100_000 + "}"
OVERFLOW_FLOAT = '{"email": 1e999}'
NAN = '{"email": NaN}'
BOMBS = {
    "deep_array": DEEP_ARRAY,
    "deep_object": DEEP_OBJECT,
    "just_too_deep": JUST_TOO_DEEP,
    "huge_int": HUGE_INT,
    "huge_float": HUGE_FLOAT,
    "overflow_float": OVERFLOW_FLOAT,
    "nan": NAN,
}
BOMB_IDS = list(BOMBS)


def assert_malformed(response) -> None:
    assert response.status_code == 400, (response.status_code, response.content[:300])
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == "malformed_request"
    assert set(body["error"]) == {"code", "message", "details"}


@pytest.mark.parametrize("bomb", BOMB_IDS)
def test_json_loads_strict_refuses_parser_bombs(bomb):
    with pytest.raises(MalformedJson):
        json_loads_strict(BOMBS[bomb])


def test_json_loads_strict_accepts_ordinary_json_at_the_depth_limit():
    nested = "[" * (JSON_MAX_DEPTH - 1) + "]" * (JSON_MAX_DEPTH - 1)
    assert json_loads_strict('{"a": ' + nested + ', "n": 12345, "f": 1.5e10}')["n"] == 12345


@pytest.mark.django_db
@pytest.mark.parametrize("bomb", BOMB_IDS)
@pytest.mark.parametrize("path", ["/api/v1/auth/login/", "/api/v1/auth/register/", "/api/v1/auth/token/refresh/"])
def test_anonymous_auth_endpoints_answer_parser_bombs_with_400(bomb, path):
    users_before = get_user_model().objects.count()

    response = APIClient().post(path, data=BOMBS[bomb], content_type="application/json")

    assert_malformed(response)
    assert get_user_model().objects.count() == users_before


@pytest.mark.django_db
@pytest.mark.parametrize("bomb", BOMB_IDS)
def test_organization_create_answers_parser_bombs_with_400(bomb, auth_client):
    before = Organization.objects.count()

    response = auth_client.post("/api/v1/organizations/", data=BOMBS[bomb], content_type="application/json")

    assert_malformed(response)
    assert Organization.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("bomb", ["deep_array", "huge_int"])
def test_streaming_generate_answers_parser_bombs_with_json_400(bomb, auth_client):
    response = auth_client.post(
        "/api/v1/content/generate/",
        data=BOMBS[bomb],
        content_type="application/json",
        HTTP_ACCEPT="text/event-stream",
    )

    assert_malformed(response)
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.django_db
@pytest.mark.parametrize("bomb", ["deep_array", "deep_object", "huge_int"])
def test_scheduler_callback_answers_parser_bombs_with_400(bomb, settings):
    settings.SCHEDULER_SERVICE_TOKEN = "scheduler-token-0123456789"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer scheduler-token-0123456789")

    response = client.post("/api/v1/scheduling/callback/", data=BOMBS[bomb], content_type="application/json")

    assert_malformed(response)


def _body_routes(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        full = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _body_routes(entry, full)
        elif isinstance(entry, URLPattern) and full.startswith("api/v1/"):
            view = getattr(entry.callback, "view_class", None) or getattr(entry.callback, "cls", None)
            for method in ("post", "put", "patch"):
                if view is not None and hasattr(view, method):
                    yield full, method


@pytest.mark.django_db
def test_every_json_route_answers_a_deep_body_without_a_server_error(auth_client):
    """Route walk: every POST/PUT/PATCH under /api/v1/, authenticated, gets the bombs. Path ids do
    not exist, so a view may answer 404 before it reads the body (and an unconfigured Stripe 503);
    never a 500, always the error shape, and a 400 is always malformed_request."""
    checked = 0
    for full, method in _body_routes(get_resolver()):
        path = "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: "1" if m.group(1) == "int" else str(uuid.uuid4()), full)
        for bomb in ("deep_array", "huge_int"):
            response = getattr(auth_client, method)(path, data=BOMBS[bomb], content_type="application/json")
            assert response.status_code != 500, (method, path, response.content[:300])
            assert set(response.json()["error"]) == {"code", "message", "details"}, (method, path)
            if response.status_code == 400:
                assert response.json()["error"]["code"] == "malformed_request", (method, path, response.content)
            checked += 1
    assert checked > 20


# --------------------------------------------------------------------------- request URL (item 13)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/auth/profile/?q=", "/api/v1/" + "a" * 5000, "/health/live?x="])
def test_a_url_longer_than_the_documented_limit_is_414_in_the_error_shape(path, auth_client):
    from apps.common.request_limits import MAX_REQUEST_TARGET

    response = auth_client.get(path + "x" * MAX_REQUEST_TARGET)

    assert response.status_code == 414
    error = response.json()["error"]
    assert error["code"] == "uri_too_long" and error["details"] == {"max_length": MAX_REQUEST_TARGET}
    assert response["X-Request-ID"]


@pytest.mark.django_db
def test_a_url_at_the_documented_limit_is_served(auth_client):
    from apps.common.request_limits import MAX_REQUEST_TARGET

    path = "/api/v1/auth/profile/"
    response = auth_client.get(path + "?q=" + "x" * (MAX_REQUEST_TARGET - len(path) - 3))

    assert response.status_code == 200, response.content


# --------------------------------------------------------------------------- logging (item 12)


@pytest.mark.django_db
def test_expected_upstream_failures_are_logged_at_warning_not_error(auth_client, caplog, settings):
    """A 503 billing_not_configured (an upstream not set up) is expected: WARNING, never ERROR."""
    import logging

    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""
    with caplog.at_level(logging.INFO):
        response = APIClient().post("/api/v1/subscriptions/webhook/", data=b"{}", content_type="application/json")

    assert response.status_code == 503
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [r.getMessage() for r in caplog.records]
    assert [r for r in caplog.records if r.levelno == logging.WARNING and "upstream failure" in r.getMessage()]
