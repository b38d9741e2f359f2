"""The gunicorn worker class of the ASGI serving path (gunicorn.conf.py ``worker_class``).

uvicorn's worker, with gunicorn's JSON access log kept: uvicorn writes its own plain access line
(no request id, no duration, no bytes) and gunicorn's ``logger_class`` never sees an ASGI request.
So uvicorn's access line is turned off and the application is wrapped in ``AccessLog``, which
hands each finished request to gunicorn's logger (runtime.gunicorn_logging.JsonAccessLogger)
as gunicorn's sync workers do: one JSON line per request with ``request_id``, ``status``,
``bytes`` and ``duration_ms`` (a stream's duration runs until its last byte or the client leaving).

No Django import: gunicorn loads this before the application.
"""

import time
from datetime import timedelta
from typing import Any

from uvicorn_worker import UvicornWorker


class _Finished:
    """What gunicorn's ``Logger.access`` reads of a response: ``status``, ``headers``, ``sent``."""

    __slots__ = ("headers", "sent", "status")

    def __init__(self) -> None:
        self.status: int | None = None
        self.headers: list[tuple[str, str]] = []
        self.sent = 0


def _environ(scope: dict[str, Any]) -> dict[str, str]:
    """The WSGI-style variables the access line reads, from the ASGI scope."""
    user_agent = ""
    for name, value in scope.get("headers", ()):
        if name == b"user-agent":
            user_agent = value.decode("latin-1")
            break
    client = scope.get("client")
    return {
        "REQUEST_METHOD": scope.get("method", ""),
        "PATH_INFO": scope.get("path", ""),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "REMOTE_ADDR": client[0] if client else "-",
        "HTTP_USER_AGENT": user_agent,
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
    }


class AccessLog:
    """ASGI middleware: one gunicorn access line per HTTP request, written when it ends."""

    def __init__(self, app: Any, log: Any) -> None:
        self.app = app
        self.log = log

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.monotonic()
        finished = _Finished()

        async def send_counted(message: dict[str, Any]) -> None:
            kind = message["type"]
            if kind == "http.response.body":
                finished.sent += len(message.get("body", b""))
            elif kind == "http.response.start":
                finished.status = message["status"]
                finished.headers = [
                    (name.decode("latin-1"), value.decode("latin-1")) for name, value in message.get("headers", ())
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_counted)
        except BaseException:
            if finished.status is None:
                finished.status = 500  # what uvicorn answers for an application that failed
            raise
        finally:
            if finished.status is None:
                # No answer and no error: the client left first (Django cancels the view when the
                # connection closes). 499 as nginx logs it; no response, so no request id either.
                finished.status = 499
            elapsed = timedelta(seconds=time.monotonic() - started)
            self.log.access(finished, None, _environ(scope), elapsed)


class JsonAccessUvicornWorker(UvicornWorker):
    """``uvicorn_worker.UvicornWorker`` whose access lines are gunicorn's JSON ones (``AccessLog``)."""

    CONFIG_KWARGS = {**UvicornWorker.CONFIG_KWARGS, "access_log": False}

    def load_wsgi(self) -> None:
        super().load_wsgi()
        if self.log.access_log_enabled:
            self.wsgi = AccessLog(self.wsgi, self.log)
