"""DRF authentication by API key: ``Authorization: Bearer caas_live_…`` (docs/api-keys.md).

It runs before JWT authentication and answers only for values that start with ``caas_live_``, so
JWT bearer tokens are untouched. The request's user is the key's machine user (a member of the
key's organization with the key's role) and ``request.auth`` is the ``ApiKey`` — what an audit log
records as the actor (``request_api_key(request)``).
"""

from typing import Any

from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from apps.organizations.api_keys import api_key_authenticate, looks_like_api_key
from apps.organizations.models import ApiKey


class ApiKeyAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiKey] | None:
        parts = get_authorization_header(request).split()
        if len(parts) != 2 or parts[0].lower() != self.keyword.lower().encode():
            return None
        try:
            raw = parts[1].decode()
        except UnicodeError:
            return None
        if not looks_like_api_key(raw):
            return None  # a JWT: the next authenticator's
        key = api_key_authenticate(raw=raw, path=request.path_info)
        return key.user, key

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


def request_api_key(request: Any) -> ApiKey | None:
    """The API key a request authenticated with, or None (a user's JWT, or anonymous)."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiKey) else None
