"""Analytics: read-only reports of generation, publishing and quota, served from a read replica."""

from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "apps.analytics"
    label = "analytics"

    def ready(self) -> None:
        from apps.analytics import hooks

        hooks.install()
