"""Request ids (and the request being served, for domain events), the error shape for responses
Django (not DRF) produces under /api/, and static files.

Every middleware here runs sync or async (Django picks by the next handler): under the ASGI
server one sync-only middleware would put every request, async views included, on a thread.
"""

import re
import uuid
from collections.abc import Callable

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.contrib.auth import middleware as django_auth
from django.contrib.messages import middleware as django_messages
from django.contrib.sessions import middleware as django_sessions
from django.core.exceptions import SynchronousOnlyOperation
from django.http import HttpRequest, HttpResponse
from django.middleware import clickjacking as django_clickjacking
from django.middleware import common as django_common
from django.middleware import csrf as django_csrf
from django.middleware import security as django_security
from django.urls import Resolver404, resolve
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from whitenoise.middleware import WhiteNoiseMiddleware

from apps.common import errors
from apps.common.events import reset_current_request, set_current_request
from apps.common.handlers import api_error, api_error_for_status, error_for, render
from apps.common.logging import reset_request_id, set_request_id

_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._\-]{1,128}$")


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
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # who acts, from where: read by apps.common.events
        return set_request_id(request_id), set_current_request(request), request_id


class InlineJsonRenderMiddleware(SyncAndAsyncMiddleware):
    """Under ASGI, renders a DRF JSON response on the event loop instead of in a thread.

    Django renders a response that has ``render()`` (DRF's ``Response`` is a ``SimpleTemplateResponse``)
    with ``sync_to_async(response.render)``: a second thread hop for every API request after the
    view's own (a plain ``JsonResponse`` has none). Rendering JSON is ``json.dumps`` of data the view
    already serialized, so here, as the template-response hook, it runs inline: the response's
    ``render`` becomes a coroutine that renders it at once. Anything else (an HTML template, another
    renderer) keeps Django's threaded rendering, and so does a JSON body that turns out to touch
    the database while it is encoded (a lazy queryset: ``SynchronousOnlyOperation`` on the loop).
    Under WSGI this does nothing (no hook is installed)."""

    def __init__(self, get_response: Callable) -> None:
        super().__init__(get_response)
        if self.async_mode:  # a bound method: Django names its class in its checks
            self.process_template_response = self._inline_json_render

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.async_mode:
            return self.__acall__(request)
        return self.get_response(request)

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        return await self.get_response(request)

    async def _inline_json_render(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        renderer = getattr(response, "accepted_renderer", None)
        if not isinstance(response, Response) or not isinstance(renderer, JSONRenderer):
            return response
        threaded_render = response.render

        async def render() -> HttpResponse:
            del response.render  # the class's method again
            try:
                return threaded_render()
            except SynchronousOnlyOperation:
                return await sync_to_async(threaded_render, thread_sensitive=True)()

        markcoroutinefunction(render)
        response.render = render
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


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, sync or async: a static file is served as WhiteNoise does (its file read in a
    thread under ASGI); anything else goes on without a thread hop."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable) -> None:
        super().__init__(get_response)
        self.async_mode = iscoroutinefunction(get_response)
        if self.async_mode:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.async_mode:
            return self.__acall__(request)
        return super().__call__(request)

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        if self.autorefresh:
            static_file = await sync_to_async(self.find_file, thread_sensitive=False)(request.path_info)
        else:
            static_file = self.files.get(request.path_info)
        if static_file is not None:
            return await sync_to_async(self.serve, thread_sensitive=False)(static_file, request)
        return await self.get_response(request)


# ---------------------------------------------------------------------------
# Django's own middlewares without a thread hop under ASGI
# ---------------------------------------------------------------------------
def _inline_in_async(base: type, *, hop_response: Callable[[HttpRequest], bool] | None = None) -> type:
    """``base`` (a Django ``MiddlewareMixin``) whose hooks run on the event loop under ASGI.

    Django runs a ``MiddlewareMixin``'s ``process_request``/``process_view``/``process_response``
    through ``sync_to_async`` in async mode: two or three thread hops per middleware and request
    (about a dozen for the chain), each a context switch, on the path of every generation. These
    hooks only read and write the request and the response (headers, cookies, the lazy user and
    session objects), so they run inline. The exception is a response hook that writes to the
    database (a modified session, stored messages): ``hop_response(request)`` says when, and that
    call keeps its thread. Under WSGI the class is Django's, unchanged. (Security, CSRF and
    X-Frame-Options keep Django's names in ``MIDDLEWARE``, where ``check --deploy`` looks for
    them; the ASGI handler runs their twins below, ``apps.common.asgi``.)"""

    class Inline(base):
        def __init__(self, get_response: Callable) -> None:
            super().__init__(get_response)
            if self.async_mode and hasattr(base, "process_view"):
                sync_view_hook = super().process_view

                async def process_view(request, view_func, view_args, view_kwargs):
                    return sync_view_hook(request, view_func, view_args, view_kwargs)

                self.process_view = process_view

        async def __acall__(self, request: HttpRequest) -> HttpResponse:
            response = None
            if hasattr(self, "process_request"):
                response = self.process_request(request)
            response = response or await self.get_response(request)
            if hasattr(self, "process_response"):
                if hop_response is not None and hop_response(request):
                    return await sync_to_async(self.process_response, thread_sensitive=True)(request, response)
                response = self.process_response(request, response)
            return response

    Inline.__name__ = Inline.__qualname__ = base.__name__
    Inline.__doc__ = f"{base.__module__}.{base.__name__}, its hooks inline under ASGI (_inline_in_async)."
    return Inline


def _session_written(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    return session is not None and (session.accessed or session.modified)


def _messages_stored(request: HttpRequest) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and (storage.used or storage.added_new)


SessionMiddleware = _inline_in_async(django_sessions.SessionMiddleware, hop_response=_session_written)
CommonMiddleware = _inline_in_async(django_common.CommonMiddleware)
AuthenticationMiddleware = _inline_in_async(django_auth.AuthenticationMiddleware)
MessageMiddleware = _inline_in_async(django_messages.MessageMiddleware, hop_response=_messages_stored)


# The twins of three middlewares that MIDDLEWARE names by Django's dotted paths, so that
# ``check --deploy`` finds them (HSTS, SSL redirect, CSRF cookie, X-Frame-Options); the ASGI handler
# (apps.common.asgi) runs these in their place. Their hooks set headers and cookies and compare the
# CSRF token with the cookie (CSRF_USE_SESSIONS is off: the handler refuses to swap when it is on).
SecurityMiddleware = _inline_in_async(django_security.SecurityMiddleware)
CsrfViewMiddleware = _inline_in_async(django_csrf.CsrfViewMiddleware)
XFrameOptionsMiddleware = _inline_in_async(django_clickjacking.XFrameOptionsMiddleware)
