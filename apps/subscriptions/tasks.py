"""Housekeeping of billing data, run by the task worker (see ``apps.common.housekeeping``)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from apps.subscriptions.models import StripeEvent
from apps.subscriptions.usage import usage_release_stale

logger = logging.getLogger(__name__)

# Stripe retries a webhook for up to 3 days; the event row is what makes a retry a no-op, so it is
# never pruned sooner than this, whatever the setting says.
MIN_STRIPE_EVENT_RETENTION = timedelta(days=7)


def stripe_events_prune(*, older_than: timedelta, batch_size: int, max_batches: int) -> int:
    """Delete webhook events received more than ``older_than`` ago (at least 7 days), at most
    ``batch_size`` rows per statement. Subscription state does not depend on them (ordering uses
    ``Subscription.last_event_at``). Returns how many were deleted."""
    cutoff = timezone.now() - max(older_than, MIN_STRIPE_EVENT_RETENTION)
    deleted = 0
    for _ in range(max_batches):
        ids = list(
            StripeEvent.objects.filter(received_at__lt=cutoff)
            .order_by("received_at")
            .values_list("id", flat=True)[:batch_size]
        )
        if not ids:
            break
        deleted += StripeEvent.objects.filter(id__in=ids).delete()[0]
        if len(ids) < batch_size:
            break
    if deleted:
        logger.info("pruned stripe events", extra={"count": deleted})
    return deleted


@task()
def prune_stripe_events(
    retention_days: int | None = None, batch_size: int | None = None, max_batches: int = 100
) -> int:
    return stripe_events_prune(
        older_than=timedelta(days=retention_days or settings.STRIPE_EVENT_RETENTION_DAYS),
        batch_size=batch_size or settings.HOUSEKEEPING_BATCH_SIZE,
        max_batches=max_batches,
    )


@task()
def release_stale_reservations(older_than_minutes: int | None = None) -> int:
    """Give back usage reserved by a generation whose process died before settling it."""
    minutes = older_than_minutes or settings.USAGE_RESERVATION_STALE_MINUTES
    return usage_release_stale(older_than=timedelta(minutes=minutes))
