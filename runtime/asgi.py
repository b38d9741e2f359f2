"""The ASGI handler production serves (``config.asgi``): Django's ``ASGIHandler``, whose requests run
their sync work on threads kept from earlier requests.

Under ASGI, a request's sync work (its signals, a sync view, closing the response) runs on one
thread of its own: asgiref's ``ThreadSensitiveContext``, which Django's handler opens per request
and which starts a thread for it and stops it at the end. This handler opens the same context with
asgiref's public ``executor=`` argument and an idle thread of an earlier request, as a WSGI server's
thread pool does (``RequestThreads``). Still one request at a time per thread, so a request's
database connection and transaction stay on one thread, and Django's end-of-request signal has
given the connection back by then.

Only ``__call__`` is overridden; the middleware chain is Django's, built from ``MIDDLEWARE``. Django's
own handler is one line away in ``config/asgi.py`` (``django.core.asgi.get_asgi_application``).
"""

from concurrent.futures import Future, ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext
from django.core.handlers.asgi import ASGIHandler


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


class RequestThreadsASGIHandler(ASGIHandler):
    """Django's ``ASGIHandler``, each HTTP request's sync work on a thread kept from an earlier one."""

    # Idle threads kept per process: a burst of this many requests at once starts no thread.
    keep_threads = 512

    def __init__(self) -> None:
        super().__init__()
        self.request_threads = RequestThreads(keep=self.keep_threads)

    async def __call__(self, scope, receive, send) -> None:
        # Django's __call__ with an executor for ThreadSensitiveContext (django/core/handlers/asgi.py).
        if scope["type"] != "http":
            return await super().__call__(scope, receive, send)  # Django's refusal
        thread = self.request_threads.take()
        try:
            async with ThreadSensitiveContext(executor=thread):
                await self.handle(scope, receive, send)
        finally:
            self.request_threads.give_back(thread)


def get_asgi_application() -> RequestThreadsASGIHandler:
    """``django.core.asgi.get_asgi_application`` with the handler above."""
    import django

    django.setup(set_prefix=False)
    return RequestThreadsASGIHandler()
