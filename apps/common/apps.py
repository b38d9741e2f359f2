"""Cross-cutting pieces: errors, request ids, logging, pagination, health, rate limiting."""

from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "apps.common"
    label = "common"
