"""The ASGI worker keeps gunicorn's JSON access log (runtime.gunicorn_worker.AccessLog)."""

import asyncio
import json
import logging
import os

import pytest
from gunicorn.config import Config

from runtime.gunicorn_logging import JsonAccessLogger
from runtime.gunicorn_worker import AccessLog


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(record.getMessage()))


@pytest.fixture
def access_log():
    config = Config()
    config.set("accesslog", "-")
    log = JsonAccessLogger(config)
    lines = _Lines()
    log.access_log.handlers = [lines]
    return log, lines.lines


def _scope(path="/api/v1/content/", query=b"page=2"):
    return {
        "type": "http",
        "method": "POST",
        "path": path,
        "query_string": query,
        "http_version": "1.1",
        "client": ("203.0.113.9", 5555),
        "headers": [(b"user-agent", b'curl "quoted"'), (b"x-request-id", b"ignored-by-the-log")],
    }


def _run(app, scope):
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent


def test_asgi_access_line_is_gunicorns_json_with_the_response_request_id_status_bytes(access_log):
    log, lines = access_log

    async def app(scope, receive, send):
        headers = [(b"content-type", b"text/event-stream"), (b"x-request-id", b"a" * 32)]
        await send({"type": "http.response.start", "status": 201, "headers": headers})
        await send({"type": "http.response.body", "body": b"event: delta\n\n", "more_body": True})
        await send({"type": "http.response.body", "body": b"event: done\n\n"})

    sent = _run(AccessLog(app, log), _scope())

    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body", "http.response.body"]
    (line,) = lines
    assert line["logger"] == "gunicorn.access" and line["request_id"] == "a" * 32
    assert (line["method"], line["path"], line["query"], line["status"]) == ("POST", "/api/v1/content/", "page=2", 201)
    assert line["bytes"] == len(b"event: delta\n\nevent: done\n\n")
    assert line["remote_addr"] == "203.0.113.9" and line["user_agent"] == 'curl "quoted"'
    assert line["protocol"] == "HTTP/1.1" and isinstance(line["duration_ms"], int)
    assert line["pid"] == os.getpid()  # the worker process that served it


def test_asgi_access_line_of_a_failing_app_is_500_and_the_error_propagates(access_log):
    log, lines = access_log

    async def app(scope, receive, send):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        _run(AccessLog(app, log), _scope())
    assert [line["status"] for line in lines] == [500]


def test_asgi_access_line_of_a_client_gone_before_the_answer_is_499(access_log):
    log, lines = access_log

    async def app(scope, receive, send):
        return None  # Django's handler returns without an answer when the client disconnected

    _run(AccessLog(app, log), _scope())
    assert [(line["status"], line["request_id"]) for line in lines] == [(499, "")]


def test_lifespan_and_websocket_scopes_pass_through_unlogged(access_log):
    log, lines = access_log
    seen = []

    async def app(scope, receive, send):
        seen.append(scope["type"])

    _run(AccessLog(app, log), {"type": "lifespan"})
    assert seen == ["lifespan"] and lines == []
