"""Delivery of invitation emails by the task worker, with retries and a visible state.

The request that creates (or resends) an invitation stores only a random placeholder hash and
enqueues ``invitation_email_deliver_task`` after its commit. Each attempt issues the token it sends:
it claims the attempt with one conditional UPDATE that writes the new token's hash (fenced on the
previous hash, so two workers or a resend never both count one attempt), sends outside any
transaction, then records the outcome only if its hash is still the current one. So the link in
the last email sent is the only one that works; a resend makes every earlier link stop working.

A failed attempt is retried after ``INVITATION_EMAIL_RETRY_SECONDS`` · 2^(n-1); after
``INVITATION_EMAIL_MAX_ATTEMPTS`` the invitation shows ``email_status = failed`` with the last
error, in the API and the admin, until an admin resends it.
"""

import hashlib
import logging
import secrets
from uuid import UUID

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from apps.organizations.models import Invitation, InvitationEmailStatus, InvitationStatus
from apps.users.emails import task_enqueue

logger = logging.getLogger(__name__)

ERROR_MAX_LENGTH = 500


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def placeholder_token_hash() -> str:
    """A hash no token was ever sent for: the invitation cannot be accepted until an email leaves."""
    return token_hash(secrets.token_urlsafe(32))


@task()
def invitation_email_deliver_task(invitation_id: str) -> str:
    return invitation_email_deliver(invitation_id=invitation_id)


def invitation_email_enqueue(*, invitation_id: UUID | str, delay_seconds: float = 0) -> None:
    try:
        task_enqueue(invitation_email_deliver_task, delay_seconds=delay_seconds, invitation_id=str(invitation_id))
    except Exception:  # the invitation shows "pending"; an admin can resend it
        logger.exception("could not enqueue the invitation email", extra={"invitation": str(invitation_id)})


def _retry_delay(attempt: int) -> float:
    return float(settings.INVITATION_EMAIL_RETRY_SECONDS) * 2 ** max(0, attempt - 1)


def _message(invitation: Invitation, token: str) -> tuple[str, str]:
    link = f"{settings.FRONTEND_URL}/invitations/accept?token={token}"
    organization = invitation.organization.name
    inviter = invitation.invited_by
    who = (inviter.full_name or inviter.email) if inviter else "Someone"
    body = (
        f"{who} invited you to join {organization} as {invitation.role}.\n\n"
        f"Accept the invitation (sign in or sign up with {invitation.email} first):\n{link}\n\n"
        f"The link works once and expires on {invitation.expires_at:%Y-%m-%d %H:%M} UTC."
    )
    return f"You're invited to join {organization}", body


def invitation_email_deliver(*, invitation_id: UUID | str) -> str:
    """One attempt to send the invitation's email: "sent", "retry", "failed" or "skipped" (nothing
    to send: accepted, revoked, expired, already sent, or another attempt holds it)."""
    invitation = (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(pk=invitation_id, email_status=InvitationEmailStatus.PENDING)
        .first()
    )
    if invitation is None or invitation.effective_status != InvitationStatus.PENDING:
        return "skipped"
    token = secrets.token_urlsafe(32)
    attempt = invitation.email_attempts + 1
    claimed = Invitation.objects.filter(
        pk=invitation.pk,
        status=InvitationStatus.PENDING,
        email_status=InvitationEmailStatus.PENDING,
        token_hash=invitation.token_hash,
    ).update(token_hash=token_hash(token), email_attempts=attempt)
    if claimed != 1:
        return "skipped"
    ours = Invitation.objects.filter(pk=invitation.pk, token_hash=token_hash(token))
    subject, body = _message(invitation, token)
    try:
        send_mail(
            subject=subject, message=body, from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[invitation.email]
        )
    except Exception as exc:  # noqa: BLE001 - any backend failure (SMTP, DNS, TLS) is recorded and retried
        error = f"{type(exc).__name__}: {exc}"[:ERROR_MAX_LENGTH]
        extra = {"invitation": str(invitation.pk), "attempt": attempt, "error": error}
        if attempt >= settings.INVITATION_EMAIL_MAX_ATTEMPTS:
            ours.update(email_status=InvitationEmailStatus.FAILED, email_last_error=error)
            logger.warning("invitation email failed for good", extra=extra)
            return "failed"
        if ours.update(email_last_error=error):
            logger.warning("invitation email failed; retrying", extra=extra)
            invitation_email_enqueue(invitation_id=invitation.pk, delay_seconds=_retry_delay(attempt))
        return "retry"
    ours.update(email_status=InvitationEmailStatus.SENT, email_sent_at=timezone.now(), email_last_error="")
    logger.info("invitation email sent", extra={"invitation": str(invitation.pk), "attempt": attempt})
    return "sent"
