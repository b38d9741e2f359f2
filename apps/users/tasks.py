"""Housekeeping of authentication data, run by the task worker (registered with
``apps.common.housekeeping`` from ``apps.users.hooks``).

simplejwt's ``flushexpiredtokens`` deletes every expired token in one statement: on a big table that
is one long transaction holding locks while logins and refreshes insert. Here each statement deletes
at most ``batch_size`` rows, and a run stops after ``max_batches`` (the next run continues).
"""

import logging

from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from apps.common.db import delete_in_batches

logger = logging.getLogger(__name__)


def _delete_tokens(ids: list) -> int:
    BlacklistedToken.objects.filter(token_id__in=ids).delete()
    return OutstandingToken.objects.filter(id__in=ids).delete()[1].get(OutstandingToken._meta.label, 0)


def jwt_tokens_flush_expired(*, batch_size: int, max_batches: int) -> int:
    """Delete expired outstanding refresh tokens and their blacklist entries, in bounded batches.

    An expired token is refused on its ``exp`` claim alone, so its rows no longer protect anything.
    Returns how many outstanding tokens were deleted."""
    deleted = delete_in_batches(
        OutstandingToken.objects.filter(expires_at__lt=timezone.now()),
        order_by="expires_at",
        batch_size=batch_size,
        max_batches=max_batches,
        delete=_delete_tokens,
    )
    if deleted:
        logger.info("flushed expired JWT tokens", extra={"count": deleted})
    return deleted
