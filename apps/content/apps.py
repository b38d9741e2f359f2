"""Content: AI generation through pluggable providers, with every version kept."""

from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "apps.content"
    label = "content"

    def ready(self) -> None:
        from apps.content import hooks

        hooks.install()
