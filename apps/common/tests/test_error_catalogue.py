"""The error catalogue (apps/common/errors.py) lists every code the API can answer, and
docs/errors.md is its current text."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.management import call_command
from django.http import Http404
from rest_framework import exceptions as drf
from rest_framework_simplejwt.exceptions import TokenError

from apps.common import errors
from apps.common.exceptions import DomainError, NotFound
from apps.common.handlers import api_error, api_error_for_status

APPS_DIR = Path(settings.BASE_DIR) / "apps"
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def catalogued(code: str, status: int) -> bool:
    return any(e.code == code and e.status in (status, None) for e in errors.catalogue())


def _all_subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_all_subclasses(sub)]
    return found


def _instance(cls: type[DomainError]) -> DomainError:
    """An instance whatever the subclass's own ``__init__`` requires (``RateLimited``: retry_after)."""
    try:
        return cls()
    except TypeError:
        return cls(retry_after=1)


def test_error_catalogue_doc_is_up_to_date():
    expected = errors.catalogue_markdown()

    actual = (Path(settings.BASE_DIR) / "docs" / "errors.md").read_text()

    assert actual == expected, "docs/errors.md is out of date: run `python manage.py errors_doc`"


def test_error_catalogue_doc_command_check_passes():
    call_command("errors_doc", "--check")


def test_error_catalogue_lists_every_domain_error_subclass():
    classes = errors.domain_error_classes()  # imports every module of the project apps first
    walked = [DomainError, *_all_subclasses(DomainError)]
    project = [c for c in walked if c.__module__.startswith("apps.") and ".tests" not in c.__module__]

    assert set(project) == set(classes)
    assert len(classes) > 40
    for cls in classes:
        assert SNAKE_CASE.match(cls.code), cls
        assert 400 <= cls.status_code < 600, cls
        assert catalogued(cls.code, cls.status_code), f"{cls.__qualname__}: {cls.code} ({cls.status_code})"


def test_error_catalogue_has_one_entry_per_code_and_status():
    keys = [(e.code, e.status) for e in errors.catalogue()]

    assert len(keys) == len(set(keys))
    assert all(SNAKE_CASE.match(code) for code, _ in keys)


@pytest.mark.parametrize("cls", errors.domain_error_classes(), ids=lambda c: c.__qualname__)
def test_api_error_of_each_domain_error_is_catalogued(cls):
    error = api_error(_instance(cls))

    assert (error.status, error.code) == (cls.status_code, cls.code)
    assert catalogued(error.code, error.status)
    assert set(error.body["error"]) == {"code", "message", "details"}


def _framework_exceptions() -> list[BaseException]:
    drf_classes = [drf.APIException, *_all_subclasses(drf.APIException)]
    instances: list[BaseException] = []
    for cls in drf_classes:
        if cls is drf.MethodNotAllowed:
            instances.append(cls("PUT"))
        elif cls is drf.UnsupportedMediaType:
            instances.append(cls("text/plain"))
        elif cls is drf.Throttled:
            instances.append(cls(wait=3))
        else:
            instances.append(cls())
    return [
        *instances,
        Http404(),
        DjangoPermissionDenied(),
        RequestDataTooBig(),
        TokenError("expired"),
        RuntimeError("boom"),
    ]


@pytest.mark.parametrize("exc", _framework_exceptions(), ids=lambda e: f"{type(e).__module__}.{type(e).__name__}")
def test_api_error_of_each_framework_exception_is_catalogued(exc):
    error = api_error(exc)

    assert catalogued(error.code, error.status), (error.code, error.status)


@pytest.mark.parametrize("status", range(400, 600))
def test_api_error_for_each_error_page_status_is_catalogued(status):
    error = api_error_for_status(status)

    assert error.status == status
    assert catalogued(error.code, status), (error.code, status)


def test_error_catalogue_every_literal_code_in_the_source_is_catalogued():
    """No code is made up at a call site: a string literal given as the code of ``error_body`` or
    ``ApiError`` anywhere under apps/ (tests excluded) must be in the catalogue."""
    codes = {e.code for e in errors.catalogue()}
    literals = []
    for path in APPS_DIR.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            position = {"error_body": 0, "ApiError": 1, "ErrorCode": 0}.get(name)
            if position is None:
                continue
            args = [*node.args[position : position + 1], *(k.value for k in node.keywords if k.arg == "code")]
            literals += [(path, a.value) for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)]

    assert literals, "the scan found no call site: it is not looking at the right names"
    assert [(str(p), c) for p, c in literals if c not in codes] == []


def test_error_catalogue_same_code_keeps_one_status_today():
    """Codes shared by several classes (not_found, malformed_request, token_not_valid, ...) answer
    the same status everywhere; a code under two statuses would be two documented entries."""
    statuses: dict[str, set] = {}
    for entry in errors.catalogue():
        statuses.setdefault(entry.code, set()).add(entry.status)

    assert {code: s for code, s in statuses.items() if len(s) > 1} == {}
    assert statuses["not_found"] == {NotFound.status_code}


@pytest.mark.django_db
def test_openapi_error_descriptions_come_from_the_catalogue(client):
    schema = client.get("/api/schema/").json()

    described = schema["paths"]["/api/v1/organizations/{id}/"]["delete"]["responses"]["409"]["description"]

    for code in ("personal_organization", "subscription_active", "scheduled_posts_active", "organization_not_empty"):
        assert f"`{code}`" in described


# Provider errors belong to the provider interface, the boundary that raises them.
# ContentMismatch moves to apps/scheduling/exceptions.py with the split of scheduling/services.py.
_ALLOWED_OUTSIDE_EXCEPTIONS_MODULES = {"apps.content.providers.base"}


def test_domain_errors_live_in_the_exceptions_module_of_their_app():
    misplaced = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in errors.domain_error_classes()
        if not cls.__module__.endswith(".exceptions") and cls.__module__ not in _ALLOWED_OUTSIDE_EXCEPTIONS_MODULES
    ]

    assert misplaced == []
