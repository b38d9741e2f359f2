"""ASGI entry point (``gunicorn config.asgi:application --config gunicorn.conf.py``, uvicorn workers).

Django's application wrapped in plain ASGI middlewares (runtime/), as Saleor's ``saleor/asgi``:
``RequestBodyLimit`` bounds each request body's size and time before Django reads it. Beside it, under
``/mcp``, the MCP server (``runtime.mcp.app.Application``: the official SDK's streamable HTTP transport,
its tools calling the API above in this process; docs/mcp.md). Every other request reaches the API as
before.
"""

import os

# Django's handler keeping request threads (runtime/asgi.py). Django's own, as shipped:
# from django.core.asgi import get_asgi_application
from runtime.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_asgi_application()

from runtime.body_limit import RequestBodyLimit  # noqa: E402 - it reads the settings: after Django's setup
from runtime.mcp.app import Application  # noqa: E402

application = Application(RequestBodyLimit(application))
