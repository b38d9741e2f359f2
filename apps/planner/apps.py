"""Planner: posting schedules and the queue, recurring posts, evergreen recycling, the calendar."""

from django.apps import AppConfig


class PlannerConfig(AppConfig):
    name = "apps.planner"
    label = "planner"

    def ready(self) -> None:
        from apps.planner import hooks

        hooks.install()
