"""The ASGI handler (runtime.asgi): Django's ``ASGIHandler`` that keeps request threads. It answers
as Django's handler does; a request's sync work runs on the thread an earlier request left."""

import asyncio
import threading
import time

import pytest
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler

from runtime.asgi import RequestThreads, RequestThreadsASGIHandler
from tests.support.asgi import asgi_request


def _call(app, method: str, path: str, *, body: bytes = b"", headers: list | None = None) -> tuple[int, dict, bytes]:
    return asyncio.run(asgi_request(app, method, path, body=body, headers=headers))


@pytest.mark.parametrize(
    "method,path,body,headers",
    [
        ("GET", "/health/live", b"", []),
        ("GET", "/api/v1/no-such-endpoint/", b"", []),
        ("POST", "/admin/login/", b"username=a&password=b", [(b"content-type", b"application/x-www-form-urlencoded")]),
        ("GET", "/admin/login/", b"", []),  # sets the CSRF cookie
    ],
)
def test_the_handler_answers_exactly_as_django_s(method, path, body, headers):
    ours = _call(RequestThreadsASGIHandler(), method, path, body=body, headers=headers)
    django_s = _call(ASGIHandler(), method, path, body=body, headers=headers)

    def comparable(answer):
        status, response_headers, _ = answer
        cookie = response_headers.get("set-cookie", "")
        # a fresh token and request id each time; Expires (never-cache pages) is "now" to the second
        varying = ("set-cookie", "x-request-id", "expires")
        return status, {k: v for k, v in response_headers.items() if k not in varying}, cookie.split("=")[0]

    assert comparable(ours) == comparable(django_s)
    assert ours[1]["x-content-type-options"] == "nosniff"  # Django's security middleware ran


def test_the_handler_runs_the_middleware_classes_middleware_names(monkeypatch):
    """No class is swapped in: the chain holds an instance of each class named in MIDDLEWARE."""
    from django.utils.module_loading import import_string

    built = []
    for path in settings.MIDDLEWARE:
        cls = import_string(path)
        original = cls.__init__

        def init(self, get_response, *args, _original=original, **kwargs):
            built.append(type(self))
            _original(self, get_response, *args, **kwargs)

        monkeypatch.setattr(cls, "__init__", init)

    RequestThreadsASGIHandler()

    assert built == [import_string(path) for path in reversed(settings.MIDDLEWARE)]  # built innermost first


def test_the_handler_refuses_other_scopes_as_django_s_does():
    async def nothing():
        return {}

    for app in (RequestThreadsASGIHandler(), ASGIHandler()):
        with pytest.raises(ValueError, match="only handle ASGI/HTTP connections, not lifespan"):
            asyncio.run(app({"type": "lifespan"}, nothing, nothing))


def _thread_of_sync_work(app, path: str) -> threading.Thread:
    """The thread a request's sync work (Django's request_started receivers) ran on.

    The Thread object, not its ident: the OS hands a finished thread's ident to the next one.
    """
    from django.core import signals

    seen: list[threading.Thread] = []

    def receiver(**kwargs):
        seen.append(threading.current_thread())

    signals.request_started.connect(receiver)
    try:
        _call(app, "GET", path)
    finally:
        signals.request_started.disconnect(receiver)
    return seen[0]


def test_a_request_runs_its_sync_work_on_the_thread_an_earlier_request_left():
    handler = RequestThreadsASGIHandler()

    first = _thread_of_sync_work(handler, "/health/live")
    second = _thread_of_sync_work(handler, "/health/live")

    assert first is second and len(handler.request_threads) == 1
    django_s = ASGIHandler()
    assert _thread_of_sync_work(django_s, "/health/live") is not _thread_of_sync_work(django_s, "/health/live")


def test_requests_at_once_each_get_a_thread_of_their_own():
    """Two requests in flight never share a thread: the first one's sync view is still running."""
    threads = RequestThreads(keep=4)
    a, b = threads.take(), threads.take()
    assert a is not b
    a.submit(time.sleep, 0.2)
    threads.give_back(a)  # its work is still running: not kept for another request
    threads.give_back(b)
    assert len(threads) == 1 and threads.take() is b
    with pytest.raises(RuntimeError):  # stopped (after its running work)
        a.submit(time.sleep, 0)


def test_no_more_idle_threads_than_kept():
    threads = RequestThreads(keep=2)
    taken = [threads.take() for _ in range(3)]
    for thread in taken:
        threads.give_back(thread)

    assert len(threads) == 2
    with pytest.raises(RuntimeError):  # the third was stopped
        taken[2].submit(print)
