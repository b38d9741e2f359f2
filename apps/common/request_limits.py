"""The longest request target (path + query string) the API accepts: 414 in the error shape.

``MAX_REQUEST_TARGET`` (4,096 characters, documented in docs/security.md, "Request size limits") is below the request
line gunicorn reads (``limit_request_line = 8190`` in gunicorn.conf.py, its maximum), so a long URL
meets this answer, in the SPEC §4 shape, instead of gunicorn's HTML 414.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from apps.common import errors
from apps.common.handlers import error_for, render

MAX_REQUEST_TARGET = 4096


class RequestTargetLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        target = len(request.META.get("PATH_INFO", "")) + len(request.META.get("QUERY_STRING", "")) + 1
        if target > MAX_REQUEST_TARGET:
            message = f"The request URL is longer than {MAX_REQUEST_TARGET} characters."
            return render(error_for(errors.URI_TOO_LONG, message=message, details={"max_length": MAX_REQUEST_TARGET}))
        return self.get_response(request)
