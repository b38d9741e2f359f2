"""The request body's size and time bounds, applied as the body arrives: a plain ASGI middleware
around Django's application (``config.asgi``), as Saleor's ``saleor/asgi/`` wraps its own.

Django's ASGI handler receives the WHOLE body (into a temporary file once it passes
``FILE_UPLOAD_MAX_MEMORY_SIZE``) before any middleware or view runs, and checks
``DATA_UPLOAD_MAX_MEMORY_SIZE`` only when the body is parsed: a 300 MB body was written to the
server's temporary disk before its 413, and a client declaring more than it sent held the request
open for ever (uvicorn has no body timeout). Here, before Django reads anything:

- a ``Content-Length`` above the route's limit (``apps.common.request_limits.body_refusal``:
  ``DATA_UPLOAD_MAX_MEMORY_SIZE``, or the larger one a view declares: the CSV import's, the media
  direct upload's) is answered
  413 at once, no byte of the body read;
- a chunked body (no length declared) is counted as it arrives and answered 413 as soon as it
  passes the limit;
- the whole body must arrive within ``REQUEST_BODY_TIMEOUT_SECONDS`` of the request, else 408.

Past a bound Django is told the client left (``http.disconnect``: it stops reading and closes its
file) and the answer, in the API's error shape, closes the connection (``Connection: close``): the
rest of the body is never read, and no refused body reaches the disk: Django's in-memory spool
(``FILE_UPLOAD_MAX_MEMORY_SIZE``) is the JSON limit, ``DATA_UPLOAD_MAX_MEMORY_SIZE``. A larger body
a route accepts (a media direct upload, a large CSV import) is spooled to a temporary file, never
held whole in memory.
"""

import asyncio
import json
from typing import Any

from django.conf import settings

from apps.common import errors
from apps.common.handlers import ApiError, error_for
from apps.common.middleware import request_id_of
from apps.common.request_limits import body_refusal


def _framing(headers: list[tuple[bytes, bytes]]) -> tuple[int | None, bool]:
    """The declared ``Content-Length`` (None without one) and whether the body is chunked."""
    length: int | None = None
    chunked = False
    for name, value in headers:
        if name == b"content-length":
            try:
                length = int(value)
            except ValueError:  # the server refuses a malformed length before the application runs
                length = None
        elif name == b"transfer-encoding":
            chunked = True
    return length, chunked


def _timed_out() -> ApiError:
    seconds = settings.REQUEST_BODY_TIMEOUT_SECONDS
    return error_for(
        errors.REQUEST_TIMEOUT,
        message=f"The request body did not arrive within {seconds:g} seconds.",
        details={"timeout_seconds": seconds},
    )


class _BoundedBody:
    """One request's body as the application receives it: within its size limit and its deadline,
    else ``refused`` and, for the application, the client left."""

    def __init__(self, receive: Any, *, path: str, chunked: bool) -> None:
        self._receive = receive
        self.path = path
        self.chunked = chunked
        self.deadline = asyncio.get_running_loop().time() + settings.REQUEST_BODY_TIMEOUT_SECONDS
        self.received = 0
        self.done = False
        self.refused: ApiError | None = None

    async def receive(self) -> dict[str, Any]:
        if self.done:
            return await self._receive()  # after the body: Django waits here for the client leaving
        try:
            async with asyncio.timeout_at(self.deadline):
                message = await self._receive()
        except TimeoutError:
            return self._refuse(_timed_out())
        if message["type"] != "http.request":  # the client left
            self.done = True
            return message
        self.received += len(message.get("body", b""))
        # A declared length is the server's to hold the body to; a chunked one is counted here.
        if self.chunked and (refusal := body_refusal(self.path, self.received)) is not None:
            return self._refuse(refusal)
        self.done = not message.get("more_body", False)
        return message

    def _refuse(self, error: ApiError) -> dict[str, Any]:
        self.refused, self.done = error, True
        return {"type": "http.disconnect"}


class RequestBodyLimit:
    """ASGI middleware: each HTTP request's body within its route's size limit and the time bound."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length, chunked = _framing(scope["headers"])
        if not length and not chunked:  # no body: nothing to bound
            return await self.app(scope, receive, send)
        if length and (refusal := body_refusal(scope["path"], length)) is not None:
            return await _answer(scope, send, refusal)

        body = _BoundedBody(receive, path=scope["path"], chunked=chunked)
        answered = False

        async def watched_send(message: dict[str, Any]) -> None:
            nonlocal answered
            answered = True
            await send(message)

        await self.app(scope, body.receive, watched_send)
        if body.refused is not None and not answered:
            await _answer(scope, send, body.refused)


async def _answer(scope: dict[str, Any], send: Any, error: ApiError) -> None:
    """The error as the API answers it, closing the connection: the rest of the body stays unread."""
    body = json.dumps(error.body).encode()
    incoming = next((value.decode("latin-1") for name, value in scope["headers"] if name == b"x-request-id"), "")
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
        (b"x-content-type-options", b"nosniff"),
        (b"x-request-id", request_id_of(incoming).encode()),
    ]
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
