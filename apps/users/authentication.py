"""JWT authentication: simplejwt's, plus a check that the user still exists and is active."""

import uuid

from rest_framework_simplejwt import authentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken
from rest_framework_simplejwt.settings import api_settings

from apps.users.auth_cache import user_cache_get
from apps.users.models import User
from apps.users.tokens import issued_before_password_change


class JWTAuthentication(authentication.JWTAuthentication):
    """A deactivated or deleted user is refused on the very next request (401).

    The user row comes from a short-lived cache that every change of the user invalidates
    (``apps.users.auth_cache``), so most requests run no query for authentication."""

    def get_user(self, validated_token) -> User:  # type: ignore[override]
        try:
            user_id = validated_token[api_settings.USER_ID_CLAIM]
        except KeyError as exc:
            raise InvalidToken("Token contained no recognizable user identification") from exc
        try:
            user = user_cache_get(model=User, user_id=uuid.UUID(str(user_id)))
        except ValueError as exc:  # a signed token whose user_id is no UUID
            raise AuthenticationFailed("User not found", code="user_not_found") from exc
        if user is None:
            raise AuthenticationFailed("User not found", code="user_not_found")
        if not user.is_active:
            raise AuthenticationFailed("User is inactive", code="user_inactive")
        if user.is_machine:  # an API key's machine user signs in with its key only
            raise AuthenticationFailed("User not found", code="user_not_found")
        if issued_before_password_change(issued_at=validated_token.get("iat"), user=user):
            # Every session ends with a password change or reset, access tokens included.
            raise InvalidToken("Token was issued before the last password change")
        return user
