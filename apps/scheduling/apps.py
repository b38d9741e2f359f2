"""Scheduling: posts scheduled for publication through the Node.js scheduler or the local backend."""

from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "apps.scheduling"
    label = "scheduling"

    def ready(self) -> None:
        from apps.scheduling import (
            hooks,
            schema,  # noqa: F401 - registers the OpenAPI auth extension
        )

        hooks.install()
