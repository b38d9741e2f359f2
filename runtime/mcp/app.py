"""The ASGI application ``config.asgi`` serves: the API (Django) and the MCP server side by side.

- ``/mcp`` and ``/mcp/``: the MCP SDK's streamable HTTP session manager (stateless, JSON answers;
  the body bounded by ``RequestBodyLimit`` as the API's are), behind a gate that asks for an API
  key (``Authorization: Bearer caas_live_…``, checked by the API's own ``api_key_authenticate``)
  and a Host of ``ALLOWED_HOSTS``; refusals in the API's error shape.
- every other HTTP request: the API's application, exactly as before (nothing added to its scope,
  its receive or its send).
- ``lifespan`` (uvicorn's, gunicorn's uvicorn workers'): runs the session manager's task group for
  the life of the worker process. Django's handler takes no lifespan events, so nothing of them
  reached it before either (uvicorn logged "ASGI 'lifespan' protocol appears unsupported").

One process, one event loop: an MCP request is a coroutine of the worker's loop like any request,
and each tool's REST call runs through the API's application in that loop (runtime.mcp.dispatch),
its database work on Django's request threads and connection pool.
"""

import contextlib
import json
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections
from django.http.request import split_domain_port, validate_host

from apps.common import errors
from apps.common.handlers import ApiError, api_error, error_for
from apps.common.middleware import request_id_of
from apps.organizations.api_keys import api_key_authenticate, looks_like_api_key
from runtime.body_limit import RequestBodyLimit
from runtime.mcp import dispatch
from runtime.mcp.tools import build_server

PATH = "/mcp"

# The route a key must be allowed on to use the MCP server (every tool but the reports is a content
# or scheduling route; each tool's own route is checked again when it is called).
_KEY_CHECK_PATH = "/api/v1/content/"


def _header(scope: dict[str, Any], name: bytes) -> str:
    return next((value.decode("latin-1") for key, value in scope["headers"] if key == name), "")


def _check_key(raw: str) -> None:
    """The API's key check, run as a request's database work is: on a thread, its connection given
    back at the end (as Django's request_finished does)."""
    try:
        api_key_authenticate(raw=raw, path=_KEY_CHECK_PATH)
    finally:
        close_old_connections()


async def _refusal(scope: dict[str, Any]) -> ApiError | None:
    """Why this MCP request is refused (a Host not allowed, no or a bad API key), or None."""
    domain, _ = split_domain_port(_header(scope, b"host"))
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:  # as Django's HttpRequest.get_host
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    if not domain or not validate_host(domain, allowed):
        return error_for(errors.BAD_REQUEST, message="Invalid Host header.")
    scheme, _, raw = _header(scope, b"authorization").partition(" ")
    if scheme.lower() != "bearer" or not looks_like_api_key(raw.strip()):
        message = "The MCP server takes an API key: Authorization: Bearer caas_live_…"
        return error_for(errors.NOT_AUTHENTICATED, message=message, headers={"WWW-Authenticate": 'Bearer realm="api"'})
    try:
        await sync_to_async(_check_key)(raw.strip())
    except Exception as exc:  # noqa: BLE001 - answered as the API answers it (api_error logs the unexpected)
        return api_error(exc)
    return None


async def _answer(scope: dict[str, Any], send: Any, error: ApiError) -> None:
    body = json.dumps(error.body).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-request-id", request_id_of(_header(scope, b"x-request-id")).encode()),
        *[(name.lower().encode(), value.encode()) for name, value in error.headers.items()],
    ]
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class Application:
    """``/mcp`` to the MCP server, the rest to ``api``; the lifespan runs the MCP session manager."""

    def __init__(self, api: Any) -> None:
        self.api = api
        dispatch.install(api)
        self.server = build_server()
        self.server.streamable_http_app()  # creates the SDK's session manager (its public way)
        self.sessions = self.server.session_manager
        self.mcp = RequestBodyLimit(self._mcp)  # an MCP request's body bounded as the API's are

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            return await self._lifespan(receive, send)
        if scope["type"] == "http" and scope["path"] in (PATH, PATH + "/"):
            return await self.mcp(scope, receive, send)
        return await self.api(scope, receive, send)

    async def _mcp(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        refusal = await _refusal(scope)
        if refusal is not None:
            return await _answer(scope, send, refusal)
        await self.sessions.handle_request(scope, receive, send)

    async def _lifespan(self, receive: Any, send: Any) -> None:
        """ASGI lifespan: the session manager's task group runs from startup to shutdown."""
        async with contextlib.AsyncExitStack() as stack:
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    try:
                        await stack.enter_async_context(self.sessions.run())
                    except Exception as exc:  # noqa: BLE001 - reported to the server, which stops
                        await send({"type": "lifespan.startup.failed", "message": repr(exc)})
                        return
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await stack.aclose()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
