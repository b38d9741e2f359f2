"""The error catalogue: every ``code`` the API can answer, with its HTTP status and meaning.

Two sources, nothing else: the protocol codes below (answered by the DRF exception handler and
the middleware for DRF's and Django's own errors), and every ``DomainError`` subclass of the
project apps (``code``, ``status_code``, ``default_message``). ``docs/errors.md`` is generated from
it (``python manage.py errors_doc``) and a test fails when the file is out of date. Codes and
statuses are a contract with clients: never change one, add a new one.
"""

import importlib
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.apps import apps as django_apps
from rest_framework import exceptions as drf

from apps.common.exceptions import DomainError


@dataclass(frozen=True)
class ErrorCode:
    """One code the handler or the middleware answers for an error that is not a ``DomainError``;
    ``meaning`` is also the default message. ``status`` None: the status of the failed response
    itself (the generic fallback ``error``)."""

    code: str
    status: int | None
    meaning: str


# --------------------------------------------------------------------------- protocol codes
BAD_REQUEST = ErrorCode("bad_request", 400, "Bad request.")
VALIDATION_ERROR = ErrorCode("validation_error", 400, "The request is not valid.")
MALFORMED_REQUEST = ErrorCode("malformed_request", 400, "The request body is not valid JSON.")
TOO_MANY_FIELDS = ErrorCode(
    "too_many_fields", 400, "The request has more query parameters or form fields than DATA_UPLOAD_MAX_NUMBER_FIELDS."
)
TOO_MANY_FILES = ErrorCode("too_many_files", 400, "The request has more files than DATA_UPLOAD_MAX_NUMBER_FILES.")
NOT_AUTHENTICATED = ErrorCode("not_authenticated", 401, "Authentication credentials were not provided.")
AUTHENTICATION_FAILED = ErrorCode("authentication_failed", 401, "The credentials are not valid.")
TOKEN_NOT_VALID = ErrorCode("token_not_valid", 401, "The token is invalid or expired.")
PERMISSION_DENIED = ErrorCode("permission_denied", 403, "You do not have permission to perform this action.")
NOT_FOUND = ErrorCode("not_found", 404, "Not found.")
METHOD_NOT_ALLOWED = ErrorCode("method_not_allowed", 405, "Method not allowed.")
NOT_ACCEPTABLE = ErrorCode("not_acceptable", 406, "Cannot satisfy the request's Accept header.")
REQUEST_TIMEOUT = ErrorCode(
    "request_timeout", 408, "The request body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS."
)
PAYLOAD_TOO_LARGE = ErrorCode("payload_too_large", 413, "The request body is too large.")
URI_TOO_LONG = ErrorCode("uri_too_long", 414, "The request URL (path and query string) is too long.")
UNSUPPORTED_MEDIA_TYPE = ErrorCode("unsupported_media_type", 415, "Send the request body as application/json.")
RATE_LIMITED = ErrorCode("rate_limited", 429, "Too many requests. Try again later.")
SERVER_ERROR = ErrorCode("server_error", 500, "An unexpected error occurred.")
DATABASE_UNAVAILABLE = ErrorCode(
    "database_unavailable", 503, "The database is unavailable right now. Try again after Retry-After seconds."
)
ERROR = ErrorCode("error", None, "The request could not be processed.")

PROTOCOL_CODES: tuple[ErrorCode, ...] = (
    BAD_REQUEST,
    VALIDATION_ERROR,
    MALFORMED_REQUEST,
    TOO_MANY_FIELDS,
    TOO_MANY_FILES,
    NOT_AUTHENTICATED,
    AUTHENTICATION_FAILED,
    TOKEN_NOT_VALID,
    PERMISSION_DENIED,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    NOT_ACCEPTABLE,
    REQUEST_TIMEOUT,
    PAYLOAD_TOO_LARGE,
    URI_TOO_LONG,
    UNSUPPORTED_MEDIA_TYPE,
    RATE_LIMITED,
    SERVER_ERROR,
    DATABASE_UNAVAILABLE,
    ERROR,
)

# DRF's own exceptions (most specific first) → our code; the message is DRF's detail when it is
# a string, else the code's meaning.
DRF_CODES: tuple[tuple[type[drf.APIException], ErrorCode], ...] = (
    (drf.ParseError, MALFORMED_REQUEST),
    (drf.UnsupportedMediaType, UNSUPPORTED_MEDIA_TYPE),
    (drf.NotAuthenticated, NOT_AUTHENTICATED),
    (drf.AuthenticationFailed, AUTHENTICATION_FAILED),
    (drf.PermissionDenied, PERMISSION_DENIED),
    (drf.NotFound, NOT_FOUND),
    (drf.MethodNotAllowed, METHOD_NOT_ALLOWED),
    (drf.NotAcceptable, NOT_ACCEPTABLE),
    (drf.Throttled, RATE_LIMITED),
)

# An error page Django (not DRF) produced under /api/ (CSRF, 404 of an unknown path, ...): its status → code.
STATUS_CODES: dict[int, ErrorCode] = {
    entry.status: entry
    for entry in (
        BAD_REQUEST,
        NOT_AUTHENTICATED,
        PERMISSION_DENIED,
        NOT_FOUND,
        METHOD_NOT_ALLOWED,
        PAYLOAD_TOO_LARGE,
        URI_TOO_LONG,
        RATE_LIMITED,
        SERVER_ERROR,
    )
    if entry.status is not None
}


def code_for_status(status: int) -> ErrorCode:
    return STATUS_CODES.get(status, ERROR)


# --------------------------------------------------------------------------- the catalogue
@dataclass
class CatalogueEntry:
    """One (code, status) pair, with every place that answers it."""

    code: str
    status: int | None
    meaning: str
    raised_by: list[str] = field(default_factory=list)


def _project_app_modules() -> Iterator[str]:
    """Every importable module of the project apps except tests and migrations."""
    for config in django_apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        yield config.name
        package = importlib.import_module(config.name)
        for info in pkgutil.walk_packages(package.__path__, prefix=config.name + "."):
            parts = info.name.split(".")
            if "tests" in parts or "migrations" in parts:
                continue
            yield info.name


def domain_error_classes() -> list[type[DomainError]]:
    """``DomainError`` and all its subclasses (recursively) defined in the project apps, after
    importing every app module so none is missed; sorted by module and name."""
    for name in _project_app_modules():
        importlib.import_module(name)
    found: list[type[DomainError]] = []
    pending: list[type[DomainError]] = [DomainError]
    while pending:
        cls = pending.pop()
        if cls.__module__.startswith("apps.") and ".tests" not in cls.__module__ and cls not in found:
            found.append(cls)
        pending.extend(cls.__subclasses__())
    return sorted(found, key=lambda c: (c.__module__, c.__qualname__))


def catalogue() -> list[CatalogueEntry]:
    """Every (code, status) the API answers, sorted by status then code. The same code under two
    statuses would be two entries (documented as such); today each code has one status."""
    entries: dict[tuple[str, int | None], CatalogueEntry] = {}
    for entry in PROTOCOL_CODES:
        where = ["handler / middleware"]
        entries[(entry.code, entry.status)] = CatalogueEntry(entry.code, entry.status, entry.meaning, where)
    for cls in domain_error_classes():
        key = (cls.code, cls.status_code)
        where = f"`{cls.__qualname__}`"  # the name only: moving a class between modules changes no doc
        if key in entries:
            entries[key].raised_by.append(where)
        else:
            entries[key] = CatalogueEntry(cls.code, cls.status_code, cls.default_message, [where])
    return sorted(entries.values(), key=lambda e: (e.status or 999, e.code))


def catalogue_markdown() -> str:
    """The text of ``docs/errors.md``."""
    lines = [
        "# Error codes",
        "",
        "<!-- Generated from apps/common/errors.py by `python manage.py errors_doc`; do not edit by hand. -->",
        "",
        'Every error leaves in one shape: `{"error": {"code", "message", "details"}}`.',
        "`code` is stable snake_case and never changes meaning; `message` is a human sentence that may",
        "change; `details` holds field errors for 400, `limit`/`used`/`resets_at` for 402, `retry_after`",
        "for 429 and `request_id` for 500. A code listed under two statuses is answered with both.",
        "",
        "| Status | Code | Meaning | Raised by |",
        "|---|---|---|---|",
    ]
    for entry in catalogue():
        status = str(entry.status) if entry.status is not None else "any"
        raised_by = ", ".join(entry.raised_by)
        meaning = entry.meaning.replace("|", "\\|")
        lines.append(f"| {status} | `{entry.code}` | {meaning} | {raised_by} |")
    return "\n".join(lines) + "\n"
