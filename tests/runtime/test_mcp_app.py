"""The application config.asgi serves (runtime.mcp.app.Application): every request but /mcp reaches the
API's application untouched (the same scope, receive and send objects), /mcp goes to the MCP server
behind its gate, and the ASGI lifespan starts and stops the MCP session manager. Over HTTP with the
MCP SDK's client: tests/live/test_mcp.py."""

import asyncio
import contextlib

import pytest

import config.asgi
from runtime.mcp.app import Application


class Recorder:
    """An ASGI application that records what it was called with and answers 204."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    async def __call__(self, scope, receive, send):
        self.calls.append((scope, receive, send))
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})


def http_scope(path: str, headers=()) -> dict:
    return {"type": "http", "method": "POST", "path": path, "headers": list(headers), "query_string": b""}


async def nothing():
    return {"type": "http.request", "body": b"", "more_body": False}


def test_config_asgi_serves_the_mcp_application_around_the_api():
    assert isinstance(config.asgi.application, Application)
    assert type(config.asgi.application.api).__name__ == "RequestBodyLimit"


@pytest.mark.parametrize("path", ["/api/v1/content/", "/health/live", "/mcpx", "/mcp/extra", "/admin/"])
def test_other_paths_reach_the_api_untouched(path):
    api = Recorder()
    scope, sent = http_scope(path), []

    async def send(message):
        sent.append(message)

    asyncio.run(Application(api)(scope, nothing, send))

    assert len(api.calls) == 1
    called_scope, called_receive, called_send = api.calls[0]
    assert called_scope is scope and called_receive is nothing and called_send is send
    assert called_scope == http_scope(path)  # nothing added to it
    assert sent[0]["status"] == 204


@pytest.mark.parametrize("path", ["/mcp", "/mcp/"])
def test_mcp_paths_never_reach_the_api(path):
    api, sent = Recorder(), []

    async def send(message):
        sent.append(message)

    asyncio.run(Application(api)(http_scope(path, [(b"host", b"localhost")]), nothing, send))

    assert api.calls == []
    assert sent[0]["status"] == 401  # no key: refused at the gate, in the API's error shape
    assert b'"not_authenticated"' in sent[1]["body"]


def test_the_lifespan_runs_the_session_manager_from_startup_to_shutdown():
    application = Application(Recorder())
    events = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])
    sent, running = [], []

    async def receive():
        message = next(events)
        if message["type"] == "lifespan.shutdown":
            running.append(application.sessions._task_group is not None)
        return message

    async def send(message):
        sent.append(message["type"])

    asyncio.run(application({"type": "lifespan"}, receive, send))

    assert sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    assert running == [True]  # between the two, the manager's task group ran
    assert application.sessions._task_group is None


def test_a_failed_startup_is_reported_to_the_server(monkeypatch):
    application = Application(Recorder())

    @contextlib.asynccontextmanager
    async def broken():
        raise RuntimeError("the session manager cannot start")
        yield

    monkeypatch.setattr(application.sessions, "run", broken)
    sent = []

    async def receive():
        return {"type": "lifespan.startup"}

    async def send(message):
        sent.append(message)

    asyncio.run(application({"type": "lifespan"}, receive, send))

    assert [message["type"] for message in sent] == ["lifespan.startup.failed"]
    assert "cannot start" in sent[0]["message"]
