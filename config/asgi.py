"""ASGI entry point: what production serves (``gunicorn config.asgi:application -c gunicorn.conf.py``,
uvicorn workers). Generate/regenerate are async views; every other view runs in the thread pool."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_asgi_application()
