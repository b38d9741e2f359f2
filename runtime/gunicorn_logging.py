"""Gunicorn's access log as JSON lines with the request id (gunicorn.conf.py ``logger_class``).

One line per request, the same shape as the application's logs (apps.common.logging): ``time``,
``level``, ``logger``, ``message`` plus the request's fields, and ``request_id`` — the
``X-Request-ID`` the response carries (apps.common.middleware.RequestIdMiddleware), so an access
line joins the application lines of the same request. Values are JSON-escaped (a quote in a
User-Agent cannot break the line). No Django import: gunicorn loads this before the application.
"""

import json
import os
import traceback
from datetime import UTC, datetime

from gunicorn.glogging import Logger


class JsonAccessLogger(Logger):
    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        try:
            status = resp.status
            if isinstance(status, str):
                status = status.split(None, 1)[0]
            headers = resp.headers.items() if hasattr(resp.headers, "items") else resp.headers
            response_headers = {name.lower(): value for name, value in headers}
            record = {
                "time": datetime.now(tz=UTC).isoformat(),
                "level": "INFO",
                "logger": "gunicorn.access",
                "message": f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')} {status}",
                "request_id": response_headers.get("x-request-id", ""),
                "method": environ.get("REQUEST_METHOD"),
                "path": environ.get("PATH_INFO"),
                "query": environ.get("QUERY_STRING", ""),
                "status": int(status) if str(status).isdigit() else status,
                "bytes": getattr(resp, "sent", None),
                "duration_ms": request_time.seconds * 1000 + request_time.microseconds // 1000,
                "remote_addr": environ.get("REMOTE_ADDR", "-"),
                "user_agent": environ.get("HTTP_USER_AGENT", ""),
                "protocol": environ.get("SERVER_PROTOCOL"),
                "pid": os.getpid(),  # the gunicorn worker process that served it
            }
            self.access_log.info(json.dumps(record, ensure_ascii=False, default=str))
        except Exception:  # noqa: BLE001 - gunicorn's own access() does the same
            self.error(traceback.format_exc())
