"""Subscriptions: plans, Stripe billing, the usage ledger and per-tier rate limits."""

from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "apps.subscriptions"
    label = "subscriptions"

    def ready(self) -> None:
        from apps.common.housekeeping import register_job
        from apps.subscriptions import hooks, tasks

        register_job("stripe_events_pruned", tasks.housekeeping_stripe_events)
        register_job("usage_reservations_released", tasks.housekeeping_usage_reservations)
        hooks.install()
