"""Server-Sent Events for generate/regenerate: the renderer, the event encoding and the streamed response."""

import json
from collections.abc import Callable, Iterator
from typing import Any

from django.http import StreamingHttpResponse
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.views import APIView

from apps.common.exceptions import DomainError, ValidationFailed
from apps.common.handlers import api_error

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
