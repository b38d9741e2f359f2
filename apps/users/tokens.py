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
