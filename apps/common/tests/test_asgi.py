"""The ASGI application (apps.common.asgi): Django's security, CSRF and X-Frame-Options middlewares,
named by Django's paths in MIDDLEWARE (check --deploy finds them), run on the event loop with the
same effect as Django's classes."""

import asyncio
import threading

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.asgi import ASGIHandler
from django.middleware import clickjacking, csrf, security

from apps.common.asgi import INLINE_TWINS, InlineMiddlewareASGIHandler, middleware_served
from tests.support.asgi import asgi_request


def _call(app, method: str, path: str, *, body: bytes = b"", headers: list | None = None) -> tuple[int, dict, bytes]:
    return asyncio.run(asgi_request(app, method, path, body=body, headers=headers))


@pytest.fixture
def hook_threads(monkeypatch):
    """The threads Django's security, CSRF and X-Frame-Options hooks run on (the twins call them)."""
    threads: dict[str, int] = {}

    def recording(cls, name):
        original = getattr(cls, name)

        def hook(self, *args, **kwargs):
            threads[f"{cls.__name__}.{name}"] = threading.get_ident()
            return original(self, *args, **kwargs)

        monkeypatch.setattr(cls, name, hook)

    recording(security.SecurityMiddleware, "process_response")
    recording(csrf.CsrfViewMiddleware, "process_view")
    recording(clickjacking.XFrameOptionsMiddleware, "process_response")
    return threads


def _loop_thread_of(app, method: str, path: str, **kwargs) -> tuple[int, tuple]:
    loop_thread: list[int] = []

    async def wrapped(scope, receive, send):
        loop_thread.append(threading.get_ident())
        await app(scope, receive, send)

    return loop_thread, _call(wrapped, method, path, **kwargs)


def test_the_three_hooks_run_on_the_event_loop_thread(hook_threads):
    loop_thread, (status, _, _) = _loop_thread_of(InlineMiddlewareASGIHandler(), "POST", "/admin/login/")

    assert status == 403  # no CSRF token: refused by the CSRF hook
    assert set(hook_threads) == {
        "SecurityMiddleware.process_response",
        "CsrfViewMiddleware.process_view",
        "XFrameOptionsMiddleware.process_response",
    }
    assert set(hook_threads.values()) == set(loop_thread)


def test_django_s_own_handler_runs_them_in_threads(hook_threads):
    """What the twins save: the same request through Django's handler hops to a thread per hook."""
    loop_thread, (status, _, _) = _loop_thread_of(ASGIHandler(), "POST", "/admin/login/")

    assert status == 403
    assert len(hook_threads) == 3 and loop_thread[0] not in hook_threads.values()


@pytest.mark.parametrize(
    "method,path,body,headers",
    [
        ("GET", "/health/live", b"", []),
        ("GET", "/api/v1/no-such-endpoint/", b"", []),
        ("POST", "/admin/login/", b"username=a&password=b", [(b"content-type", b"application/x-www-form-urlencoded")]),
        ("GET", "/admin/login/", b"", []),  # sets the CSRF cookie
    ],
)
def test_the_twins_answer_exactly_as_django_s_classes(method, path, body, headers):
    ours = _call(InlineMiddlewareASGIHandler(), method, path, body=body, headers=headers)
    django_s = _call(ASGIHandler(), method, path, body=body, headers=headers)

    def comparable(answer):
        status, response_headers, _ = answer
        cookie = response_headers.get("set-cookie", "")
        varying = ("set-cookie", "x-request-id")  # a fresh token and request id each time
        return status, {k: v for k, v in response_headers.items() if k not in varying}, cookie.split("=")[0]

    assert comparable(ours) == comparable(django_s)
    assert ours[1]["x-content-type-options"] == "nosniff"  # the security middleware ran


def test_middleware_keeps_django_s_names_for_the_deploy_checks():
    handler = InlineMiddlewareASGIHandler()

    assert set(INLINE_TWINS) <= set(settings.MIDDLEWARE)  # unchanged by the handler
    assert asyncio.iscoroutinefunction(handler._middleware_chain)
    served = middleware_served(settings.MIDDLEWARE)
    assert [INLINE_TWINS.get(p, p) for p in settings.MIDDLEWARE] == served and not set(INLINE_TWINS) & set(served)


def test_csrf_tokens_kept_in_the_session_refuse_the_swap(settings):
    settings.CSRF_USE_SESSIONS = True

    with pytest.raises(ImproperlyConfigured):
        InlineMiddlewareASGIHandler()


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
    handler = InlineMiddlewareASGIHandler()

    first = _thread_of_sync_work(handler, "/health/live")
    second = _thread_of_sync_work(handler, "/health/live")

    assert first is second and len(handler.request_threads) == 1
    django_s = ASGIHandler()
    assert _thread_of_sync_work(django_s, "/health/live") is not _thread_of_sync_work(django_s, "/health/live")


def test_requests_at_once_each_get_a_thread_of_their_own():
    """Two requests in flight never share a thread: the first one's sync view is still running."""
    import time

    from apps.common.asgi import RequestThreads

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
    from apps.common.asgi import RequestThreads

    threads = RequestThreads(keep=2)
    taken = [threads.take() for _ in range(3)]
    for thread in taken:
        threads.give_back(thread)

    assert len(threads) == 2
    with pytest.raises(RuntimeError):  # the third was stopped
        taken[2].submit(print)
