"""Signed, expiring, single-use tokens of account recovery: password reset and email verification.

Nothing is stored: a token is ``<uidb64>.<timestamp>-<hmac>`` (Django's ``PasswordResetTokenGenerator``
with the user's id in front). The HMAC covers state that the token's use changes, so a used token
stops working by itself: the password hash for a reset, the verification date and the email for a
verification (which also kills a link sent to an email the user has since changed). Each kind has its
own salt, so one kind of token is never accepted as the other.
"""

import enum
import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode

from apps.users.models import User

TOKEN_MAX_LENGTH = 200


class TokenCheck(enum.Enum):
    VALID = "valid"
    INVALID = "invalid"  # malformed, tampered, unknown or inactive user, or already used
    EXPIRED = "expired"


class _AccountTokenGenerator(PasswordResetTokenGenerator):
    timeout_setting = "PASSWORD_RESET_TIMEOUT"

    def make(self, user: User) -> str:
        return f"{urlsafe_base64_encode(force_bytes(str(user.pk)))}.{self.make_token(user)}"

    def check(self, token: str) -> tuple[TokenCheck, User | None]:
        """The outcome and the user (None unless VALID). The HMAC is checked before the age, so
        "expired" is only said of a token we issued."""
        user = _user_of(token)
        if user is None:
            return TokenCheck.INVALID, None
        value = token.partition(".")[2]
        try:
            ts_b36, _ = value.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return TokenCheck.INVALID, None
        secrets = [self.secret, *self.secret_fallbacks]
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), value) for secret in secrets
        ):
            return TokenCheck.INVALID, None
        if self._num_seconds(self._now()) - timestamp > getattr(settings, self.timeout_setting):
            return TokenCheck.EXPIRED, None
        return TokenCheck.VALID, user


def _user_of(token: Any) -> User | None:
    if not isinstance(token, str) or len(token) > TOKEN_MAX_LENGTH or "." not in token:
        return None
    uidb64 = token.partition(".")[0]
    try:
        user_id = uuid.UUID(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, UnicodeDecodeError):
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()


class PasswordResetTokens(_AccountTokenGenerator):
    """Valid ``PASSWORD_RESET_TIMEOUT`` seconds; used once (the HMAC covers the password hash)."""

    key_salt = "apps.users.account_tokens.PasswordResetTokens"


class EmailVerificationTokens(_AccountTokenGenerator):
    """Valid ``EMAIL_VERIFICATION_TIMEOUT`` seconds; used once (the HMAC covers the verification
    date) and only for the email it was sent to."""

    key_salt = "apps.users.account_tokens.EmailVerificationTokens"
    timeout_setting = "EMAIL_VERIFICATION_TIMEOUT"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        verified = "" if user.email_verified_at is None else user.email_verified_at.isoformat()
        return f"{user.pk}{user.email}{verified}{timestamp}"


password_reset_tokens = PasswordResetTokens()
email_verification_tokens = EmailVerificationTokens()
