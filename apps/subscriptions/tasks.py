"""Housekeeping of billing data, run by the task worker (registered with ``apps.common.housekeeping``
from ``apps.subscriptions.hooks``)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from apps.common.db import delete_in_batches
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
    deleted = delete_in_batches(
        StripeEvent.objects.filter(received_at__lt=cutoff),
        order_by="received_at",
        batch_size=batch_size,
        max_batches=max_batches,
    )
    if deleted:
        logger.info("pruned stripe events", extra={"count": deleted})
    return deleted


def housekeeping_stripe_events(*, batch_size: int, max_batches: int) -> int:
    """Housekeeping job: events older than ``STRIPE_EVENT_RETENTION_DAYS``."""
    return stripe_events_prune(
        older_than=timedelta(days=settings.STRIPE_EVENT_RETENTION_DAYS), batch_size=batch_size, max_batches=max_batches
    )


def housekeeping_usage_reservations(*, batch_size: int, max_batches: int) -> int:
    """Housekeeping job: give back usage reserved more than ``USAGE_RESERVATION_STALE_MINUTES`` ago
    by a generation whose process died before settling it (not a batched delete: the sizes do not apply)."""
    return usage_release_stale(older_than=timedelta(minutes=settings.USAGE_RESERVATION_STALE_MINUTES))
