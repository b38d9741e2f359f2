"""Domain exceptions: services raise these; one handler maps them to the API error shape.

The base classes live here; each app's own errors in its ``exceptions.py``. Every code is listed in
the catalogue (``apps/common/errors.py`` → ``docs/errors.md``)."""

from typing import Any


class DomainError(Exception):
    """Base of every error a service may raise on purpose.

    Subclasses set ``status_code``, ``code`` (stable snake_case) and ``default_message``,
    as DRF's exceptions do.
    """

    status_code: int = 400
    code: str = "bad_request"
    default_message: str = "The request could not be processed."

    def __init__(self, message: str | None = None, *, details: dict[str, Any] | None = None) -> None:
        self.message = message or self.default_message
        self.details = details or {}
        super().__init__(self.message)


class ValidationFailed(DomainError):
    status_code = 400
    code = "validation_error"
    default_message = "The request is not valid."


class NotFound(DomainError):
    status_code = 404
    code = "not_found"
    default_message = "Not found."


class PermissionDenied(DomainError):
    status_code = 403
    code = "permission_denied"
    default_message = "Your role does not allow this action."


class Conflict(DomainError):
    status_code = 409
    code = "conflict"
    default_message = "The request conflicts with the current state."


class PlanLimitReached(DomainError):
    status_code = 402
    code = "plan_limit_reached"
    default_message = "Your plan's limit has been reached."


class QuotaExceeded(DomainError):
    status_code = 402
    code = "quota_exceeded"
    default_message = "Your plan's quota for this billing period is used up."


class PreconditionFailed(DomainError):
    status_code = 412
    code = "precondition_failed"
    default_message = "The resource changed since you read it (If-Match names another ETag); read it again, then retry."


class RateLimited(DomainError):
    status_code = 429
    code = "rate_limited"
    default_message = "Too many requests. Try again later."

    def __init__(self, message: str | None = None, *, retry_after: int, details: dict[str, Any] | None = None):
        self.retry_after = max(1, int(retry_after))
        super().__init__(message, details={"retry_after": self.retry_after, **(details or {})})


class ServiceNotConfigured(DomainError):
    status_code = 503
    code = "service_not_configured"
    default_message = "This feature is not configured on this server."


class UpstreamError(DomainError):
    status_code = 502
    code = "upstream_error"
    default_message = "An upstream service failed."


class UpstreamTimeout(DomainError):
    status_code = 504
    code = "upstream_timeout"
    default_message = "An upstream service did not answer in time."


class IdempotencyKeyReused(DomainError):
    status_code = 422
    code = "idempotency_key_reused"
    default_message = "This Idempotency-Key was used with another request; use a new key for a new request."


class IdempotencyInProgress(Conflict):
    code = "idempotency_in_progress"
    default_message = "A request with this Idempotency-Key is still running; retry when it has finished."


# The longest Idempotency-Key accepted (apps.common.idempotency), stated in the schema (apps.common.schema).
IDEMPOTENCY_KEY_MAX_LENGTH = 255


class IdempotencyKeyInvalid(DomainError):
    status_code = 400
    code = "idempotency_key_invalid"
    default_message = f"The Idempotency-Key must be 1 to {IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters."
