"""The MCP server (Model Context Protocol, the official ``mcp`` SDK), served under ``/mcp`` by the same
ASGI application as the REST API (``config.asgi``; docs/mcp.md).

- ``runtime.mcp.tools``: the tools, each a call of one REST route (``runtime.mcp.dispatch``);
- ``runtime.mcp.app``: the ASGI application around Django's: ``/mcp`` to the MCP session manager
  behind the API-key gate, everything else to Django untouched, and the ASGI lifespan that runs
  the session manager.
"""
