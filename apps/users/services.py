"""Writes on users and their tokens: registration, login, refresh rotation, logout, profile."""

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

from apps.common.exceptions import PermissionDenied, RateLimited, ValidationFailed
from apps.common.ratelimit import parse_rate, rate_limit_hit
from apps.users.exceptions import InvalidCredentials, RefreshTokenInvalid
from apps.users.models import User, normalize_email
from apps.users.tokens import token_pair_for_user

EMAIL_TAKEN = "A user with this email already exists."


def _validate_password(*, password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise ValidationFailed(details={"password": list(exc.messages)}) from exc


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
    return user


def user_create(*, email: str, password: str, first_name: str = "", last_name: str = "") -> User:
    """Create a user: email normalised and unique, password through the configured validators.
    Sign-up (the user and their personal organization) is ``apps.organizations.services.account_register``."""
    return user_insert(user=user_build(email=email, password=password, first_name=first_name, last_name=last_name))


def _check_login_rate(*, key: str, rate: str) -> None:
    limit, window = parse_rate(rate)
    result = rate_limit_hit(key, limit=limit, window=window)
    if not result.allowed:
        raise RateLimited("Too many login attempts. Try again later.", retry_after=result.retry_after)


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
        raise InvalidCredentials()
    return token_pair_for_user(user=user)


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
    if user is None:
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
    _blacklist_once(_outstanding_for(token, raw_token, user))


@transaction.atomic
def user_update_profile(*, user: User, data: dict) -> User:
    """Update name and email; a new email is checked for uniqueness (case-insensitively)."""
    fields = []
    for name in ("first_name", "last_name"):
        if name in data:
            setattr(user, name, data[name])
            fields.append(name)
    if "email" in data:
        email = normalize_email(data["email"])
        if email != user.email:
            if User.objects.filter(email=email).exclude(pk=user.pk).exists():
                raise ValidationFailed(details={"email": [EMAIL_TAKEN]})
            user.email = email
            fields.append("email")
    if fields:
        try:
            with transaction.atomic():
                user.save(update_fields=[*fields, "updated_at"])
        except IntegrityError as exc:
            raise ValidationFailed(details={"email": [EMAIL_TAKEN]}) from exc
    return user
