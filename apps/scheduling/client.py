"""HTTP client of the Node.js scheduler service (contract: docs/scheduler-contract.md)."""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx
from django.conf import settings

from apps.scheduling.exceptions import (
    RETRYABLE_4XX,
    AlreadyPublished,
    SchedulerError,
    SchedulerNotConfigured,
    SchedulerTimeout,
    SchedulerUnavailable,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScheduleReply:
    job_id: str


# What ``GET /jobs/{job_id}`` may answer as ``status`` (docs/scheduler-contract.md, section 4).
JOB_STATUSES = frozenset({"waiting", "publishing", "published", "failed", "cancelled"})


@dataclass(frozen=True)
class JobState:
    status: str  # one of JOB_STATUSES
    platform_post_id: str = ""
    error: str = ""


def _iso(value: datetime | str) -> str:
    if isinstance(value, str):
        return value
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _id(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (UUID, str, int)):
        return str(value)
    return str(value.pk)  # a model instance (User, Organization)


class SchedulerClient:
    """Talks to ``SCHEDULER_SERVICE_URL`` with ``Authorization: Bearer SCHEDULER_SERVICE_TOKEN``.

    Every mutating call carries an ``Idempotency-Key``; the caller reuses the same key on every retry
    of the same message, so the scheduler creates (or cancels) a job once.

    The calls are coroutines. The worker passes its pooled ``http`` client (one per delivery run, its
    connections reused by every call of the run); without one, each call opens its own. Synchronous
    callers (a request's cancel, the reconciler) run them with ``async_to_sync``.
    """

    def __init__(
        self,
        *,
        base_url: str | None = None,
        token: str | None = None,
        timeout: float | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        self.base_url = (base_url if base_url is not None else settings.SCHEDULER_SERVICE_URL).rstrip("/")
        self.token = token if token is not None else settings.SCHEDULER_SERVICE_TOKEN
        self.timeout = timeout if timeout is not None else settings.SCHEDULER_TIMEOUT_SECONDS
        self.transport = transport
        self.http = http

    @staticmethod
    def is_configured() -> bool:
        return bool(settings.SCHEDULER_SERVICE_URL and settings.SCHEDULER_SERVICE_TOKEN)

    async def _request(
        self, method: str, path: str, *, idempotency_key: str | None = None, json: Any = None
    ) -> httpx.Response:
        if not self.base_url or not self.token:
            raise SchedulerNotConfigured()
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        if idempotency_key is not None:  # every mutating call has one; a read needs none
            headers["Idempotency-Key"] = idempotency_key
        url, timeout = f"{self.base_url}{path}", httpx.Timeout(self.timeout)
        try:
            if self.http is not None:
                return await self.http.request(method, url, headers=headers, json=json, timeout=timeout)
            async with httpx.AsyncClient(timeout=timeout, transport=self.transport) as http:
                return await http.request(method, url, headers=headers, json=json)
        except httpx.TimeoutException as exc:
            raise SchedulerTimeout(f"The scheduler did not answer within {self.timeout:g}s.") from exc
        except httpx.HTTPError as exc:
            raise SchedulerUnavailable(f"The scheduler could not be reached ({type(exc).__name__}).") from exc

    @staticmethod
    def _raise_for(response: httpx.Response, action: str) -> None:
        status = response.status_code
        snippet = response.text[:200]
        if status >= 500 or status in RETRYABLE_4XX:
            raise SchedulerUnavailable(f"The scheduler answered {status} to {action}: {snippet}", status=status)
        raise SchedulerError(f"The scheduler refused {action} with {status}: {snippet}", retryable=False, status=status)

    async def schedule_post(
        self,
        *,
        content_id: UUID | str,
        platform: str,
        scheduled_at: datetime | str,
        user: Any = None,
        org_id: UUID | str,
        text: str,
        scheduled_post_id: UUID | str,
        idempotency_key: str,
        callback_url: str,
        media: list[dict[str, Any]] | None = None,
        media_url: str | None = None,
        channel: dict[str, Any] | None = None,
    ) -> ScheduleReply:
        """``POST /jobs``: 2xx with ``{"job_id": "..."}`` (the same job for a repeated key).
        ``media``: the post's attachments with their download links (docs/scheduler-contract.md)."""
        body = {
            "scheduled_post_id": str(scheduled_post_id),
            "content_id": str(content_id),
            "organization_id": str(org_id),
            "user_id": _id(user),
            "platform": platform,
            "scheduled_at": _iso(scheduled_at),
            "text": text,
            "callback_url": callback_url,
            "media": media or [],
        }
        if media_url:  # absent from messages written before it existed
            body["media_url"] = media_url
        if channel:  # the channel it goes to (its token at channel["token_url"]); absent for platform-only posts
            body["channel"] = channel
        response = await self._request("POST", "/jobs", idempotency_key=idempotency_key, json=body)
        if not response.is_success:
            self._raise_for(response, "the schedule request")
        try:
            job_id = response.json().get("job_id")
        except (ValueError, AttributeError):
            job_id = None
        if not isinstance(job_id, (str, int)) or str(job_id) == "" or len(str(job_id)) > 200:
            # A broken reply: retrying with the same key is safe and gets the job id once it is fixed.
            raise SchedulerUnavailable("The scheduler's reply carries no job_id.", status=response.status_code)
        return ScheduleReply(job_id=str(job_id))

    async def cancel(self, *, job_id: str, idempotency_key: str) -> None:
        """``DELETE /jobs/{job_id}``: 2xx or 404 = cancelled (nothing will be published);
        409/410 = already published or publishing (``AlreadyPublished``)."""
        response = await self._request("DELETE", f"/jobs/{quote(job_id, safe='')}", idempotency_key=idempotency_key)
        if response.is_success or response.status_code == 404:
            return
        if response.status_code in {409, 410}:
            raise AlreadyPublished()
        self._raise_for(response, "the cancel request")

    async def job_state(self, *, job_id: str) -> JobState | None:
        """``GET /jobs/{job_id}``: the job's state, or None when the scheduler does not know the job
        (404). Any other failure raises like the other calls (timeout, unavailable, refused)."""
        response = await self._request("GET", f"/jobs/{quote(job_id, safe='')}")
        if response.status_code == 404:
            return None
        if not response.is_success:
            self._raise_for(response, "the job state request")
        try:
            body = response.json()
        except ValueError:
            body = None
        status = body.get("status") if isinstance(body, dict) else None
        if status not in JOB_STATUSES:
            raise SchedulerUnavailable("The scheduler's job state reply carries no known status.", status=200)
        platform_post_id = body.get("platform_post_id") or ""
        error = body.get("error") or ""
        return JobState(status=status, platform_post_id=str(platform_post_id)[:200], error=str(error)[:2000])
