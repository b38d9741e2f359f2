"""The one place that names the media storage (``settings.STORAGES["media"]``), the threads its
calls run on, and the few things asked of it beyond Django's ``Storage`` API (a presigned upload
link, a walk under a prefix).

Storage threads: django-storages' ``S3Storage`` keeps one boto3 session per thread
(``threading.local``), and a boto3 session loads the S3 service model for itself: about 12 MB per
thread. Under the ASGI server every request runs on a thread of its own (``runtime/asgi.py``), so
storage calls made from request threads would grow a worker by 12 MB per thread that ever touched
the store. Every call of the media storage therefore runs on one of ``MEDIA_STORAGE_THREADS``
threads of a process (``on_storage_thread``), and links on one more (``_on_link_thread``: they
never queue behind a transfer): at most that many sessions, created once. Calls are leaves (a save,
a delete, a link, a whole read-back): one never waits on another.
"""

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.core.files.storage import Storage, storages

P = ParamSpec("P")
R = TypeVar("R")

_executors: dict[str, ThreadPoolExecutor] = {}
_executor_lock = threading.Lock()


def media_storage() -> Storage:
    return storages["media"]


def _executor(name: str, size: int) -> ThreadPoolExecutor:
    with _executor_lock:
        if name not in _executors:
            _executors[name] = ThreadPoolExecutor(max_workers=size, thread_name_prefix=f"media-{name}")
        return _executors[name]


def on_storage_thread(fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
    """``fn(*args, **kwargs)`` run on a storage thread, its result (or exception) returned here.
    ``fn`` must not itself wait on a storage thread."""
    return _executor("storage", settings.MEDIA_STORAGE_THREADS).submit(fn, *args, **kwargs).result()


def _on_link_thread(fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
    """Links (presigned URLs: a signature computed locally, no request to the store) on a thread of
    their own, so that a list's links never wait behind the transfers of the storage threads."""
    return _executor("links", 1).submit(fn, *args, **kwargs).result()


def storage_is_object_store() -> bool:
    """True on S3-compatible object storage (django-storages' S3Storage): presigned links exist."""
    from storages.backends.s3 import S3Storage

    return isinstance(media_storage(), S3Storage)


def storage_save(key: str, file) -> str:
    return on_storage_thread(media_storage().save, key, file)


def storage_delete(key: str) -> None:
    on_storage_thread(media_storage().delete, key)


def storage_url(key: str, *, expires_in: int) -> str:
    """A link that downloads the object: presigned GET on object storage (valid ``expires_in``
    seconds), the development URL on the filesystem storage."""
    return _on_link_thread(_url, key, expires_in)


def _url(key: str, expires_in: int) -> str:
    storage = media_storage()
    try:
        return storage.url(key, expire=expires_in)
    except TypeError:  # FileSystemStorage.url takes no expiry
        return storage.url(key)


def presigned_put_url(*, key: str, expires_in: int) -> str:
    """A link that PUTs the request body as the object ``key``, and nothing else, for ``expires_in``
    seconds (SigV4 query-string signature over the method, the bucket and the key)."""
    return _on_link_thread(media_storage().url, key, expire=expires_in, http_method="PUT")


def keys_under(prefix: str) -> Iterator[str]:
    """Every object key under ``prefix`` (``org/<id>/``), recursively; nothing when there is none.
    Call it on a storage thread."""
    storage = media_storage()
    pending = [prefix.rstrip("/")]
    while pending:
        folder = pending.pop()
        try:
            folders, files = storage.listdir(folder)
        except FileNotFoundError:
            continue
        yield from (f"{folder}/{name}" for name in files)
        pending.extend(f"{folder}/{name}" for name in folders)
