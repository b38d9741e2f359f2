"""The ASGI application production serves (``config.asgi``): Django's ASGI handler, with three of
Django's middlewares run as their inline twins (``apps.common.middleware``), and the requests'
threads kept for the next request.

``MIDDLEWARE`` names ``SecurityMiddleware``, ``CsrfViewMiddleware`` and ``XFrameOptionsMiddleware``
by Django's own dotted paths, because ``manage.py check --deploy`` looks for them there (and
checks HSTS, SSL redirect, the CSRF cookie and X-Frame-Options only when it finds them). Under
ASGI Django's classes run each hook through ``sync_to_async``: six thread hops per request, on
the path of every generation. This handler builds its chain with the twins in their places,
which do the same on the event loop. The WSGI application (``config.wsgi``) and Django's test
clients keep Django's classes.

Under ASGI, a request's sync work (its signals, a sync view, closing the response) runs on one
thread of its own (asgiref's ``ThreadSensitiveContext``). Django's handler starts that thread for
the request and stops it at the end: about 0.6 ms of CPU per request (bench: in-process, 400 at
once). This handler hands each request an idle thread of an earlier request instead, as a WSGI
server's thread pool does (``RequestThreads``): still one request at a time per thread, so a
request's database connection and transaction stay on one thread, and Django's end-of-request
signal has given the connection back by then.
"""

from concurrent.futures import Future, ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext
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


class RequestThread(ThreadPoolExecutor):
    """One thread, for the sync work of one request at a time."""

    def __init__(self) -> None:
        super().__init__(max_workers=1, thread_name_prefix="asgi-request")
        self._last: Future | None = None

    def submit(self, fn, /, *args, **kwargs) -> Future:
        self._last = super().submit(fn, *args, **kwargs)  # from the event loop's thread
        return self._last

    def idle(self) -> bool:
        """Nothing submitted is still running or waiting (one thread, first in first out)."""
        return self._last is None or self._last.done()


class RequestThreads:
    """The idle request threads of one event loop (a worker process), at most ``keep`` of them."""

    def __init__(self, *, keep: int) -> None:
        self.keep = keep
        self._idle: list[RequestThread] = []

    def take(self) -> RequestThread:
        return self._idle.pop() if self._idle else RequestThread()

    def give_back(self, thread: RequestThread) -> None:
        # A sync view of a request whose client left may still run (Django does not wait for it):
        # that thread is not handed to another request.
        if thread.idle() and len(self._idle) < self.keep:
            self._idle.append(thread)
        else:
            thread.shutdown(wait=False)

    def __len__(self) -> int:
        return len(self._idle)


class InlineMiddlewareASGIHandler(ASGIHandler):
    """Django's ``ASGIHandler`` whose middleware chain is ``middleware_served(MIDDLEWARE)`` and whose
    requests run their sync work on threads kept from earlier requests."""

    # Idle threads kept per process: a burst of this many requests at once starts no thread.
    keep_threads = 512

    def __init__(self) -> None:
        super().__init__()
        self.request_threads = RequestThreads(keep=self.keep_threads)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await super().__call__(scope, receive, send)  # Django's refusal
        thread = self.request_threads.take()
        try:
            async with ThreadSensitiveContext(executor=thread):
                await self.handle(scope, receive, send)
        finally:
            self.request_threads.give_back(thread)

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
