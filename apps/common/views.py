"""DRF's ``APIView`` with async handlers, for the views that wait on an AI provider."""

import inspect
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from rest_framework.views import APIView

from apps.common.db import db_step


class AsyncAPIView(APIView):
    """An ``APIView`` whose handlers are coroutines (``async def post``), so Django serves it as an
    async view. DRF ships no async dispatch (encode/django-rest-framework#8496; adrf is the
    third-party one): this is DRF's ``dispatch`` awaiting the handler, with the sync preliminaries
    (``initial``: authentication, permissions, throttles) run as one database step (``db_step``), a
    pool thread whose connection is given back at once. The handler then does its own database
    work the same way, and holds no thread and no connection while it awaits something else.
    (adrf runs ``initial`` on the request's own thread, whose connection would stay taken until the
    response is sent.) Exceptions leave in the one error shape through DRF's exception handler."""

    async def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.args = args
        self.kwargs = kwargs
        request = self.initialize_request(request, *args, **kwargs)
        self.request = request
        self.headers = self.default_response_headers
        try:
            await db_step(self.initial)(request, *args, **kwargs)
            method = request.method.lower()
            handler = getattr(self, method, self.http_method_not_allowed)
            if method not in self.http_method_names:
                handler = self.http_method_not_allowed
            response = handler(request, *args, **kwargs)
            if inspect.isawaitable(response):  # OPTIONS and 405 are DRF's sync handlers
                response = await response
        except Exception as exc:  # noqa: BLE001 - DRF's dispatch: every error gets the one shape
            response = self.handle_exception(exc)
        self.response = self.finalize_response(request, response, *args, **kwargs)
        return self.response
