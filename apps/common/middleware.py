"""Request ids, and the error shape for responses Django (not DRF) produces under /api/."""

import logging
import re
import uuid
from collections.abc import Callable
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from apps.common.handlers import error_response
from apps.common.logging import get_request_id, reset_request_id, set_request_id

logger = logging.getLogger("apps.errors")

_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._\-]{1,128}$")

_STATUS_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    429: "rate_limited",
    500: "server_error",
}


class RequestIdMiddleware:
    """Accepts a well-formed X-Request-ID or makes one; returns it on every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = set_request_id(request_id)
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response["X-Request-ID"] = request_id
        return response


class ApiErrorMiddleware:
    """Under /api/, turns any non-JSON error page (404, 405, 500, CSRF, ...) into the error shape,
    with DEBUG on or off."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        missing_slash = self._missing_slash(request)
        if missing_slash:
            return error_response(404, "not_found", f"Not found. API paths end with a slash: {missing_slash}")
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith(("application/json", "application/problem+json"))
            and not getattr(response, "streaming", False)
        ):
            status = response.status_code
            code = _STATUS_CODES.get(status, "error")
            message = HTTPStatus(status).phrase + "." if status in HTTPStatus._value2member_map_ else "Error."
            details = {"request_id": get_request_id()} if status >= 500 else None
            replacement = error_response(status, code, message, details)
            for header in ("Retry-After", "Allow", "WWW-Authenticate"):
                if header in response:
                    replacement[header] = response[header]
            return replacement
        return response

    @staticmethod
    def _missing_slash(request: HttpRequest) -> str | None:
        """A write to an API path without its trailing slash: Django's APPEND_SLASH cannot redirect
        it (the body would be lost) and raises a 500 under DEBUG. Answer a 404 naming the right path."""
        path = request.path_info
        if not path.startswith("/api/") or path.endswith("/") or request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        urlconf = getattr(request, "urlconf", None)
        try:
            resolve(path, urlconf)
        except Resolver404:
            try:
                resolve(path + "/", urlconf)
            except Resolver404:
                return None
            return request.path + "/"
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not request.path.startswith("/api/"):
            return None
        from django.core.exceptions import RequestDataTooBig
        from django.http import Http404

        if isinstance(exception, Http404):
            return error_response(404, "not_found", "Not found.")
        if isinstance(exception, RequestDataTooBig):
            return error_response(413, "payload_too_large", "The request body is too large.")
        logger.exception("unhandled exception", extra={"request_id": get_request_id()})
        response = error_response(
            500, "server_error", "An unexpected error occurred.", {"request_id": get_request_id()}
        )
        response._has_been_logged = True  # logged above with the trace; Django need not log it again
        return response
