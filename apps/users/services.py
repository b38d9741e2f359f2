"""Writes on users and their tokens: registration, login, refresh rotation, logout, profile, and
account recovery (password change and reset, email verification)."""

import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from apps.common.events import ANONYMOUS, Actor, emit
from apps.common.exceptions import PermissionDenied, RateLimited, ValidationFailed
from apps.common.ratelimit import parse_rate, rate_limit_hit
from apps.users.account_tokens import TokenCheck, email_verification_tokens, password_reset_tokens
from apps.users.emails import email_verification_enqueue, password_reset_email
from apps.users.exceptions import (
    EmailAlreadyVerified,
    EmailNotVerified,
    EmailVerificationTokenExpired,
    EmailVerificationTokenInvalid,
    InvalidCredentials,
    PasswordIncorrect,
    PasswordResetTokenExpired,
    PasswordResetTokenInvalid,
    RefreshTokenInvalid,
)
from apps.users.models import User, normalize_email
from apps.users.tokens import issued_before_password_change, token_pair_for_user

EMAIL_TAKEN = "A user with this email already exists."


def _validate_password(*, password: str, user: User, field: str = "password") -> None:
    try:
        password_validation.validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise ValidationFailed(details={field: list(exc.messages)}) from exc


def user_build(*, email: str, password: str, first_name: str = "", last_name: str = "") -> User:
    """An unsaved user: email normalised, password through the configured validators, then hashed.

    Hashing takes CPU time (about 0.5 s with Django's PBKDF2), so it happens before any transaction:
    on SQLite a transaction holds the file's write lock (IMMEDIATE mode), and every other writer,
    the task worker included, would wait for the hash."""
    user = User(email=normalize_email(email), first_name=first_name, last_name=last_name)
    _validate_password(password=password, user=user)
    user.password = make_password(password)
    return user


def user_insert(*, user: User) -> User:
    """Insert a user made by ``user_build`` (one INSERT); a taken email is a 400, also under a race."""
    if User.objects.filter(email=user.email).exists():
        raise ValidationFailed(details={"email": [EMAIL_TAKEN]})
    try:
        with transaction.atomic():
            user.full_clean(exclude=["password"], validate_unique=False, validate_constraints=False)
            user.save()
    except IntegrityError as exc:  # a concurrent registration won the race; the DB constraint decides
        raise ValidationFailed(details={"email": [EMAIL_TAKEN]}) from exc
    transaction.on_commit(lambda: email_verification_enqueue(user_id=user.pk))
    return user


def user_create(*, email: str, password: str, first_name: str = "", last_name: str = "") -> User:
    """Create a user: email normalised and unique, password through the configured validators.
    Sign-up (the user and their personal organization) is ``apps.organizations.services.account_register``."""
    return user_insert(user=user_build(email=email, password=password, first_name=first_name, last_name=last_name))


def _check_login_rate(*, key: str, rate: str, message: str = "Too many login attempts. Try again later.") -> None:
    limit, window = parse_rate(rate)
    result = rate_limit_hit(key, limit=limit, window=window)
    if not result.allowed:
        raise RateLimited(message, retry_after=result.retry_after)


def signup_throttle_check(*, client_ip: str) -> None:
    """Sign-ups per client IP (``REGISTER_RATE_PER_IP``): every account gets a personal organization
    with free AI tokens, so scripted mass registration is a business-flow abuse (OWASP API6)."""
    limit, window = parse_rate(settings.REGISTER_RATE_PER_IP)
    result = rate_limit_hit(f"register:ip:{client_ip}", limit=limit, window=window)
    if not result.allowed:
        raise RateLimited("Too many sign-ups from this address. Try again later.", retry_after=result.retry_after)


def token_refresh_rate_check(*, client_ip: str) -> None:
    """Refreshes per client IP (``TOKEN_REFRESH_RATE_PER_IP``): the endpoint is anonymous and
    writes to the database (blacklist, outstanding token), so it is bounded like login."""
    limit, window = parse_rate(settings.TOKEN_REFRESH_RATE_PER_IP)
    result = rate_limit_hit(f"refresh:ip:{client_ip}", limit=limit, window=window)
    if not result.allowed:
        raise RateLimited("Too many token refreshes. Try again later.", retry_after=result.retry_after)


def user_login(*, email: str, password: str, client_ip: str) -> dict[str, str]:
    """Check the per-IP and per-email throttles, then the credentials; return a token pair."""
    email = normalize_email(email)
    _check_login_rate(key=f"login:ip:{client_ip}", rate=settings.LOGIN_RATE_PER_IP)
    _check_login_rate(key=f"login:email:{email}", rate=settings.LOGIN_RATE_PER_EMAIL)
    user = authenticate(email=email, password=password)
    if user is None:
        _sign_in_failed(email=email)
        raise InvalidCredentials()
    tokens = token_pair_for_user(user=user)
    _account_event("auth.signed_in", user)
    return tokens


def _sign_in_failed(*, email: str) -> None:
    """A refused sign-in within the throttles (a 429 records nothing: the throttles bound these
    rows): an anonymous actor, the email tried (never the password) and, through the request, the
    IP. An account event: recorded in each organization of the user the email belongs to, if any;
    with no organization otherwise (visible to staff only). The client's answer is the same 401."""
    user_id = User.objects.filter(email=email).values_list("pk", flat=True).first()
    emit(
        "auth.sign_in_failed",
        organization_id=None,
        target=("user", user_id) if user_id is not None else None,
        actor=ANONYMOUS,
        data={"email": email},
    )


def _account_event(action: str, user: User) -> None:
    """An account event (no organization): the audit log records it in each of the user's organizations."""
    emit(action, organization_id=None, target=("user", user.pk), actor=Actor.for_user(user))


def _decode_refresh(raw_token: str) -> RefreshToken:
    try:
        return RefreshToken(raw_token)
    except TokenError as exc:
        raise RefreshTokenInvalid() from exc


def _outstanding_for(token: RefreshToken, raw_token: str, user: User | None) -> OutstandingToken:
    outstanding, _ = OutstandingToken.objects.get_or_create(
        jti=token[api_settings.JTI_CLAIM],
        defaults={
            "user": user,
            "token": raw_token,
            "created_at": timezone.now(),
            "expires_at": datetime.fromtimestamp(token["exp"], tz=UTC),
        },
    )
    return outstanding


def _blacklist_once(outstanding: OutstandingToken) -> bool:
    """Blacklist the token; False when it already was. The unique key on BlacklistedToken.token
    makes this the single point of truth: of N concurrent callers exactly one inserts."""
    try:
        with transaction.atomic():
            BlacklistedToken.objects.create(token=outstanding)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def token_refresh_rotate(*, raw_token: str) -> dict[str, str]:
    """Exchange a refresh token for a new pair; the old one is blacklisted. Of simultaneous
    refreshes with the same token, exactly one succeeds (the others get RefreshTokenInvalid → 401)."""
    token = _decode_refresh(raw_token)
    try:
        user_id = uuid.UUID(str(token.get(api_settings.USER_ID_CLAIM)))
    except ValueError as exc:
        raise RefreshTokenInvalid() from exc
    user = User.objects.filter(id=user_id, is_active=True).first()
    if user is None or issued_before_password_change(issued_at=token.get("iat"), user=user):
        raise RefreshTokenInvalid()
    if not _blacklist_once(_outstanding_for(token, raw_token, user)):
        raise RefreshTokenInvalid()
    return token_pair_for_user(user=user)


@transaction.atomic
def token_logout(*, user: User, raw_token: str) -> None:
    """Blacklist the caller's own refresh token; another user's token is refused and left alone."""
    token = _decode_refresh(raw_token)
    if str(token.get(api_settings.USER_ID_CLAIM)) != str(user.id):
        raise PermissionDenied("This refresh token does not belong to you.")
    if _blacklist_once(_outstanding_for(token, raw_token, user)):
        _account_event("auth.signed_out", user)


@transaction.atomic
def user_update_profile(
    *, user: User, first_name: str | None = None, last_name: str | None = None, email: str | None = None
) -> User:
    """Update name and email (None: unchanged); a new email is checked for uniqueness
    (case-insensitively), is unverified until its owner follows the verification link sent to it."""
    fields = []
    for name, value in (("first_name", first_name), ("last_name", last_name)):
        if value is not None:
            setattr(user, name, value)
            fields.append(name)
    if email is not None:
        email = normalize_email(email)
        if email != user.email:
            if User.objects.filter(email=email).exclude(pk=user.pk).exists():
                raise ValidationFailed(details={"email": [EMAIL_TAKEN]})
            user.email = email
            user.email_verified_at = None
            fields += ["email", "email_verified_at"]
            transaction.on_commit(lambda: email_verification_enqueue(user_id=user.pk))
    if fields:
        try:
            with transaction.atomic():
                user.save(update_fields=[*fields, "updated_at"])
        except IntegrityError as exc:
            raise ValidationFailed(details={"email": [EMAIL_TAKEN]}) from exc
    return user


# ---------------------------------------------------------------------------
# Account recovery: password change and reset, refresh-token revocation
# ---------------------------------------------------------------------------


def refresh_tokens_revoke_all(*, user: User) -> int:
    """Blacklist every unexpired refresh token of ``user`` (every session); returns how many."""
    ids = list(
        OutstandingToken.objects.filter(
            user=user, expires_at__gt=timezone.now(), blacklistedtoken__isnull=True
        ).values_list("id", flat=True)
    )
    BlacklistedToken.objects.bulk_create([BlacklistedToken(token_id=pk) for pk in ids], ignore_conflicts=True)
    return len(ids)


def _password_set(*, user: User, password: str, verify_email: bool = False) -> None:
    """Store the new password; every session of the user ends (refresh tokens blacklisted, access
    tokens issued before now refused, the authentication cache dropped by the save)."""
    user.set_password(password)
    user.password_changed_at = timezone.now()
    fields = ["password", "password_changed_at", "updated_at"]
    if verify_email and user.email_verified_at is None:
        user.email_verified_at = user.password_changed_at
        fields.append("email_verified_at")
    user.save(update_fields=fields)
    refresh_tokens_revoke_all(user=user)


@transaction.atomic
def user_password_change(*, user: User, current_password: str, new_password: str) -> dict[str, str]:
    """Change the caller's password: the current one is required (throttled per user like login),
    the new one goes through the validators. Every other session ends; returns a fresh token pair."""
    _check_login_rate(
        key=f"password-change:user:{user.pk}",
        rate=settings.PASSWORD_CHANGE_RATE_PER_USER,
        message="Too many password-change attempts. Try again later.",
    )
    user = User.objects.select_for_update().get(pk=user.pk)  # the request's user has no password loaded
    if not user.check_password(current_password):
        raise PasswordIncorrect(details={"current_password": [PasswordIncorrect.default_message]})
    _validate_password(password=new_password, user=user, field="new_password")
    _password_set(user=user, password=new_password)
    _account_event("auth.password_changed", user)
    return token_pair_for_user(user=user)


def password_reset_request(*, email: str, client_ip: str) -> None:
    """Ask for a reset link (throttled per client IP and per email). The same task is enqueued
    whether an account has this email or not; the worker sends the link only if one does."""
    email = normalize_email(email)
    message = "Too many password-reset requests. Try again later."
    _check_login_rate(key=f"password-reset:ip:{client_ip}", rate=settings.PASSWORD_RESET_RATE_PER_IP, message=message)
    _check_login_rate(key=f"password-reset:email:{email}", rate=settings.PASSWORD_RESET_RATE_PER_EMAIL, message=message)
    password_reset_email.enqueue(email=email)


@transaction.atomic
def password_reset_confirm(*, token: str, new_password: str) -> None:
    """Set a new password with a reset token: single use (the token's HMAC covers the password hash),
    expiring (``PASSWORD_RESET_TIMEOUT``). Every session of the user ends. Following the link proves
    the mailbox, so an unverified email becomes verified."""
    outcome, user = password_reset_tokens.check(token)
    if outcome is TokenCheck.EXPIRED:
        raise PasswordResetTokenExpired(details={"token": [PasswordResetTokenExpired.default_message]})
    if user is None:
        raise PasswordResetTokenInvalid(details={"token": [PasswordResetTokenInvalid.default_message]})
    user = User.objects.select_for_update().get(pk=user.pk)
    if password_reset_tokens.check(token)[0] is not TokenCheck.VALID:  # used meanwhile (under the lock)
        raise PasswordResetTokenInvalid(details={"token": [PasswordResetTokenInvalid.default_message]})
    _validate_password(password=new_password, user=user, field="new_password")
    _password_set(user=user, password=new_password, verify_email=True)
    _account_event("auth.password_reset", user)


# ---------------------------------------------------------------------------
# Email verification
# ---------------------------------------------------------------------------


def email_verify(*, token: str) -> User:
    """Mark the email the token was sent to as verified (single use; only while it is still the
    user's email)."""
    outcome, user = email_verification_tokens.check(token)
    if outcome is TokenCheck.EXPIRED:
        raise EmailVerificationTokenExpired(details={"token": [EmailVerificationTokenExpired.default_message]})
    if user is None:
        raise EmailVerificationTokenInvalid(details={"token": [EmailVerificationTokenInvalid.default_message]})
    # Conditional: of two concurrent uses one wins; an email changed meanwhile is not verified.
    now = timezone.now()
    if not User.objects.filter(pk=user.pk, email=user.email, email_verified_at__isnull=True).update(
        email_verified_at=now
    ):
        raise EmailVerificationTokenInvalid(details={"token": [EmailVerificationTokenInvalid.default_message]})
    user.email_verified_at = now
    return user


def email_verification_resend(*, user: User) -> None:
    """Send a new verification link to the caller (throttled per user); 409 once verified."""
    if user.email_verified_at is not None:
        raise EmailAlreadyVerified()
    _check_login_rate(
        key=f"email-verify-resend:user:{user.pk}",
        rate=settings.EMAIL_VERIFICATION_RESEND_RATE,
        message="Too many verification emails. Try again later.",
    )
    email_verification_enqueue(user_id=user.pk)


def email_verified_require(*, user: User, action: str) -> None:
    """403 ``email_not_verified`` when ``action`` ("invitations", "billing") is listed in
    ``REQUIRE_VERIFIED_EMAIL_FOR`` and the user's email is not verified."""
    if action in settings.REQUIRE_VERIFIED_EMAIL_FOR and user.email_verified_at is None:
        raise EmailNotVerified()
