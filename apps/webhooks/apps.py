"""Outgoing webhooks: organizations' endpoints, and the signed delivery of domain events to them."""

import logging

from django.apps import AppConfig
from django.db.models.signals import post_migrate

logger = logging.getLogger(__name__)


def _ensure_sweep_after_migrate(**kwargs) -> None:
    from apps.webhooks.delivery import webhooks_sweep_ensure_scheduled

    try:
        webhooks_sweep_ensure_scheduled()
    except Exception:
        logger.exception("could not schedule the webhooks sweep")


class WebhooksConfig(AppConfig):
    name = "apps.webhooks"
    label = "webhooks"

    def ready(self) -> None:
        from apps.webhooks import hooks

        hooks.install()
        post_migrate.connect(_ensure_sweep_after_migrate, sender=self)
