"""ASGI entry point (``gunicorn config.asgi:application --config gunicorn.conf.py``, uvicorn workers).

Django's application wrapped in plain ASGI middlewares (runtime/), as Saleor's ``saleor/asgi``:
``RequestBodyLimit`` bounds each request body's size and time before Django reads it.
"""

import os

# Django's handler keeping request threads (runtime/asgi.py). Django's own, as shipped:
# from django.core.asgi import get_asgi_application
from runtime.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_asgi_application()

from runtime.body_limit import RequestBodyLimit  # noqa: E402 - it reads the settings: after Django's setup

application = RequestBodyLimit(application)
