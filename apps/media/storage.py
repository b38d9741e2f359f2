"""The one place that names the media storage: ``settings.STORAGES["media"]``."""

from django.core.files.storage import Storage, storages


def media_storage() -> Storage:
    return storages["media"]
