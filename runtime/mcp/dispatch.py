"""A tool's one step: the REST route it stands for, called inside this process.

Each MCP tool call becomes one HTTP request to the API's own ASGI application (Django's handler
behind ``RequestBodyLimit``, as ``config.asgi`` serves it), through httpx's ``ASGITransport``: no
socket, no second process, the same event loop. The request carries the MCP caller's
``Authorization`` header (its API key), its address and its request id, and ``Idempotency-Key`` when
the tool was given one, so the route's own authentication, role and workspace checks, quota, rate
limits, idempotency and audit log apply, exactly as to a REST client: the tools have no rule of
their own. Django runs the view as for any request (its thread, its pooled database connection
taken and given back by its request signals).

The answer becomes the tool's result: the route's JSON body (text and structured content), or, for
an error, an MCP tool error (``isError``) whose text is the route's error body,
``{"error": {"code", "message", "details"}}``.
"""

import json
from typing import Any

import httpx
from mcp.types import CallToolResult, TextContent
from starlette.requests import Request

# The API's ASGI application, set by runtime.mcp.app when the application is built.
_api: Any = None

# What of the MCP request the REST request carries (everything else is the route's own).
_FORWARDED = ("authorization", "x-request-id", "user-agent", "accept-language")


def install(api_app: Any) -> None:
    """Route the tools' calls to ``api_app`` (the API's ASGI application)."""
    global _api
    _api = api_app


def _headers(request: Request, idempotency_key: str | None) -> dict[str, str]:
    headers = {name: request.headers[name] for name in _FORWARDED if name in request.headers}
    headers["accept"] = "application/json"
    if idempotency_key:
        headers["idempotency-key"] = idempotency_key
    return headers


def _result(response: httpx.Response) -> CallToolResult:
    try:
        body = response.json() if response.content else {}
    except ValueError:
        body = {"error": {"code": "error", "message": response.text[:500], "details": {}}}
    text = json.dumps(body, ensure_ascii=False)
    if response.is_error:
        return CallToolResult(content=[TextContent(type="text", text=text)], isError=True)
    structured = body if isinstance(body, dict) else {"results": body}
    return CallToolResult(content=[TextContent(type="text", text=text)], structuredContent=structured)


async def call_api(
    request: Request,
    method: str,
    path: str,
    *,
    params: dict[str, Any] | None = None,
    body: dict[str, Any] | None = None,
    idempotency_key: str | None = None,
) -> CallToolResult:
    """``method path`` on the API as the MCP caller, its answer as the tool's result.

    ``params`` and ``body`` leave out None values: an argument not given is a field not sent, so
    the route's own default applies."""
    if _api is None:
        raise RuntimeError("runtime.mcp.dispatch.install() was not called: no API application to call.")
    client = request.client
    transport = httpx.ASGITransport(app=_api, client=(client.host, client.port) if client else ("127.0.0.1", 0))
    host = request.headers.get("host", "localhost")
    async with httpx.AsyncClient(transport=transport, base_url=f"{request.url.scheme}://{host}") as http:
        response = await http.request(
            method,
            path,
            params={key: value for key, value in (params or {}).items() if value is not None},
            json=None if body is None else {key: value for key, value in body.items() if value is not None},
            headers=_headers(request, idempotency_key),
        )
    return _result(response)
