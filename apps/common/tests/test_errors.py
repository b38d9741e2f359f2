"""The one error shape under /api/, with DEBUG off and on, for DRF's errors and Django's own."""

import json
import logging

import pytest
from rest_framework.test import APIClient

from apps.users.models import User
from tests.support.clients import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.urls("apps.common.tests.urls")]

TEN_MB = 10 * 1024 * 1024


@pytest.fixture(params=[False, True], ids=["debug_off", "debug_on"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def assert_error_shape(response, status: int, code: str) -> dict:
    """The response is JSON in the one shape, with no HTML and no trace."""
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    raw = response.content.decode()
    assert "<html" not in raw.lower() and "traceback" not in raw.lower()
    body = json.loads(raw)
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["details"], dict)
    return body["error"]


def test_error_shape_validation_error_has_field_details(debug, api_client):
    response = api_client.post("/api/v1/auth/register/", {"email": "not-an-email"}, format="json")

    error = assert_error_shape(response, 400, "validation_error")
    assert "email" in error["details"] and "password" in error["details"]


def test_error_shape_malformed_json(debug, api_client):
    response = api_client.post("/api/v1/auth/login/", data='{"email": ', content_type="application/json")

    assert_error_shape(response, 400, "malformed_request")


def test_error_shape_wrong_content_type(debug, api_client):
    response = api_client.post("/api/v1/auth/login/", data="email=a@b.co&password=x", content_type="text/plain")

    assert_error_shape(response, 415, "unsupported_media_type")


def test_error_shape_form_body_is_refused(debug, api_client):
    response = api_client.post("/api/v1/auth/login/", {"email": "a@b.co", "password": "x"}, format="multipart")

    assert_error_shape(response, 415, "unsupported_media_type")


def test_error_shape_unauthenticated(debug, api_client):
    response = api_client.get("/api/v1/auth/profile/")

    assert_error_shape(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_error_shape_permission_denied(debug, user):
    response = client_for(user).get("/api/test/admin-only/")

    assert_error_shape(response, 403, "permission_denied")


@pytest.mark.parametrize("path", ["/api/v1/nope/", "/api/", "/api/v1/auth/", "/api/v1/auth/profile/extra/"])
def test_error_shape_unknown_path(debug, api_client, path):
    response = api_client.get(path)

    assert_error_shape(response, 404, "not_found")


@pytest.mark.parametrize(("method", "path"), [("put", "/api/v1/auth/register/"), ("get", "/api/v1/auth/login/")])
def test_error_shape_method_not_allowed(debug, api_client, method, path):
    response = getattr(api_client, method)(path)

    assert_error_shape(response, 405, "method_not_allowed")
    assert "Allow" in response


def test_error_shape_throttled_has_retry_after(debug, api_client):
    response = api_client.get("/api/test/throttled/")

    error = assert_error_shape(response, 429, "rate_limited")
    assert response["Retry-After"] == "42"
    assert error["details"]["retry_after"] == 42


@pytest.mark.parametrize("path", ["/api/test/boom/", "/api/test/django-boom/"], ids=["drf_view", "django_view"])
def test_error_shape_unhandled_exception_is_500_without_trace_and_logged_with_request_id(debug, path, caplog):
    client = APIClient(raise_request_exception=False)

    with caplog.at_level(logging.ERROR, logger="apps.errors"):
        response = client.get(path, HTTP_X_REQUEST_ID="req-boom-123")

    error = assert_error_shape(response, 500, "server_error")
    assert "kaboom" not in response.content.decode()
    assert error["details"] == {"request_id": "req-boom-123"}
    assert response["X-Request-ID"] == "req-boom-123"
    logged = [r for r in caplog.records if r.name == "apps.errors"]
    assert len(logged) == 1
    assert logged[0].request_id == "req-boom-123"
    assert logged[0].exc_info and "kaboom" in str(logged[0].exc_info[1])


def test_error_shape_payload_too_large_through_drf_request_data(debug, api_client):
    body = json.dumps({"email": "big@example.com", "password": "x" * TEN_MB})

    response = api_client.post("/api/v1/auth/register/", data=body, content_type="application/json")

    assert_error_shape(response, 413, "payload_too_large")
    assert not User.objects.exists()


def test_error_shape_payload_too_large_through_django_request_body(debug, api_client):
    small = api_client.post("/api/test/django-body/", data="x" * 10, content_type="application/json")
    assert small.json() == {"length": 10}

    response = api_client.post("/api/test/django-body/", data="x" * TEN_MB, content_type="application/json")

    assert_error_shape(response, 413, "payload_too_large")


@pytest.mark.parametrize(
    ("status", "code"), [(400, "bad_request"), (403, "permission_denied"), (429, "rate_limited"), (500, "server_error")]
)
def test_error_shape_replaces_html_error_pages_of_plain_django_views(debug, api_client, status, code):
    response = api_client.get(f"/api/test/html-error/{status}/", HTTP_X_REQUEST_ID="html-err-1")

    error = assert_error_shape(response, status, code)
    assert error["details"] == ({"request_id": "html-err-1"} if status == 500 else {})


def test_html_error_pages_outside_api_are_left_alone(api_client):
    response = api_client.get("/nope/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_error_shape_not_acceptable(debug, auth_client):
    response = auth_client.get("/api/v1/auth/profile/", HTTP_ACCEPT="text/html")

    assert_error_shape(response, 406, "not_acceptable")


@pytest.mark.parametrize("method", ["post", "patch", "put", "delete"])
def test_error_shape_write_to_api_path_without_trailing_slash_is_404_naming_the_path(debug, api_client, method):
    response = getattr(api_client, method)("/api/v1/auth/login", data="{}", content_type="application/json")

    error = assert_error_shape(response, 404, "not_found")
    assert "/api/v1/auth/login/" in error["message"]


def test_get_api_path_without_trailing_slash_still_redirects(api_client):
    response = api_client.get("/api/v1/auth/profile")

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/auth/profile/"
