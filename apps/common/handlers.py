"""The one error shape of the API: {"error": {"code", "message", "details"}}.

``api_error()`` turns any exception into it (status, body, headers), and logs the unexpected ones
once; the DRF exception handler, the middleware and the SSE stream all use it.
"""

import logging
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, HttpResponse, JsonResponse
from rest_framework import exceptions as drf
from rest_framework.response import Response
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError

from apps.common import errors
from apps.common.exceptions import DomainError, RateLimited
from apps.common.logging import get_request_id
from apps.common.outages import DATABASE_RETRY_AFTER_SECONDS, database_unavailable, degraded_log

logger = logging.getLogger("apps.errors")

_BEARER_CHALLENGE = 'Bearer realm="api"'


@dataclass(frozen=True)
class ApiError:
    """An error as the API answers it."""

    status: int
    code: str
    message: str
    details: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    logged: bool = False  # already logged (an unexpected exception with its trace; an outage once per interval)

    @property
    def body(self) -> dict[str, Any]:
        return error_body(self.code, self.message, self.details)


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def error_for(
    entry: errors.ErrorCode, status: int | None = None, message: str | None = None, **kwargs: Any
) -> ApiError:
    """The error of a catalogued protocol code (its status and its meaning as message by default)."""
    return ApiError(status=status or entry.status or 500, code=entry.code, message=message or entry.meaning, **kwargs)


def api_error(exc: BaseException) -> ApiError:
    """Any exception → the error the API answers. An unexpected one is logged here, with its trace,
    and answered as a 500 that carries the request id (never the trace)."""
    if isinstance(exc, DomainError):
        return _domain_error(exc)
    if isinstance(exc, (RequestDataTooBig, SuspiciousOperation)):
        return _request_refused(exc)

    exc = _as_drf_exception(exc)
    if isinstance(exc, InvalidToken):
        return error_for(errors.TOKEN_NOT_VALID, headers={"WWW-Authenticate": _BEARER_CHALLENGE})
    if isinstance(exc, drf.ValidationError):
        details = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        return error_for(errors.VALIDATION_ERROR, details=details)
    if isinstance(exc, drf.APIException):
        return _drf_error(exc)

    if database_unavailable(exc):  # PostgreSQL down or unreachable: 503, logged once per interval
        degraded_log("database", "Database unreachable: answering 503 database_unavailable", exc=exc)
        retry = DATABASE_RETRY_AFTER_SECONDS
        headers = {"Retry-After": str(retry)}
        return error_for(errors.DATABASE_UNAVAILABLE, details={"retry_after": retry}, headers=headers, logged=True)

    logger.error("unhandled exception", exc_info=exc, extra={"request_id": get_request_id()})
    return error_for(errors.SERVER_ERROR, details={"request_id": get_request_id()}, logged=True)


def _domain_error(exc: DomainError) -> ApiError:
    """Our own errors carry their status, code and message; an upstream failure (5xx) is logged."""
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else {}
    if exc.status_code == 401:  # e.g. an unknown or revoked API key: a 401 names its scheme
        headers["WWW-Authenticate"] = _BEARER_CHALLENGE
    if exc.status_code >= 500:
        # An expected upstream failure (AI provider, Stripe, scheduler: 502/503/504) is a
        # WARNING, not an ERROR: nothing is broken here. Django would log any 5xx at ERROR.
        logger.warning(
            "upstream failure: %s",
            exc.code,
            extra={"request_id": get_request_id(), "code": exc.code, "status": exc.status_code},
        )
    return ApiError(exc.status_code, exc.code, exc.message, exc.details, headers, logged=exc.status_code >= 500)


def _request_refused(exc: RequestDataTooBig | SuspiciousOperation) -> ApiError:
    """Django refusing the request itself (raised where the body or the query string is parsed): too
    large (413), too many fields or files, or malformed (400). Client errors: logged on one line,
    as Django's ``django.security`` loggers name them, without a trace."""
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        message = f"The request body is larger than {limit} bytes."
        return error_for(errors.PAYLOAD_TOO_LARGE, message=message, details={"max_bytes": limit})
    logging.getLogger(f"django.security.{type(exc).__name__}").warning(
        "%s", exc, extra={"request_id": get_request_id()}
    )
    if isinstance(exc, TooManyFieldsSent):
        return error_for(errors.TOO_MANY_FIELDS, details={"max_fields": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS})
    if isinstance(exc, TooManyFilesSent):
        return error_for(errors.TOO_MANY_FILES, details={"max_files": settings.DATA_UPLOAD_MAX_NUMBER_FILES})
    return error_for(errors.BAD_REQUEST)


def _as_drf_exception(exc: BaseException) -> BaseException:
    """Django's 404 and 403 and simplejwt's token errors as the DRF exceptions they stand for."""
    if isinstance(exc, Http404):
        return drf.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return drf.PermissionDenied()
    if isinstance(exc, TokenError):
        return InvalidToken(str(exc))
    return exc


def _drf_error(exc: drf.APIException) -> ApiError:
    """A DRF exception: its catalogued code, its own message when it has one, the headers it implies."""
    entry = next((entry for klass, entry in errors.DRF_CODES if isinstance(exc, klass)), errors.ERROR)
    message = entry.meaning
    if isinstance(exc.detail, str) and exc.detail and not isinstance(exc, drf.ParseError):
        message = str(exc.detail)
    details: dict[str, Any] = {}
    headers: dict[str, str] = {}
    if isinstance(exc, drf.Throttled) and exc.wait is not None:
        retry = max(1, int(exc.wait + 0.999))
        headers["Retry-After"] = str(retry)
        details["retry_after"] = retry
    if isinstance(exc, (drf.NotAuthenticated, drf.AuthenticationFailed)):
        headers["WWW-Authenticate"] = _BEARER_CHALLENGE
    return error_for(entry, status=exc.status_code, message=message, details=details, headers=headers)


def api_error_for_status(status: int) -> ApiError:
    """The error for a non-JSON error page Django produced (CSRF 403, 404 of an unknown path, ...)."""
    message = HTTPStatus(status).phrase + "." if status in HTTPStatus._value2member_map_ else "Error."
    details = {"request_id": get_request_id()} if status >= 500 else {}
    return error_for(errors.code_for_status(status), status=status, message=message, details=details)


def render(error: ApiError, response_class: type[HttpResponse] = JsonResponse) -> HttpResponse:
    """The response for ``error``: a ``JsonResponse`` (middleware) or DRF's ``Response`` (handler)."""
    response = response_class(error.body, status=error.status)
    for name, value in error.headers.items():
        response[name] = value
    if error.logged:
        response._has_been_logged = True  # logged with the trace; Django need not log it again
    return response


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """DRF exception handler: every error, expected or not, leaves in the one shape."""
    return render(api_error(exc), Response)
