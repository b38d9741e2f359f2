"""Scheduling: posts scheduled for publication through the Node.js scheduler or the local backend."""

import logging

from django.apps import AppConfig
from django.db.models.signals import post_migrate

logger = logging.getLogger(__name__)


def _ensure_sweep_after_migrate(**kwargs) -> None:
    """A deploy runs ``migrate``: make sure the worker's periodic outbox sweep is queued."""
    from apps.scheduling.outbox import sweep_ensure_scheduled

    try:
        sweep_ensure_scheduled()
    except Exception:
        logger.exception("could not schedule the outbox sweep")


class SchedulingConfig(AppConfig):
    name = "apps.scheduling"
    label = "scheduling"

    def ready(self) -> None:
        from apps.scheduling import (
            hooks,
            schema,  # noqa: F401 - registers the OpenAPI auth extension
        )

        hooks.install()
        post_migrate.connect(_ensure_sweep_after_migrate, sender=self)
