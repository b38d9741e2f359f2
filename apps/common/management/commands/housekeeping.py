"""``manage.py housekeeping``: run the housekeeping jobs once now, or (``--schedule``) make sure the
worker's periodic chain is queued. See ``apps.common.housekeeping``."""

import json

from django.core.management.base import BaseCommand

from apps.common.housekeeping import housekeeping_ensure_scheduled, housekeeping_run


class Command(BaseCommand):
    help = "Flush expired JWTs, prune old webhook events and outbox messages, release stale usage reservations."

    def add_arguments(self, parser):
        parser.add_argument("--schedule", action="store_true", help="Only make sure the periodic task is queued.")
        parser.add_argument("--batch-size", type=int, default=None, help="Rows per DELETE (HOUSEKEEPING_BATCH_SIZE).")
        parser.add_argument("--max-batches", type=int, default=100, help="DELETE statements per job and run.")

    def handle(self, *args, schedule: bool, batch_size: int | None, max_batches: int, **options):
        if schedule:
            added = housekeeping_ensure_scheduled()
            self.stdout.write(
                "housekeeping scheduled" if added else "housekeeping already scheduled (or no db backend)"
            )
            return
        self.stdout.write(json.dumps(housekeeping_run(batch_size=batch_size, max_batches=max_batches)))
