"""The longest request target (path + query string) the API accepts: 414 in the error shape.

``MAX_REQUEST_TARGET`` (4,096 characters, documented in docs/security.md, "Request size limits") is
below the request line gunicorn reads (``limit_request_line = 8190`` in gunicorn.conf.py, its
maximum), so a long URL meets this answer, in the API's error shape, instead of gunicorn's HTML 414.
"""

from django.http import HttpRequest, HttpResponse

from apps.common import errors
from apps.common.handlers import error_for, render
from apps.common.middleware import SyncAndAsyncMiddleware

MAX_REQUEST_TARGET = 4096


class RequestTargetLimitMiddleware(SyncAndAsyncMiddleware):
    """Sync or async (under the ASGI server a sync-only middleware would run every request below
    it, async generation views included, on a thread of its own)."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.async_mode:
            return self.__acall__(request)
        too_long = self._too_long(request)
        return too_long if too_long is not None else self.get_response(request)

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        too_long = self._too_long(request)
        return too_long if too_long is not None else await self.get_response(request)

    @staticmethod
    def _too_long(request: HttpRequest) -> HttpResponse | None:
        target = len(request.META.get("PATH_INFO", "")) + len(request.META.get("QUERY_STRING", "")) + 1
        if target <= MAX_REQUEST_TARGET:
            return None
        message = f"The request URL is longer than {MAX_REQUEST_TARGET} characters."
        return render(error_for(errors.URI_TOO_LONG, message=message, details={"max_length": MAX_REQUEST_TARGET}))
