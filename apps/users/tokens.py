"""Token pairs: HS256, signed with JWT_SECRET_KEY; the access token carries the user's email."""

from rest_framework_simplejwt.tokens import RefreshToken

from apps.users.models import User


def token_pair_for_user(*, user: User) -> dict[str, str]:
    """A new refresh token (recorded as outstanding) and its access token.

    Access-token claims: token_type, exp, iat, jti, user_id (UUID string), email.
    """
    refresh = RefreshToken.for_user(user)
    refresh["email"] = user.email
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


def issued_before_password_change(*, issued_at: object, user: User) -> bool:
    """True for a token issued before the user's last password change (or reset). Compared in whole
    seconds, as ``iat`` is: the pair issued in the second of the change stays valid."""
    if user.password_changed_at is None:
        return False
    try:
        return int(issued_at) < int(user.password_changed_at.timestamp())  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return True
