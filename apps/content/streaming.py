"""Server-Sent Events for generate/regenerate: the renderer, the event encoding and the streamed response."""

import functools
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.views import APIView

from apps.common.db import db_step
from apps.common.exceptions import DomainError, ValidationFailed
from apps.common.handlers import api_error, render

SSE_DESCRIPTION = (
    'When `"stream": true`: `text/event-stream`. Events: `delta` (data `{"text": "..."}`, raw chunks as the '
    "provider sends them), then exactly one `done` (data: the same JSON as the 201 answer; its `generated_text` "
    "is authoritative, fitted to the platform) or one `error` (data: the error shape). Errors found before the "
    "stream starts (400/402/403/404/429/502/503/504) are answered with their status instead."
)

# One server-sent event as schema validators (schemathesis) read it: the event name and its JSON data.
SSE_EVENT_SCHEMA = {
    "type": "object",
    "required": ["event", "data"],
    "properties": {
        "event": {"type": "string", "enum": ["delta", "done", "error"]},
        "data": {"type": "string", "description": "JSON: {text} for delta, the 201 body for done, the error shape."},
    },
}


class EventStreamRenderer(BaseRenderer):
    """``text/event-stream``: declares (for content negotiation and the schema) the streamed answer of
    generate/regenerate. The stream itself is a StreamingHttpResponse; every other answer, errors
    included, is JSON whatever the Accept header (see ``StreamingCapableApi``)."""

    media_type = "text/event-stream"
    format = "sse"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        return sse_event("error" if isinstance(data, dict) and "error" in data else "message", data)


def sse_event(event: str, data: Any) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False, default=str)}\n\n".encode()


def event_stream_response(
    events: Iterator[tuple[str, Any]], *, done_payload: Callable[[Any], dict[str, Any]]
) -> StreamingHttpResponse:
    """The SSE answer for a generation's events (``delta``, then ``done`` or ``error``).

    Waits for the first event, so that a failure before any text (timeout, refusal, provider
    error) is raised and answered with its real status, and the generator is started (its close()
    then always reaches the disconnect handling).
    """
    first = next(events)
    if first[0] == "error":
        raise first[1]
    response = StreamingHttpResponse(
        _sse_stream(first, events, done_payload=done_payload), content_type="text/event-stream; charset=utf-8"
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: do not buffer the stream
    return response


def _sse_stream(
    first: tuple[str, Any], events: Iterator[tuple[str, Any]], *, done_payload: Callable[[Any], dict[str, Any]]
) -> Iterator[bytes]:
    try:
        event = first
        while event is not None:
            kind, payload = event
            if kind == "delta":
                yield sse_event("delta", {"text": payload})
            elif kind == "done":
                yield sse_event("done", done_payload(payload))
            elif isinstance(payload, DomainError):
                yield sse_event("error", api_error(payload).body)
            event = next(events, None)
    finally:
        events.close()  # client gone: the service saves what was generated and settles


class StreamingCapableApi(APIView):
    renderer_classes = [JSONRenderer, EventStreamRenderer]

    def initial(self, request, *args, **kwargs):
        # DRF ignores an empty ``?format=``, which the schema's enum (json, sse) does not allow:
        # refuse it like any other value outside the enum (found by schemathesis).
        requested = request.query_params.get("format")
        if requested is not None and requested not in ("json", "sse"):
            raise ValidationFailed(details={"format": ["Use json or sse (or leave format out)."]})
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        if not isinstance(response, StreamingHttpResponse):
            # Errors and non-streamed answers are JSON (the one error shape), even for an SSE client.
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
        return super().finalize_response(request, response, *args, **kwargs)


# ---------------------------------------------------------------------------
# Async generation views (ASGI)
# ---------------------------------------------------------------------------
async def aevent_stream_response(
    events: AsyncIterator[tuple[str, Any]], *, done_payload: Callable[[Any], dict[str, Any]]
) -> StreamingHttpResponse:
    """``event_stream_response`` for an async generator of events (served by the ASGI handler,
    which closes the generator, or cancels the request, when the client goes away)."""
    first = await anext(events)
    if first[0] == "error":
        await events.aclose()
        raise first[1]
    response = StreamingHttpResponse(
        _asse_stream(first, events, done_payload=done_payload), content_type="text/event-stream; charset=utf-8"
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


async def _asse_stream(
    first: tuple[str, Any], events: AsyncIterator[tuple[str, Any]], *, done_payload: Callable[[Any], dict[str, Any]]
) -> AsyncIterator[bytes]:
    try:
        event = first
        while event is not None:
            kind, payload = event
            if kind == "delta":
                yield sse_event("delta", {"text": payload})
            elif kind == "done":
                yield sse_event("done", done_payload(payload))
            elif isinstance(payload, DomainError):
                yield sse_event("error", api_error(payload).body)
            event = await anext(events, None)
    finally:
        await events.aclose()  # client gone: the service saves what was generated and settles


class PreparedResponse(HttpResponse):
    """What the sync (DRF) half of an async generation view hands to its async half: the request
    passed authentication, permissions, throttles and validation, and its quota is reserved."""

    def __init__(self, prepared: Any) -> None:
        super().__init__(status=202)
        self.prepared = prepared


def async_generation_view(
    api_class: type[APIView], answer: Callable[[Any], Awaitable[HttpResponseBase]]
) -> Callable[..., Awaitable[HttpResponseBase]]:
    """An async view around a DRF ``api_class`` whose handler returns ``PreparedResponse`` when
    ``request.generation_async`` is set.

    Under ASGI: the DRF view (authentication, permissions, throttles, validation, the service's
    preparation and reservation, errors in the one shape) runs as ONE database step in a pool
    thread; then ``answer(prepared)`` awaits the provider on the event loop, holding no thread and
    no connection. Its errors get the same shape (``api_error``). Under WSGI (the ``gthread``
    worker, Django's test ``Client``) the DRF view runs as it always did, sync from end to end.
    """
    sync_view = api_class.as_view()

    def prepare(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = sync_view(request, *args, **kwargs)
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()  # here, not in a thread-sensitive hop of the handler
        return response

    prepare_step = db_step(prepare)

    async def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not isinstance(request, ASGIRequest):
            return await sync_to_async(sync_view, thread_sensitive=True)(request, *args, **kwargs)
        request.generation_async = True
        pending = await prepare_step(request, *args, **kwargs)
        if not isinstance(pending, PreparedResponse):
            return pending
        try:
            response = await answer(pending.prepared)
        except Exception as exc:  # noqa: BLE001 - every error leaves in the one shape
            response = render(api_error(exc))
        for name, value in pending.items():  # what DRF added (Vary, Allow, ...)
            if name.lower() not in ("content-type", "content-length") and name not in response:
                response[name] = value
        return response

    functools.update_wrapper(view, sync_view, updated=("__dict__",))  # cls, initkwargs, csrf_exempt
    del view.__wrapped__
    return view
