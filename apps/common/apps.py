"""Cross-cutting pieces: errors, request ids, logging, pagination, health, rate limiting."""

from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "apps.common"
    label = "common"

    def ready(self) -> None:
        # post_migrate is only sent for apps with models; the task queue's app has its table.
        from django.apps import apps
        from django.db.models.signals import post_migrate

        from apps.common.housekeeping import start_after_migrate

        post_migrate.connect(
            start_after_migrate,
            sender=apps.get_app_config("django_tasks_database"),
            dispatch_uid="housekeeping_start_after_migrate",
        )
