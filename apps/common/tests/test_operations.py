"""Operations: health probes, request ids, JSON logs, CORS, pagination defaults."""

import io
import json
import logging
import re
import uuid

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from apps.common.logging import JsonFormatter
from apps.users.models import User
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db

CLOSED_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    }
}


# --- health ---------------------------------------------------------------------------------


def test_health_live_answers_ok(api_client):
    response = api_client.get("/health/live")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_ready_answers_ok_when_database_and_cache_are_up(api_client):
    response = api_client.get("/health/ready")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


def test_health_ready_is_503_when_the_cache_is_down(api_client):
    with override_settings(CACHES=CLOSED_REDIS):
        response = api_client.get("/health/ready")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "ok", "cache": "unavailable"}}


def test_health_ready_is_503_when_the_database_is_down(api_client, unreachable_database):
    response = api_client.get("/health/ready")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "unavailable", "cache": "ok"}}


def test_health_probes_are_get_only(api_client):
    assert api_client.post("/health/live").status_code == 405


# --- request id -----------------------------------------------------------------------------


@pytest.mark.parametrize("incoming", ["abc-123", "0f8fad5b-d9cb-469f-a165-70867728950e", "req_1.2", "x" * 128])
def test_request_id_well_formed_is_accepted_and_returned(api_client, incoming):
    response = api_client.get("/health/live", HTTP_X_REQUEST_ID=incoming)

    assert response["X-Request-ID"] == incoming


@pytest.mark.parametrize("incoming", ["has space", "x" * 129, "<script>", "a\u00e9b", "semi;colon", ""])
def test_request_id_malformed_is_replaced(api_client, incoming):
    response = api_client.get("/health/live", HTTP_X_REQUEST_ID=incoming)

    assert response["X-Request-ID"] != incoming
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_request_id_is_generated_per_request_and_returned_on_errors(api_client):
    first = api_client.get("/api/v1/auth/profile/")
    second = api_client.get("/api/v1/nope/")

    assert first.status_code == 401 and second.status_code == 404
    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


# --- JSON logs ------------------------------------------------------------------------------


@pytest.fixture
def log_lines():
    """The configured console handler (JSON formatter, request-id filter), writing into a buffer."""
    handler = next(h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter))
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    try:
        yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    finally:
        handler.setStream(previous)


@pytest.mark.urls("apps.common.tests.urls")
def test_json_log_lines_carry_the_request_id(api_client, log_lines):
    api_client.get("/api/test/log/", HTTP_X_REQUEST_ID="trace-me-42")

    lines = [line for line in log_lines() if line["logger"] == "apps.test"]
    assert lines == [
        {
            "time": lines[0]["time"],
            "level": "WARNING",
            "logger": "apps.test",
            "message": "something happened",
            "request_id": "trace-me-42",
            "widget": "blue",
        }
    ]


@pytest.mark.urls("apps.common.tests.urls")
def test_json_log_of_a_500_is_one_line_with_the_request_id_and_the_trace(log_lines):
    APIClient(raise_request_exception=False).get("/api/test/boom/", HTTP_X_REQUEST_ID="boom-7")

    errors = [line for line in log_lines() if line["level"] == "ERROR"]
    assert len(errors) == 1, errors  # no second "Internal Server Error" line from django.request
    assert errors[0]["request_id"] == "boom-7"
    assert "RuntimeError: secret internal detail: kaboom" in errors[0]["exc_info"]


def test_json_log_of_django_request_carries_the_request_id_of_the_request(api_client, log_lines, settings):
    logging.getLogger("django.request").setLevel(logging.WARNING)
    try:
        api_client.get("/api/v1/nope/", HTTP_X_REQUEST_ID="not-found-9")
    finally:
        logging.getLogger("django.request").setLevel(logging.ERROR)

    lines = [line for line in log_lines() if line["logger"] == "django.request"]
    assert len(lines) == 1
    assert lines[0]["request_id"] == "not-found-9"
    assert (lines[0]["method"], lines[0]["path"], lines[0]["status_code"]) == ("GET", "/api/v1/nope/", 404)


# --- CORS -----------------------------------------------------------------------------------


def _preflight(client, origin: str):
    return client.options(
        "/api/v1/auth/login/",
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )


def test_cors_allows_configured_origins(api_client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]

    response = _preflight(api_client, "https://app.example.com")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert "authorization" in response["Access-Control-Allow-Headers"]


def test_cors_denies_other_origins(api_client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]

    response = _preflight(api_client, "https://evil.example.com")

    assert "Access-Control-Allow-Origin" not in response


def test_cors_exposes_request_id_and_retry_after_on_actual_requests(api_client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]

    response = api_client.get("/api/v1/auth/profile/", HTTP_ORIGIN="https://app.example.com")

    assert response["Access-Control-Allow-Origin"] == "https://app.example.com"
    exposed = {h.strip().lower() for h in response["Access-Control-Expose-Headers"].split(",")}
    assert {"x-request-id", "retry-after"} <= exposed


# --- pagination -----------------------------------------------------------------------------


@pytest.fixture
def many_users(db):
    User.objects.bulk_create([User(email=f"u{i:03d}@example.com", password="!") for i in range(130)])


@pytest.mark.urls("apps.common.tests.urls")
def test_pagination_default_page_size_is_20(api_client, many_users):
    body = api_client.get("/api/test/users/").json()

    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 130
    assert len(body["results"]) == 20
    assert body["previous"] is None and "page=2" in body["next"]


@pytest.mark.urls("apps.common.tests.urls")
def test_pagination_page_size_is_capped_at_100(api_client, many_users):
    body = api_client.get("/api/test/users/", {"page_size": 1000}).json()

    assert len(body["results"]) == 100


@pytest.mark.urls("apps.common.tests.urls")
def test_pagination_page_and_page_size(api_client, many_users):
    body = api_client.get("/api/test/users/", {"page": 3, "page_size": 7}).json()

    assert [r["email"] for r in body["results"]] == [f"u{i:03d}@example.com" for i in range(14, 21)]
    assert uuid.UUID(body["results"][0]["id"])


@pytest.mark.urls("apps.common.tests.urls")
def test_pagination_page_out_of_range_is_404_in_the_error_shape(api_client, many_users):
    response = api_client.get("/api/test/users/", {"page": 99})

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


# Found by schemathesis (scripts/schemathesis_run.py): each answered a 500 or disagreed with the schema before its fix.


@pytest.mark.parametrize(
    "query",
    ["page_size=null", "page_size=0", "page_size=-3", "page_size=2.5", "page_size=5&page_size=6", "page=", "page=x"],
)
def test_pagination_rejects_a_page_or_page_size_that_is_not_one_positive_integer(user, query):
    response = client_for(user).get(f"/api/v1/organizations/?{query}")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"


def test_pagination_page_size_above_the_cap_is_capped_not_refused(user):
    response = client_for(user).get("/api/v1/organizations/?page_size=1000")

    assert response.status_code == 200


def test_pagination_invalid_page_is_documented_as_404_on_public_lists(client):
    schema = client.get("/api/schema/").json()

    assert "404" in schema["paths"]["/api/v1/subscriptions/plans/"]["get"]["responses"]
    assert client.get("/api/v1/subscriptions/plans/?page=99").status_code == 404
