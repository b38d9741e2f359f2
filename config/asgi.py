"""ASGI entry point: what production serves (``gunicorn config.asgi:application -c gunicorn.conf.py``,
uvicorn workers). Generate/regenerate are async views; every other view runs in the thread pool.
Django's ASGI handler, with Django's security, CSRF and X-Frame-Options middlewares run without
thread hops (``apps.common.asgi``)."""

import os

from apps.common.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_asgi_application()
