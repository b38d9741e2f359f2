"""``manage.py planner_tick``: one pass of the planner now (due queued posts, recurring occurrences
within the horizon, held ones again, due evergreen content), and (re)start its periodic chain."""

from django.core.management.base import BaseCommand

from apps.planner.tasks import planner_ensure_scheduled, planner_tick_run


class Command(BaseCommand):
    help = "Run one pass of the planner now and make sure its periodic pass is queued."

    def handle(self, *args, **options):
        added = planner_ensure_scheduled()
        self.stdout.write(
            f"periodic planner pass {'queued' if added else 'already queued (or not a database backend)'}"
        )
        self.stdout.write(f"planned now: {planner_tick_run()}")
