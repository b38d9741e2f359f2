"""Account emails (password reset, email verification), sent by the task worker.

Requests only enqueue: the worker builds the token at send time (no token travels through the
queue's table) and sends it with Django's email backend (``EMAIL_BACKEND``). A password-reset
request enqueues the same task whether the email belongs to an account or not, so the request's
answer and its duration say nothing about who has an account; only the worker looks the email up.
"""

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task

from apps.users.account_tokens import email_verification_tokens, password_reset_tokens
from apps.users.models import User, normalize_email

logger = logging.getLogger(__name__)


def task_enqueue(task_: Task, *, delay_seconds: float = 0, **kwargs: Any) -> None:
    """Enqueue ``task_``, ``delay_seconds`` from now where the backend keeps tasks for later (the
    database queue); at once otherwise (the tests' immediate backend)."""
    if delay_seconds > 0 and task_.get_backend().supports_defer:
        task_ = task_.using(run_after=timezone.now() + timedelta(seconds=delay_seconds))
    task_.enqueue(**kwargs)


# --------------------------------------------------------------------------- password reset


@task()
def password_reset_email(email: str) -> str:
    return password_reset_email_send(email=email)


def password_reset_email_send(*, email: str) -> str:
    """Send a reset link if ``email`` belongs to an active account; say nothing otherwise."""
    user = User.objects.filter(email=normalize_email(email), is_active=True).first()
    if user is None:
        return "no_account"
    link = f"{settings.FRONTEND_URL}/reset-password?token={password_reset_tokens.make(user)}"
    minutes = settings.PASSWORD_RESET_TIMEOUT // 60
    send_mail(
        subject="Reset your password",
        message=(
            "Someone (hopefully you) asked to reset the password of your account.\n\n"
            f"Choose a new password here:\n{link}\n\n"
            f"The link works once and expires in {minutes} minutes. If you did not ask, ignore this email: "
            "your password stays as it is."
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )
    return "sent"


# --------------------------------------------------------------------------- email verification


@task()
def email_verification_email(user_id: str) -> str:
    return email_verification_email_send(user_id=user_id)


def email_verification_email_send(*, user_id: str) -> str:
    """Send a verification link to the user's current email, unless it is verified already."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.email_verified_at is not None:
        return "skipped"
    link = f"{settings.FRONTEND_URL}/verify-email?token={email_verification_tokens.make(user)}"
    days = max(1, settings.EMAIL_VERIFICATION_TIMEOUT // 86400)
    send_mail(
        subject="Verify your email address",
        message=(
            f"Confirm that {user.email} is your email address:\n{link}\n\n"
            f"The link works once and expires in {days} day(s)."
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )
    return "sent"


def email_verification_enqueue(*, user_id: Any) -> None:
    """Enqueue the verification email; never fails the caller (a lost email can be re-sent)."""
    try:
        email_verification_email.enqueue(user_id=str(user_id))
    except Exception:
        logger.exception("could not enqueue the verification email", extra={"user_id": str(user_id)})
