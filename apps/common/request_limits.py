"""Limits of the request itself, before any view reads it: the request target (414) and its query
string (no NUL character), and the body's size (413, applied by ``runtime.body_limit``).

``MAX_REQUEST_TARGET`` (4,096 characters, documented in docs/security.md, "Request size limits") is
below the request line gunicorn reads (``limit_request_line = 8190`` in gunicorn.conf.py, its
maximum), so a long URL meets this answer, in the API's error shape, instead of gunicorn's HTML 414.

A query string carrying a NUL character (``%00``) is a 400 here, whatever view would read it:
PostgreSQL refuses NUL in text, so a filter value carrying one would fail in the database.

The body's limit is ``DATA_UPLOAD_MAX_MEMORY_SIZE``, or a larger one that the route's view declares
with a ``max_body_bytes()`` class method (and its ``body_too_large()`` error): the CSV import, whose
file may be as large as ``CSV_IMPORT_MAX_BYTES``, and the media direct upload
(``MEDIA_DIRECT_UPLOAD_MAX_BYTES``). ``body_refusal`` decides; the ASGI middleware
asks it before Django reads the body, from the declared ``Content-Length`` or while a chunked body
arrives.
"""

from urllib.parse import parse_qsl

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from apps.common import errors
from apps.common.handlers import ApiError, api_error, error_for, render
from apps.common.middleware import SyncAndAsyncMiddleware

MAX_REQUEST_TARGET = 4096
NUL_REFUSED = "Null characters are not allowed."


class RequestTargetLimitMiddleware(SyncAndAsyncMiddleware):
    """Sync or async (under the ASGI server a sync-only middleware would run every request below
    it, async generation views included, on a thread of its own)."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.async_mode:
            return self.__acall__(request)
        refused = self._refused(request)
        return refused if refused is not None else self.get_response(request)

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        refused = self._refused(request)
        return refused if refused is not None else await self.get_response(request)

    @staticmethod
    def _refused(request: HttpRequest) -> HttpResponse | None:
        query = request.META.get("QUERY_STRING", "")
        target = len(request.META.get("PATH_INFO", "")) + len(query) + 1
        if target > MAX_REQUEST_TARGET:
            message = f"The request URL is longer than {MAX_REQUEST_TARGET} characters."
            return render(error_for(errors.URI_TOO_LONG, message=message, details={"max_length": MAX_REQUEST_TARGET}))
        if "%00" in query:  # the only spelling of a NUL in a query string (a raw one ends the request line)
            return render(error_for(errors.VALIDATION_ERROR, details=_nul_parameters(query)))
        return None


def _nul_parameters(query: str) -> dict[str, list[str]]:
    """The query parameters carrying a NUL, as DRF names a refused field."""
    names = {name for name, value in parse_qsl(query, keep_blank_values=True) if "\x00" in name + value}
    return {name.replace("\x00", "\ufffd"): [NUL_REFUSED] for name in sorted(names)} or {"query": [NUL_REFUSED]}


def _view_class(path: str) -> type | None:
    try:
        return getattr(resolve(path).func, "view_class", None)
    except Resolver404:
        return None


def body_refusal(path: str, size: int) -> ApiError | None:
    """The answer to a request body of ``size`` bytes sent to ``path``, or None when the route takes
    it. Cheap for a body within ``DATA_UPLOAD_MAX_MEMORY_SIZE``: the route is only resolved past it."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None or size <= limit:
        return None
    view = _view_class(path)
    route_limit = getattr(view, "max_body_bytes", None)
    if route_limit is None:
        message = f"The request body is larger than {limit} bytes."
        return error_for(errors.PAYLOAD_TOO_LARGE, message=message, details={"max_bytes": limit})
    if size <= route_limit():
        return None
    return api_error(view.body_too_large())
