"""Channels: the network accounts a workspace publishes to, their OAuth grants and encrypted tokens."""

from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "apps.channels"
    label = "channels"

    def ready(self) -> None:
        from apps.channels import hooks

        hooks.install()
