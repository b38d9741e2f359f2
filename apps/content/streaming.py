"""Server-Sent Events for generate/regenerate: the renderer, the event encoding and the streamed response."""

import json
from collections.abc import AsyncIterator, Callable
from typing import Any

from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, StreamingHttpResponse
from rest_framework.renderers import BaseRenderer, JSONRenderer

from apps.common.exceptions import DomainError, ValidationFailed
from apps.common.handlers import api_error
from apps.common.views import AsyncAPIView

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


async def event_stream_response(
    request: HttpRequest, events: AsyncIterator[tuple[str, Any]], *, done_payload: Callable[[Any], dict[str, Any]]
) -> StreamingHttpResponse:
    """The SSE answer for a generation's events (``delta``, then ``done`` or ``error``).

    Waits for the first event, so that a failure before any text (timeout, refusal, provider
    error) is raised and answered with its real status. Served by the ASGI handler, which closes
    the generator (or cancels the request) when the client goes away: the pipeline then saves what
    arrived and settles.

    Under WSGI (``runserver``, Django's test ``Client``) Django sends an async stream only once it
    is complete, consuming it after this view's event loop has ended, which the generation (its
    SDK client, its timeouts) cannot outlive: there the events are gathered here, and sent at once.
    """
    first = await anext(events)
    if first[0] == "error":
        await events.aclose()
        raise first[1]
    stream = _sse_stream(first, events, done_payload=done_payload)
    if not isinstance(request, ASGIRequest):
        stream = [chunk async for chunk in stream]
    response = StreamingHttpResponse(stream, content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: do not buffer the stream
    return response


async def _sse_stream(
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
        await events.aclose()  # client gone: the pipeline saves what was generated and settles


class StreamingCapableApi(AsyncAPIView):
    """An async generation view that answers JSON, or Server-Sent Events when asked (``"stream": true``)."""

    renderer_classes = [JSONRenderer, EventStreamRenderer]

    def initial(self, request, *args, **kwargs):
        # DRF ignores an empty ``?format=``, which the schema's enum (json, sse) does not allow:
        # refuse it like any other value outside the enum.
        requested = request.query_params.get("format")
        if requested is not None and requested not in ("json", "sse"):
            raise ValidationFailed(details={"format": ["Use json or sse (or leave format out)."]})
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        if not isinstance(response, StreamingHttpResponse):
            # Errors and non-streamed answers are JSON (the one error shape), even for an SSE client.
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
        return super().finalize_response(request, response, *args, **kwargs)
