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


def _strict_json_strings() -> None:
    """A string field takes strings only. DRF's ``CharField`` turns a JSON number into a string
    (``"name": 0`` → ``"0"``), which the OpenAPI schema (``type: string``) says is invalid and which
    hides client bugs; found by schemathesis. Query parameters are always strings, so unaffected."""
    from rest_framework import fields

    original = fields.CharField.to_internal_value
    if getattr(original, "strict_strings", False):
        return

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return original(self, data)

    to_internal_value.strict_strings = True
    fields.CharField.to_internal_value = to_internal_value


class CommonConfig(AppConfig):
    name = "apps.common"
    label = "common"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from apps.common.housekeeping import start_after_migrate

        _strict_json_strings()
        _warn_env_placeholders()
        # post_migrate is only sent for apps with models; the task queue's app has its table.
        from django.apps import apps

        post_migrate.connect(
            start_after_migrate,
            sender=apps.get_app_config("django_tasks_database"),
            dispatch_uid="housekeeping_start_after_migrate",
        )
