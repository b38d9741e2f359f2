"""Subscriptions: plans, Stripe billing, the usage ledger and per-tier rate limits."""

from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "apps.subscriptions"
    label = "subscriptions"

    def ready(self) -> None:
        from apps.subscriptions import hooks

        hooks.install()
