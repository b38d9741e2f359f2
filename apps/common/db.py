"""Database helpers shared by the apps."""

import asyncio
import functools
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from asgiref.sync import async_to_sync, sync_to_async
from django.conf import settings
from django.db import connections
from django.db.models import QuerySet

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def db_step_executor() -> ThreadPoolExecutor:
    """The threads of the database steps: as many as the connection pool has connections (10
    without a pool), so a step never waits for a thread while a connection is free, and never
    more (the event loop's default pool has only cores + 4)."""
    global _executor
    with _executor_lock:
        if _executor is None:
            pool = settings.DATABASES["default"].get("OPTIONS", {}).get("pool")
            size = pool.get("max_size", 10) if isinstance(pool, dict) else 10
            _executor = ThreadPoolExecutor(max_workers=size, thread_name_prefix="db-step")
        return _executor


def connections_release() -> None:
    """Give this thread's database connections back (to the pool; closed without one), unless a
    transaction is open. Sync code about to wait on database steps (``async_to_sync`` of a worker
    run) calls it first: the connection it holds idle would be one the steps' threads lack."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


def db_steps_run(fn: Callable[..., Awaitable[R]], /, **kwargs: object) -> R:
    """Run the async ``fn`` (a worker run made of database steps) to its end from sync code, this
    thread's connection given back first (``connections_release``)."""
    connections_release()
    return async_to_sync(fn)(**kwargs)


def db_step(fn: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """``fn`` (sync ORM code) made awaitable for async code: run in the database steps' thread
    pool (``thread_sensitive=False``, so steps of different requests run in parallel and none waits
    on another request's thread), and its connection given back at the end (to the pool; closed
    without one), so a request waiting on something else (an AI provider) holds no connection.
    Each step is its own short transaction (or several): never one spanning an ``await``.

    ``DB_STEPS_ON_CALLER_THREAD`` (the test settings) runs each step on the caller's thread instead
    (``sync_to_async(thread_sensitive=True)``): a test's transaction then sees it, as it sees the
    rest of the request. Tests of the pool itself turn it off and commit for real."""

    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        finally:
            connections_release()

    wrapped = functools.wraps(fn)(run)

    async def step(*args: P.args, **kwargs: P.kwargs) -> R:
        if settings.DB_STEPS_ON_CALLER_THREAD:
            return await sync_to_async(wrapped, thread_sensitive=True)(*args, **kwargs)
        return await sync_to_async(wrapped, thread_sensitive=False, executor=db_step_executor())(*args, **kwargs)

    return step


async def db_steps(iterator: Iterator[T]) -> AsyncIterator[T]:
    """``iterator`` (sync, each ``next`` reading the database) as an async iterator whose every item
    is produced by one database step (``db_step``): under ASGI an item is sent while the next one is
    read (one step ahead, no more: the consumer's pace bounds what is held), and between two steps
    no thread and no connection is held (a slow client holds neither). The same iterator is
    served as it is under WSGI: one implementation for both servers."""
    step = db_step(next)
    end = object()
    ahead = asyncio.ensure_future(step(iterator, end))
    try:
        while (item := await ahead) is not end:
            ahead = asyncio.ensure_future(step(iterator, end))
            yield item
    finally:
        ahead.cancel()  # the client left: the step running finishes on its thread, unread


def delete_in_batches(queryset: QuerySet, *, order_by: str, batch_size: int, max_batches: int, delete=None) -> int:
    """Delete the rows of ``queryset`` (oldest ``order_by`` first), at most ``batch_size`` per statement
    and ``max_batches`` statements per call, so no single transaction holds locks on a big table for
    long; the next call continues. ``delete(ids)`` replaces the plain delete (e.g. to remove dependent
    rows first) and returns how many rows it deleted. Returns the total."""
    model = queryset.model
    delete = delete or (lambda ids: model.objects.filter(pk__in=ids).delete()[1].get(model._meta.label, 0))
    deleted = 0
    for _ in range(max_batches):
        ids = list(queryset.order_by(order_by).values_list("pk", flat=True)[:batch_size])
        if not ids:
            break
        deleted += delete(ids)
        if len(ids) < batch_size:
            break
    return deleted
