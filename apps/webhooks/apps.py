"""Outgoing webhooks: organizations' endpoints, and the signed delivery of domain events to them."""

from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "apps.webhooks"
    label = "webhooks"

    def ready(self) -> None:
        from apps.webhooks import hooks

        hooks.install()
