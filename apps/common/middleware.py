"""Request ids (and the request being served, for domain events), and the error shape for responses
Django (not DRF) produces under /api/.

Every middleware here runs sync or async (Django picks by the next handler): under the ASGI
server one sync-only middleware would put every request, async views included, on a thread.
"""

import re
import uuid
from collections.abc import Callable

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from apps.common import errors
from apps.common.events import reset_current_request, set_current_request
from apps.common.handlers import api_error, api_error_for_status, error_for, render
from apps.common.logging import reset_request_id, set_request_id
from apps.common.ratelimit import rate_limit_fields

_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._\-]{1,128}$")


def request_id_of(incoming: str) -> str:
    """The request's id: the client's ``X-Request-ID`` when well formed, else a new one (also for the
    answers given before Django runs, ``runtime.body_limit``)."""
    return incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex


class SyncAndAsyncMiddleware:
    """Base of a middleware that runs sync or async, like Django's own ``MiddlewareMixin``."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response
        self.async_mode = iscoroutinefunction(get_response)
        if self.async_mode:
            markcoroutinefunction(self)


class RequestIdMiddleware(SyncAndAsyncMiddleware):
    """Accepts a well-formed X-Request-ID or makes one; returns it on every response."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.async_mode:
            return self.__acall__(request)
        token, request_token, request_id = self._start(request)
        try:
            response = self.get_response(request)
        finally:
            reset_current_request(request_token)
            reset_request_id(token)
        response["X-Request-ID"] = request_id
        return response

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        token, request_token, request_id = self._start(request)
        try:
            response = await self.get_response(request)
        finally:
            reset_current_request(request_token)
            reset_request_id(token)
        response["X-Request-ID"] = request_id
        return response

    @staticmethod
    def _start(request: HttpRequest):
        request_id = request_id_of(request.headers.get("X-Request-ID", ""))
        request.request_id = request_id
        # who acts, from where: read by apps.common.events
        return set_request_id(request_id), set_current_request(request), request_id


class RateLimitHeadersMiddleware(SyncAndAsyncMiddleware):
    """Answers the limits a request was counted against (``apps.common.ratelimit.rate_limit_report``: the
    request throttle, the generation limit) as ``RateLimit-Policy`` and ``RateLimit``, 429s included."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.async_mode:
            return self.__acall__(request)
        return self._answer(request, self.get_response(request))

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        return self._answer(request, await self.get_response(request))

    @staticmethod
    def _answer(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        for name, value in rate_limit_fields(request).items():
            response[name] = value
        return response


class ApiErrorMiddleware(SyncAndAsyncMiddleware):
    """Under /api/, turns any non-JSON error page (404, 405, 500, CSRF, ...) into the error shape,
    with DEBUG on or off."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.async_mode:
            return self.__acall__(request)
        missing_slash = self._missing_slash(request)
        if missing_slash:
            message = f"Not found. API paths end with a slash: {missing_slash}"
            return render(error_for(errors.NOT_FOUND, message=message))
        return self._replace(request, self.get_response(request))

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        missing_slash = self._missing_slash(request)
        if missing_slash:
            message = f"Not found. API paths end with a slash: {missing_slash}"
            return render(error_for(errors.NOT_FOUND, message=message))
        return self._replace(request, await self.get_response(request))

    @staticmethod
    def _replace(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith(("application/json", "application/problem+json"))
            and not getattr(response, "streaming", False)
        ):
            replacement = render(api_error_for_status(response.status_code))
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
        return render(api_error(exception))
