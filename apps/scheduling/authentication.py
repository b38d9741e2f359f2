"""Authentication of the Node.js scheduler's callbacks: ``Authorization: Bearer SCHEDULER_SERVICE_TOKEN``."""

import hmac

from django.conf import settings
from rest_framework import authentication, exceptions
from rest_framework.request import Request


class SchedulerService:
    """The authenticated caller of a callback (not a user)."""

    is_authenticated = True
    is_active = True
    pk = None

    def __str__(self) -> str:
        return "scheduler-service"


class SchedulerTokenAuthentication(authentication.BaseAuthentication):
    """Constant-time comparison with the shared token; an unset token refuses everybody."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[SchedulerService, None]:
        expected = settings.SCHEDULER_SERVICE_TOKEN or ""
        header = authentication.get_authorization_header(request).decode("latin-1")
        scheme, _, given = header.partition(" ")
        if not expected or scheme != self.keyword or not given:
            raise exceptions.AuthenticationFailed("A valid scheduler service token is required.")
        if not hmac.compare_digest(given.strip().encode(), expected.encode()):
            raise exceptions.AuthenticationFailed("A valid scheduler service token is required.")
        return SchedulerService(), None

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="scheduler"'
