"""DRF's ``APIView`` with async handlers, for the views that wait on an AI provider, and the
``Idempotency-Key`` handling of unsafe POSTs (``apps.common.idempotency``)."""

import asyncio
import inspect
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.common.db import db_step
from apps.common.idempotency import Replay, answer_kept, idempotency_begin, idempotency_finish, replayed


class IdempotentMixin:
    """For a view whose POST must not run twice (docs/api.md#idempotency): after authentication,
    throttles and permissions, the request's ``Idempotency-Key`` is claimed; an answered key is
    replayed; the answer is kept for the retries."""

    idempotent = True  # documents Idempotency-Key in the OpenAPI schema (apps.common.schema)
    # Whether ``finalize_response`` keeps the answer; False where the view keeps it itself (an async
    # view awaits ``answer_kept``, which also keeps a stream).
    keeps_answer_on_finalize = True

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        request.idempotency = idempotency_begin(request)

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, Replay):
            return replayed(exc.record)
        return super().handle_exception(exc)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        record = getattr(request, "idempotency", None)
        if record is not None and self.keeps_answer_on_finalize:
            idempotency_finish(record, status=response.status_code, body=getattr(response, "data", None))
        return response


class LargeBodyMixin:
    """For a view that takes a body above ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (a file): it declares
    ``max_body_bytes()`` and ``body_too_large()``, which ``apps.common.request_limits`` applies under
    ASGI before the body is read. Under any other server (WSGI) the same limit is applied here from
    the Content-Length, before anything reads the body (the rate limiter looks at the form); the
    service checks the file itself exactly."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > self.max_body_bytes():
            raise self.body_too_large()
        super().initial(request, *args, **kwargs)


class AsyncAPIView(IdempotentMixin, APIView):
    """An ``APIView`` whose handlers are coroutines (``async def post``), so Django serves it as an
    async view. DRF ships no async dispatch (encode/django-rest-framework#8496; adrf is the
    third-party one): this is DRF's ``dispatch`` awaiting the handler, with the sync preliminaries
    (``initial``: authentication, permissions, throttles) run as one database step (``db_step``), a
    pool thread whose connection is given back at once. The handler then does its own database
    work the same way, and holds no thread and no connection while it awaits something else.
    (adrf runs ``initial`` on the request's own thread, whose connection would stay taken until the
    response is sent.) Exceptions leave in the one error shape through DRF's exception handler."""

    keeps_answer_on_finalize = False  # _handle_kept keeps it (answer_kept), a stream included

    async def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.args = args
        self.kwargs = kwargs
        request = self.initialize_request(request, *args, **kwargs)
        self.request = request
        self.headers = self.default_response_headers
        try:
            await db_step(self.initial)(request, *args, **kwargs)
            record = getattr(request, "idempotency", None)
            if record is None:
                response = await self._handle(request, *args, **kwargs)
            else:
                # Runs to its end even if the client leaves (Django cancels the request), so that its
                # answer is kept for the retry that follows a dropped connection.
                response = await asyncio.shield(
                    asyncio.ensure_future(self._handle_kept(record, request, *args, **kwargs))
                )
        except Exception as exc:  # noqa: BLE001 - DRF's dispatch: every error gets the one shape
            response = self.handle_exception(exc)
        self.response = self.finalize_response(request, response, *args, **kwargs)
        return self.response

    async def _handle(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        method = request.method.lower()
        handler = getattr(self, method, self.http_method_not_allowed)
        if method not in self.http_method_names:
            handler = self.http_method_not_allowed
        response = handler(request, *args, **kwargs)
        if inspect.isawaitable(response):  # OPTIONS and 405 are DRF's sync handlers
            response = await response
        return response

    async def _handle_kept(self, record: Any, request: Request, *args: Any, **kwargs: Any) -> Any:
        try:
            response = await self._handle(request, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - as dispatch: the error's answer is the one to keep
            response = self.handle_exception(exc)
        return await answer_kept(record, response)
