"""ASGI entry point (``gunicorn config.asgi:application --config gunicorn.conf.py``, uvicorn workers)."""

import os

# Django's handler keeping request threads (runtime/asgi.py). Django's own, as shipped:
# from django.core.asgi import get_asgi_application
from runtime.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_asgi_application()
