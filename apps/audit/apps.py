"""Audit log: an append-only record of who did what, fed by the domain events of every app."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "apps.audit"
    label = "audit"

    def ready(self) -> None:
        from apps.audit import hooks

        hooks.install()
