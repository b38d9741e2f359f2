"""Deliver every due outbox message and reconcile overdue queued posts now, and make sure the worker's
periodic sweep is queued."""

from django.core.management.base import BaseCommand

from apps.scheduling.outbox import outbox_sweep, sweep_ensure_scheduled
from apps.scheduling.reconcile import scheduled_posts_reconcile


class Command(BaseCommand):
    help = "Deliver due scheduling outbox messages now and (re)start the worker's periodic sweep."

    def add_arguments(self, parser):
        parser.add_argument("--ensure-only", action="store_true", help="Only make sure the periodic sweep is queued.")

    def handle(self, *args, ensure_only: bool = False, **options):
        added = sweep_ensure_scheduled()
        self.stdout.write(f"periodic sweep {'queued' if added else 'already queued (or not a database backend)'}")
        if not ensure_only:
            self.stdout.write(f"delivered now: {outbox_sweep()}")
            self.stdout.write(f"reconciled now: {scheduled_posts_reconcile()}")
