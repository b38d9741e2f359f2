"""The ASGI application of ``config.asgi`` served for real by uvicorn, in a thread of the test process,
on a port free at run time: what the MCP SDK's client and the generated Python client talk to over
HTTP (tests/live/). The server's requests use the test run's database (PostgreSQL or SQLite) and
cache, so the tests are ``transaction=True`` (committed rows, seen by the server's threads).

Its own application each time (``runtime.mcp.app.Application`` around Django's handler, as
``config.asgi`` builds it): the MCP session manager runs once per application, from uvicorn's
lifespan startup to its shutdown.
"""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from runtime.asgi import get_asgi_application
from runtime.body_limit import RequestBodyLimit
from runtime.mcp.app import Application


def free_port() -> int:
    """A TCP port of 127.0.0.1 nothing listens on now (the system's choice)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def live_server(timeout: float = 20.0) -> Iterator[str]:
    """uvicorn serving the application (lifespan on) until the block ends → its base URL."""
    application = Application(RequestBodyLimit(get_asgi_application()))
    port = free_port()
    config = uvicorn.Config(application, host="127.0.0.1", port=port, lifespan="on", log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="live-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        assert thread.is_alive(), "uvicorn stopped before it started"
        assert time.monotonic() < deadline, f"uvicorn did not start within {timeout} s"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout)
