"""Hostile requests that Django itself refuses, and NUL characters, answered in the error shape
(issue 25, items 7 and 8). The body's size and time bounds: tests/runtime/test_body_limit.py."""

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework import serializers

from apps.common.request_limits import body_refusal
from apps.common.serializers import StrictStringMixin
from apps.csvio.apis import ScheduledPostImportApi
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db

PLANS = "/api/v1/subscriptions/plans/"
CSV_IMPORT = "/api/v1/csv/scheduled-posts/import/"


def _error(response) -> dict:
    assert set(response.json()) == {"error"}, response.content[:300]
    return response.json()["error"]


@pytest.fixture
def logged(caplog):
    caplog.set_level(logging.INFO)
    return caplog


def _assert_no_trace(caplog) -> None:
    traced = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert traced == [], [(r.name, r.getMessage()) for r in traced]


# --------------------------------------------------------------------------- too many fields or files


def test_too_many_query_parameters_is_a_400_anonymously_without_a_trace(api_client, logged):
    response = api_client.get(PLANS + "?" + "&".join(f"p{i % 10}" for i in range(1001)))

    assert response.status_code == 400
    error = _error(response)
    assert (error["code"], error["details"]) == ("too_many_fields", {"max_fields": 1000})
    _assert_no_trace(logged)
    assert [r.name for r in logged.records if r.name.startswith("django.security")] == [
        "django.security.TooManyFieldsSent"
    ]


def test_a_multipart_body_with_too_many_fields_is_a_400_without_a_trace(user, logged):
    form = {f"field{i}": "x" for i in range(5000)}

    response = client_for(user).post(CSV_IMPORT, form, format="multipart")

    assert response.status_code == 400
    assert _error(response)["code"] == "too_many_fields"
    _assert_no_trace(logged)


def test_a_multipart_body_with_too_many_files_is_a_400_without_a_trace(user, logged):
    files = {f"file{i}": SimpleUploadedFile(f"f{i}.csv", b"a", content_type="text/csv") for i in range(500)}

    response = client_for(user).post(CSV_IMPORT, files, format="multipart")

    assert response.status_code == 400
    error = _error(response)
    assert (error["code"], error["details"]) == ("too_many_files", {"max_files": 100})
    _assert_no_trace(logged)


def test_a_body_too_large_for_django_is_a_413_with_the_limit(user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = client_for(user).post("/api/v1/organizations/", {"name": "x" * 2000}, format="json")

    assert response.status_code == 413
    assert _error(response) == {
        "code": "payload_too_large",
        "message": "The request body is larger than 1000 bytes.",
        "details": {"max_bytes": 1000},
    }


# --------------------------------------------------------------------------- NUL characters


def test_a_nul_in_a_query_parameter_is_a_400_naming_it(user, api_client):
    anonymous = api_client.get(PLANS + "?organization_id=%00")
    member = client_for(user).get("/api/v1/content/?page=1&q=a%00b")

    for response in (anonymous, member):
        assert response.status_code == 400
        assert _error(response)["code"] == "validation_error"
    assert _error(member)["details"] == {"q": ["Null characters are not allowed."]}
    assert _error(anonymous)["details"] == {"organization_id": ["Null characters are not allowed."]}


def test_an_encoded_percent_sign_is_no_nul(user):
    response = client_for(user).get("/api/v1/content/?q=%2500")

    assert response.status_code == 200, response.content[:300]


def _strict_string_field_classes() -> list[type]:
    """Every string field class request bodies may use (tests/…/test_strict_fields.py: all of them)."""
    import apps.common.serializers  # noqa: F401 - the classes below are defined there and in apps

    found, pending = [], [StrictStringMixin]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if issubclass(cls, serializers.CharField):
            found.append(cls)
    return found


@pytest.mark.parametrize("field_class", _strict_string_field_classes(), ids=lambda cls: cls.__name__)
def test_every_request_string_field_refuses_a_nul(field_class):
    class Body(serializers.Serializer):
        value = field_class()

    body = Body(data={"value": "a\x00b@example.com"})

    assert not body.is_valid()
    assert "Null characters are not allowed." in body.errors["value"]


def test_a_nul_in_a_json_string_is_a_400_validation_error(api_client):
    response = api_client.post(
        "/api/v1/auth/register/",
        {"email": "nul@example.com", "password": "a-Long-passw0rd", "first_name": "A\x00"},
        format="json",
    )

    assert response.status_code == 400
    error = _error(response)
    assert error["code"] == "validation_error"
    assert error["details"] == {"first_name": ["Null characters are not allowed."]}


# --------------------------------------------------------------------------- the body's limit per route


def test_body_refusal_is_django_s_limit_except_where_a_view_declares_more(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    settings.CSV_IMPORT_MAX_BYTES = 5000
    csv_limit = ScheduledPostImportApi.max_body_bytes()

    assert body_refusal("/api/v1/auth/login/", 1000) is None
    too_large = body_refusal("/api/v1/auth/login/", 1001)
    assert (too_large.status, too_large.code, too_large.details) == (413, "payload_too_large", {"max_bytes": 1000})
    assert body_refusal("/no/such/path/", 1001).code == "payload_too_large"
    assert csv_limit > 5000 and body_refusal(CSV_IMPORT, csv_limit) is None
    file_too_large = body_refusal(CSV_IMPORT, csv_limit + 1)
    assert (file_too_large.status, file_too_large.code) == (413, "csv_file_too_large")
    assert file_too_large.details == {"max_bytes": 5000}


def test_the_schema_declares_the_body_bounds_on_operations_with_a_body():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    login = schema["paths"]["/api/v1/auth/login/"]["post"]["responses"]

    assert {"408", "413"} <= set(login)
    assert "408" not in schema["paths"]["/api/v1/subscriptions/plans/"]["get"]["responses"]
