"""Media: the images and videos of each workspace's library, their bytes in object storage."""

from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "apps.media"
    label = "media"

    def ready(self) -> None:
        from apps.media import hooks

        hooks.install()
