"""Publisher adapters of the local backend: what "publishing" means when no Node.js scheduler runs.

A post with a channel is published for real through its network (``ChannelPublisher``: the
channel's network module, its token decrypted just before the call). A platform-only post goes to
the adapter ``SCHEDULER_PUBLISHER`` names: ``log`` writes the post to the log; ``webhook`` POSTs the post as JSON to
``SCHEDULER_PUBLISHER_WEBHOOK_URL``, signed with ``X-CaaS-Signature: sha256=<HMAC-SHA256(secret, body)>``,
with its attachments (``media``: id, type, mime_type, size, dimensions, alt text and a download link).
"""

import hashlib
import hmac
import json
import logging
from collections.abc import Sequence
from typing import Protocol
from urllib.parse import urlsplit

import httpx
from django.conf import settings

from apps.channels.models import ChannelState
from apps.channels.networks import network_get
from apps.channels.networks.base import AccountAuth, MediaItem, NetworkAuthError, NetworkError, Published
from apps.channels.refresh import channel_auth_after_refresh
from apps.channels.selectors import channel_account_auth
from apps.common.db import db_step
from apps.scheduling.exceptions import RETRYABLE_4XX, ChannelPublishError, PublisherError, SchedulerNotConfigured
from apps.scheduling.models import ScheduledPost

logger = logging.getLogger(__name__)


class Publisher(Protocol):
    async def publish(
        self, *, post: ScheduledPost, idempotency_key: str, http: httpx.AsyncClient, media: Sequence[dict] = ()
    ) -> str:
        """Publish the post (over ``http``, the worker's pooled client) with its ``media`` (the
        attachments with their download links, ``apps.content.attachments.attachments_payload``);
        return the platform post id. Raise ``PublisherError`` on failure."""
        ...


class LogPublisher:
    async def publish(
        self, *, post: ScheduledPost, idempotency_key: str, http: httpx.AsyncClient, media: Sequence[dict] = ()
    ) -> str:
        logger.info(
            "scheduled post published (log publisher)",
            extra={
                "scheduled_post_id": str(post.id),
                "platform": post.platform,
                "scheduled_at": post.scheduled_at.isoformat(),
                "text_length": len(post.text),
                "media_ids": [item["id"] for item in media],
            },
        )
        return f"log-{post.id}"


def webhook_url_validate(url: str) -> str:
    """Only absolute http(s) URLs with a host and no credentials are accepted.

    The URL comes from the operator's settings, never from an API client; private addresses are
    therefore allowed (a webhook receiver on the same network is a normal setup). Redirects are not
    followed, so the request can only ever reach this URL.
    """
    parts = urlsplit(url or "")
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.username or parts.password:
        raise SchedulerNotConfigured(
            "SCHEDULER_PUBLISHER_WEBHOOK_URL must be an absolute http:// or https:// URL without credentials."
        )
    return url


def webhook_signature(*, secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class WebhookPublisher:
    def __init__(self, *, url: str | None = None, secret: str | None = None, timeout: float | None = None) -> None:
        self.url = url if url is not None else settings.SCHEDULER_PUBLISHER_WEBHOOK_URL
        self.secret = secret if secret is not None else settings.SCHEDULER_PUBLISHER_WEBHOOK_SECRET
        self.timeout = timeout if timeout is not None else settings.SCHEDULER_TIMEOUT_SECONDS

    def check_configured(self) -> None:
        webhook_url_validate(self.url)
        if not self.secret:
            raise SchedulerNotConfigured("SCHEDULER_PUBLISHER_WEBHOOK_SECRET is required by the webhook publisher.")

    async def publish(
        self, *, post: ScheduledPost, idempotency_key: str, http: httpx.AsyncClient, media: Sequence[dict] = ()
    ) -> str:
        self.check_configured()
        body = json.dumps(
            {
                "event": "scheduled_post.publish",
                "scheduled_post_id": str(post.id),
                "job_id": post.job_id,
                "content_id": str(post.content_id),
                "organization_id": str(post.organization_id),
                "platform": post.platform,
                "text": post.text,
                "scheduled_at": post.scheduled_at.isoformat(),
                "media": list(media),
            },
            separators=(",", ":"),
        ).encode()
        headers = {
            "Content-Type": "application/json",
            "X-CaaS-Signature": webhook_signature(secret=self.secret, body=body),
            # Same value on every retry of this publication: the receiver can drop duplicates.
            "Idempotency-Key": idempotency_key,
        }
        try:
            response = await http.post(
                self.url, content=body, headers=headers, timeout=httpx.Timeout(self.timeout), follow_redirects=False
            )
        except httpx.TimeoutException as exc:
            raise PublisherError(f"The publisher webhook did not answer within {self.timeout:g}s.") from exc
        except httpx.HTTPError as exc:
            raise PublisherError(f"The publisher webhook could not be reached ({type(exc).__name__}).") from exc
        status = response.status_code
        if 200 <= status < 300:
            try:
                reply = response.json()
            except ValueError:
                reply = {}
            platform_post_id = reply.get("platform_post_id") if isinstance(reply, dict) else None
            return str(platform_post_id)[:200] if platform_post_id else f"webhook-{post.id}"
        retryable = status >= 500 or status in RETRYABLE_4XX
        raise PublisherError(
            f"The publisher webhook answered {status}: {response.text[:200]}", retryable=retryable, status=status
        )


def _absolute(url: str) -> str:
    """The embedded filesystem storage links its files by path (/media/...), served by this API in
    development: the network module downloads them from API_BASE_URL."""
    return f"{settings.API_BASE_URL}{url}" if url.startswith("/") else url


def media_items(media: Sequence[dict]) -> list[MediaItem]:
    """The attachments (with their download links) as the network modules take them."""
    return [
        MediaItem(
            kind=item["type"],
            mime_type=item["mime_type"],
            url=_absolute(item["url"]),
            alt_text=item.get("alt_text") or "",
            size=item.get("size") or 0,
            width=item.get("width"),
            height=item.get("height"),
        )
        for item in media
    ]


class ChannelPublisher:
    """Publishes a post to its channel's account through the network's module (``post.channel``
    loaded with the post). A refusal comes out as ``ChannelPublishError``: permanent (the post fails
    with the network's reason), to retry (after the wait the network asked for), or the token refused.
    A refused token is refreshed once first when the channel holds a refresh token (the worker's
    refresh may have been late): only a refusal after that turns the channel reconnect_required."""

    async def publish(
        self, *, post: ScheduledPost, idempotency_key: str, http: httpx.AsyncClient, media: Sequence[dict] = ()
    ) -> Published:
        channel = post.channel
        if channel is not None and channel.state == ChannelState.RECONNECT_REQUIRED:
            reason = f"The channel needs reconnecting ({channel.state_reason or 'its token was refused'})."
            raise ChannelPublishError(reason, retryable=False, hold=True)
        if channel is None or channel.state != ChannelState.ACTIVE:
            state = channel.state if channel is not None else "deleted"
            raise ChannelPublishError(f"The channel is {state}.", retryable=False)
        extra = {"idempotency_key": idempotency_key}
        items = media_items(media)
        try:
            try:
                return await self._send(
                    channel.network, channel_account_auth(channel=channel, extra=extra), post, items, http
                )
            except NetworkAuthError:
                refresh = db_step(channel_auth_after_refresh)
                fresh = await refresh(channel_id=channel.pk, extra=extra) if channel.refresh_token else None
                if fresh is None:
                    raise
                return await self._send(channel.network, fresh, post, items, http)
        except NetworkAuthError as exc:
            raise ChannelPublishError(exc.message, retryable=False, auth_refused=True) from exc
        except NetworkError as exc:
            raise ChannelPublishError(exc.message, retryable=not exc.permanent, retry_after=exc.retry_after) from exc

    async def _send(
        self, network: str, auth: AccountAuth, post: ScheduledPost, items: list[MediaItem], http: httpx.AsyncClient
    ) -> Published:
        return await network_get(network).publish(auth=auth, text=post.text, media=items, http=http)


def publisher_get() -> Publisher:
    name = settings.SCHEDULER_PUBLISHER
    if name == "log":
        return LogPublisher()
    if name == "webhook":
        return WebhookPublisher()
    raise SchedulerNotConfigured(f"Unknown SCHEDULER_PUBLISHER {name!r} (use 'log' or 'webhook').")


def publisher_check_configured() -> None:
    publisher = publisher_get()
    if isinstance(publisher, WebhookPublisher):
        publisher.check_configured()
