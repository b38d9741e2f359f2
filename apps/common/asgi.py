"""The ASGI application production serves (``config.asgi``): Django's ASGI handler, with three of
Django's middlewares run as their inline twins (``apps.common.middleware``).

``MIDDLEWARE`` names ``SecurityMiddleware``, ``CsrfViewMiddleware`` and ``XFrameOptionsMiddleware``
by Django's own dotted paths, because ``manage.py check --deploy`` looks for them there (and
checks HSTS, SSL redirect, the CSRF cookie and X-Frame-Options only when it finds them). Under
ASGI Django's classes run each hook through ``sync_to_async``: six thread hops per request, on
the path of every generation. This handler builds its chain with the twins in their places,
which do the same on the event loop. The WSGI application (``config.wsgi``) and Django's test
clients keep Django's classes.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.asgi import ASGIHandler

INLINE_TWINS = {
    "django.middleware.security.SecurityMiddleware": "apps.common.middleware.SecurityMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware": "apps.common.middleware.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware": "apps.common.middleware.XFrameOptionsMiddleware",
}


def middleware_served(declared: list[str]) -> list[str]:
    """The middleware paths the ASGI handler builds its chain from: ``declared`` with the twins."""
    if settings.CSRF_USE_SESSIONS and "django.middleware.csrf.CsrfViewMiddleware" in declared:
        # the token would then live in the session: a database read, not an inline hook
        raise ImproperlyConfigured("CSRF_USE_SESSIONS needs Django's CsrfViewMiddleware in a thread.")
    return [INLINE_TWINS.get(path, path) for path in declared]


class InlineMiddlewareASGIHandler(ASGIHandler):
    """Django's ``ASGIHandler`` whose middleware chain is ``middleware_served(MIDDLEWARE)``."""

    def load_middleware(self, is_async: bool = False) -> None:
        declared = settings.MIDDLEWARE
        # Django's loader reads the setting; it runs once, when the application is created.
        settings.MIDDLEWARE = middleware_served(declared)
        try:
            super().load_middleware(is_async=is_async)
        finally:
            settings.MIDDLEWARE = declared


def get_asgi_application() -> InlineMiddlewareASGIHandler:
    """``django.core.asgi.get_asgi_application`` with the handler above."""
    import django

    django.setup(set_prefix=False)
    return InlineMiddlewareASGIHandler()
