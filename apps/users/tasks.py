"""Housekeeping of authentication data, run by the task worker (see ``apps.common.housekeeping``).

simplejwt's ``flushexpiredtokens`` deletes every expired token in one statement: on a big table that
is one long transaction holding locks while logins and refreshes insert. Here each statement deletes
at most ``batch_size`` rows, and a run stops after ``max_batches`` (the next run continues).
"""

import logging

from django.utils import timezone
from django_tasks import task
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

logger = logging.getLogger(__name__)


def jwt_tokens_flush_expired(*, batch_size: int, max_batches: int) -> int:
    """Delete expired outstanding refresh tokens and their blacklist entries, in bounded batches.

    An expired token is refused on its ``exp`` claim alone, so its rows no longer protect anything.
    Returns how many outstanding tokens were deleted."""
    deleted = 0
    for _ in range(max_batches):
        ids = list(
            OutstandingToken.objects.filter(expires_at__lt=timezone.now())
            .order_by("expires_at")
            .values_list("id", flat=True)[:batch_size]
        )
        if not ids:
            break
        BlacklistedToken.objects.filter(token_id__in=ids).delete()
        deleted += OutstandingToken.objects.filter(id__in=ids).delete()[1].get(OutstandingToken._meta.label, 0)
        if len(ids) < batch_size:
            break
    if deleted:
        logger.info("flushed expired JWT tokens", extra={"count": deleted})
    return deleted


@task()
def flush_expired_tokens(batch_size: int | None = None, max_batches: int = 100) -> int:
    from django.conf import settings

    return jwt_tokens_flush_expired(batch_size=batch_size or settings.HOUSEKEEPING_BATCH_SIZE, max_batches=max_batches)
