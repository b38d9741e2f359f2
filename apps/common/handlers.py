"""The one error shape of the API: {"error": {"code", "message", "details"}}."""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from rest_framework import exceptions as drf
from rest_framework.response import Response
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError

from apps.common.exceptions import DomainError, RateLimited
from apps.common.logging import get_request_id

logger = logging.getLogger("apps.errors")

_DRF_CODES: list[tuple[type[Exception], str, str]] = [
    (drf.ParseError, "malformed_request", "The request body is not valid JSON."),
    (drf.UnsupportedMediaType, "unsupported_media_type", "Send the request body as application/json."),
    (drf.NotAuthenticated, "not_authenticated", "Authentication credentials were not provided."),
    (drf.AuthenticationFailed, "authentication_failed", "The credentials are not valid."),
    (drf.PermissionDenied, "permission_denied", "You do not have permission to perform this action."),
    (drf.NotFound, "not_found", "Not found."),
    (drf.MethodNotAllowed, "method_not_allowed", "Method not allowed."),
    (drf.NotAcceptable, "not_acceptable", "Cannot satisfy the request's Accept header."),
    (drf.Throttled, "rate_limited", "Too many requests. Try again later."),
]


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def error_response(status: int, code: str, message: str, details: dict[str, Any] | None = None) -> JsonResponse:
    """A plain Django response in the error shape (for middleware and non-DRF views)."""
    return JsonResponse(error_body(code, message, details), status=status)


def _drf_message(detail: Any, fallback: str) -> str:
    if isinstance(detail, str) and detail:
        return str(detail)
    return fallback


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """DRF exception handler: every error, expected or not, leaves in the one shape."""
    headers: dict[str, str] = {}

    if isinstance(exc, DomainError):
        if isinstance(exc, RateLimited):
            headers["Retry-After"] = str(exc.retry_after)
        response = Response(error_body(exc.code, exc.message, exc.details), status=exc.status_code, headers=headers)
        if exc.status_code >= 500:
            # An expected upstream failure (AI provider, Stripe, scheduler: 502/503/504) is a
            # WARNING, not an ERROR: nothing is broken here. Django would log any 5xx at ERROR.
            logger.warning(
                "upstream failure: %s",
                exc.code,
                extra={"request_id": get_request_id(), "code": exc.code, "status": exc.status_code},
            )
            response._has_been_logged = True
        return response

    if isinstance(exc, Http404):
        exc = drf.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = drf.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        return Response(error_body("payload_too_large", "The request body is too large."), status=413)
    elif isinstance(exc, TokenError):
        exc = InvalidToken(str(exc))

    if isinstance(exc, InvalidToken):
        return Response(
            error_body("token_not_valid", "The token is invalid or expired."),
            status=401,
            headers={"WWW-Authenticate": 'Bearer realm="api"'},
        )

    if isinstance(exc, drf.ValidationError):
        details = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        return Response(error_body("validation_error", "The request is not valid.", details), status=400)

    if isinstance(exc, drf.APIException):
        code, fallback = "error", "The request could not be processed."
        for klass, klass_code, klass_message in _DRF_CODES:
            if isinstance(exc, klass):
                code, fallback = klass_code, klass_message
                break
        message = _drf_message(exc.detail, fallback)
        if isinstance(exc, drf.ParseError):
            message = fallback
        details: dict[str, Any] = {}
        if isinstance(exc, drf.Throttled) and exc.wait is not None:
            retry = max(1, int(exc.wait + 0.999))
            headers["Retry-After"] = str(retry)
            details["retry_after"] = retry
        if isinstance(exc, (drf.NotAuthenticated, drf.AuthenticationFailed)):
            headers["WWW-Authenticate"] = 'Bearer realm="api"'
        return Response(error_body(code, message, details), status=exc.status_code, headers=headers)

    logger.exception("unhandled exception", extra={"request_id": get_request_id()})
    response = Response(
        error_body("server_error", "An unexpected error occurred.", {"request_id": get_request_id()}),
        status=500,
    )
    response._has_been_logged = True  # logged above with the trace; Django need not log it again
    return response
