"""The one place that names the media storage (``settings.STORAGES["media"]``) and the few things
asked of it beyond Django's ``Storage`` API: a presigned upload link, a walk under a prefix."""

from collections.abc import Iterator

from django.core.files.storage import Storage, storages


def media_storage() -> Storage:
    return storages["media"]


def storage_is_object_store() -> bool:
    """True on S3-compatible object storage (django-storages' S3Storage): presigned links exist."""
    from storages.backends.s3 import S3Storage

    return isinstance(media_storage(), S3Storage)


def presigned_put_url(*, key: str, expires_in: int) -> str:
    """A link that PUTs the request body as the object ``key``, and nothing else, for ``expires_in``
    seconds (SigV4 query-string signature over the method, the bucket and the key)."""
    return media_storage().url(key, expire=expires_in, http_method="PUT")


def keys_under(prefix: str) -> Iterator[str]:
    """Every object key under ``prefix`` (``org/<id>/``), recursively; nothing when there is none."""
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
