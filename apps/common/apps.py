"""Cross-cutting pieces: errors, request ids, logging, pagination, health, rate limiting."""

import logging

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger(__name__)


def _warn_env_placeholders() -> None:
    """Keys left at an example placeholder were treated as unset (config.placeholders): say so once."""
    names = getattr(settings, "ENV_PLACEHOLDERS_IGNORED", [])
    if names:
        logger.warning(
            "Placeholder values treated as unset: %s. Set real values or leave them empty.",
            ", ".join(names),
            extra={"settings": list(names)},
        )


class CommonConfig(AppConfig):
    name = "apps.common"
    label = "common"

    def ready(self) -> None:
        from django.apps import apps
        from django.db.models.signals import post_migrate

        from apps.common.housekeeping import housekeeping_ensure_scheduled, register_job
        from apps.common.idempotency import idempotency_records_housekeeping
        from apps.common.tasks import periodic_tasks_start, register_periodic_task

        _warn_env_placeholders()
        register_periodic_task("housekeeping", housekeeping_ensure_scheduled)
        register_job("idempotency_records_pruned", idempotency_records_housekeeping)
        # The one receiver that starts every periodic chain. post_migrate is only sent for apps with
        # models, and after the whole migrate run: the task queue's app has its table.
        post_migrate.connect(
            periodic_tasks_start,
            sender=apps.get_app_config("django_tasks_database"),
            dispatch_uid="periodic_tasks_start",
        )
