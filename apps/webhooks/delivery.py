"""The worker side of outgoing webhooks: deliver each endpoint's events in order, with retries.

A delivery run (``webhooks_deliver_due``; ``endpoint_deliver`` for one endpoint) takes every due
endpoint, ``WORKER_CONCURRENCY`` at a time over one pooled ``httpx.AsyncClient``, its database steps
through ``db_step``. For each it takes the endpoint's lease (one conditional UPDATE: one worker per
endpoint at a time), then sends the endpoint's pending deliveries oldest ``sequence`` first, one
after another, each outside any transaction, and records their outcomes together (one transaction
at the first failure, when a third of the lease has gone, and at the end of each batch of 20) only
while the lease is still its own (fenced; the same UPDATE renews it): a run lost mid-batch (worker
killed) sends those again, at least once and still in order. A delivery that fails blocks the ones
after it (order of occurrence is kept) and is retried with exponential backoff
(``WEBHOOK_RETRY_BASE_SECONDS`` · 2^(n-1), at most ``WEBHOOK_RETRY_MAX_SECONDS``) until
``WEBHOOK_RETRY_WINDOW_SECONDS`` (3 days) after the event; then it is marked failed and the next one
goes. After ``WEBHOOK_DISABLE_AFTER_FAILURES`` failed attempts in a row, the endpoint is disabled and
its owners are emailed; its pending deliveries wait until it is enabled again. A request that cannot be
built or sent, whatever is raised, is a failed attempt like a 500 (recorded, counted).

The same self-rescheduling sweep as scheduling's (``apps.common.tasks.ensure_one_pending``) finds
endpoints whose enqueue was lost, whose worker died, or whose retry came due; an endpoint that raises
does not stop it for the others.
"""

import asyncio
import json
import logging
import time
from datetime import datetime, timedelta
from uuid import UUID

import httpx
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from apps.common.db import db_step, db_steps_run, delete_in_batches
from apps.common.events import emit
from apps.common.tasks import enqueue_coalesced, ensure_one_pending
from apps.organizations.models import OrganizationMember, Role
from apps.users.emails import task_enqueue
from apps.webhooks.exceptions import WebhookUrlRefused
from apps.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from apps.webhooks.netguard import client_build, post_pinned, url_display
from apps.webhooks.signing import signing_headers

logger = logging.getLogger(__name__)

USER_AGENT = "CaaS-Webhooks/1"


def webhook_backoff(attempt: int) -> timedelta:
    """Delay after failed attempt ``attempt``: base · 2^(attempt-1), capped."""
    base = float(settings.WEBHOOK_RETRY_BASE_SECONDS)
    return timedelta(seconds=min(float(settings.WEBHOOK_RETRY_MAX_SECONDS), base * 2 ** max(0, attempt - 1)))


def _lease() -> timedelta:
    return timedelta(seconds=float(settings.WEBHOOK_LEASE_SECONDS))


# --------------------------------------------------------------------------- tasks


@task()
def webhook_endpoint_deliver_task(endpoint_id: str = "") -> dict[str, int]:
    """Deliver every due endpoint (``endpoint_id`` names the one that asked), endpoints concurrently."""
    return webhooks_deliver_due()


@task()
def webhooks_sweep() -> dict[str, int]:
    webhooks_sweep_ensure_scheduled()
    return webhooks_deliver_due()


def webhooks_sweep_ensure_scheduled() -> bool:
    return ensure_one_pending(webhooks_sweep, interval=timedelta(seconds=settings.WEBHOOK_SWEEP_INTERVAL_SECONDS))


def endpoint_enqueue(*, endpoint_id: UUID | str, run_after: datetime | None = None) -> None:
    """Ask the worker to deliver an endpoint's due deliveries (at ``run_after``). A delivery run
    takes every due endpoint, so a run already waiting for that moment is enough
    (``enqueue_coalesced``). Losing this is harmless: the sweep finds them. A backend that cannot
    defer (the tests' immediate one) is not asked for a later run at all: it would run it now,
    before it is due."""
    delivery = webhook_endpoint_deliver_task
    try:
        if run_after is not None and run_after > timezone.now() and not delivery.get_backend().supports_defer:
            return
        enqueue_coalesced(delivery, run_after=run_after, endpoint_id=str(endpoint_id))
    except Exception:
        logger.exception("could not enqueue webhook delivery", extra={"webhook_endpoint_id": str(endpoint_id)})


# --------------------------------------------------------------------------- lease


def _claim(endpoint_id: UUID | str) -> datetime | None:
    """Take the endpoint's lease; returns its expiry, the fencing token of every later write."""
    now = timezone.now()
    until = now + _lease()
    rows = WebhookEndpoint.objects.filter(
        Q(locked_until__isnull=True) | Q(locked_until__lt=now), pk=endpoint_id, is_active=True
    ).update(locked_until=until)
    return until if rows == 1 else None


def _fenced(endpoint_id: UUID | str, token: datetime):
    return WebhookEndpoint.objects.filter(pk=endpoint_id, locked_until=token)


def _release(endpoint_id: UUID | str, token: datetime) -> None:
    _fenced(endpoint_id, token).update(locked_until=None)


# --------------------------------------------------------------------------- delivery


def endpoint_deliver(*, endpoint_id: UUID | str, limit: int = 100) -> dict[str, int]:
    """Send one endpoint's due deliveries in order, stopping at the first failure or at one not due
    yet. Returns counts by outcome (``busy`` when another worker holds the endpoint)."""
    return db_steps_run(_endpoints_deliver, endpoint_ids=[endpoint_id], limit=limit)


def webhooks_deliver_due(*, limit: int = 200) -> dict[str, int]:
    """The worker's run (and the sweep): every active, unleased endpoint whose oldest pending
    delivery is due, ``WORKER_CONCURRENCY`` endpoints at a time, each endpoint's deliveries one after
    another in ``sequence`` order."""
    now = timezone.now()
    endpoint_ids = list(
        WebhookDelivery.objects.filter(
            status=DeliveryStatus.PENDING,
            next_attempt_at__lte=now,
            endpoint__is_active=True,
        )
        .filter(Q(endpoint__locked_until__isnull=True) | Q(endpoint__locked_until__lt=now))
        .order_by()  # not the model's "-sequence": one row per endpoint
        .values_list("endpoint_id", flat=True)
        .distinct()[:limit]
    )
    if not endpoint_ids:
        return {}
    return db_steps_run(_endpoints_deliver, endpoint_ids=endpoint_ids, limit=100)


async def _endpoints_deliver(*, endpoint_ids: list, limit: int) -> dict[str, int]:
    """The endpoints concurrently (at most ``WORKER_CONCURRENCY`` at once) over one pooled client."""
    concurrency = max(1, int(settings.WORKER_CONCURRENCY))
    slots = asyncio.Semaphore(concurrency)
    totals: dict[str, int] = {}

    async def one(endpoint_id) -> dict[str, int]:
        async with slots:
            try:
                return await _endpoint_run(endpoint_id=endpoint_id, limit=limit, client=client)
            except Exception:
                # One endpoint's failure (its lease is released on the way out) must not stop the run for
                # the endpoints after it, other organizations' included.
                logger.exception("webhook endpoint delivery failed", extra={"webhook_endpoint_id": str(endpoint_id)})
                return {"error": 1}

    async with client_build(timeout=float(settings.WEBHOOK_TIMEOUT_SECONDS), connections=concurrency) as client:
        for outcomes in await asyncio.gather(*(one(endpoint_id) for endpoint_id in endpoint_ids)):
            for outcome, count in outcomes.items():
                totals[outcome] = totals.get(outcome, 0) + count
    return totals


async def _endpoint_run(*, endpoint_id: UUID | str, limit: int, client: httpx.AsyncClient) -> dict[str, int]:
    token = await db_step(_claim)(endpoint_id)
    if token is None:
        return {"busy": 1}
    outcomes: dict[str, int] = {}
    try:
        sent = 0
        while token is not None and sent < limit:
            size = min(20, limit - sent)
            batch = await db_step(_due_batch)(endpoint_id=endpoint_id, token=token, limit=size)
            if batch is None:
                outcomes["superseded"] = outcomes.get("superseded", 0) + 1
                token = None
                break
            token, endpoint, deliveries = batch
            token, go_on = await _deliveries_send(
                endpoint=endpoint, token=token, deliveries=deliveries, client=client, outcomes=outcomes
            )
            sent += len(deliveries)
            if not go_on or len(deliveries) < size:  # a failure blocks the ones after it; or none due after these
                break
    finally:
        if token is not None:
            await db_step(_release)(endpoint_id, token)
    if token is not None and sent >= limit:
        await db_step(endpoint_enqueue)(endpoint_id=endpoint_id)  # more may wait: a run after this one
    return outcomes


async def _deliveries_send(
    *,
    endpoint: WebhookEndpoint,
    token: datetime,
    deliveries: list[WebhookDelivery],
    client: httpx.AsyncClient,
    outcomes: dict[str, int],
) -> tuple[datetime | None, bool]:
    """Send ``deliveries`` one after another in order, and record their attempts together
    (``_attempts_record``): at the first failure (with it), when a third of the lease has gone, and at
    the end, so a run of an endpoint writes once per batch rather than once per delivery. Counts
    the outcomes into ``outcomes``; returns (the lease's token, None when lost; whether to go on)."""
    if not endpoint.is_active:
        outcomes["disabled"] = outcomes.get("disabled", 0) + 1
        return token, False
    delivered: list[tuple[WebhookDelivery, int]] = []
    renewed = time.monotonic()
    for index, delivery in enumerate(deliveries):
        status, error = await _send(delivery=delivery, endpoint=endpoint, client=client)
        if not error:
            delivered.append((delivery, status))
            if index < len(deliveries) - 1 and time.monotonic() - renewed < _lease().total_seconds() / 3:
                continue
        failed = (delivery, status, error) if error else None
        counts, token = await db_step(_attempts_record)(
            endpoint=endpoint, token=token, delivered=delivered, failed=failed
        )
        for outcome, count in counts.items():
            outcomes[outcome] = outcomes.get(outcome, 0) + count
        if token is None or (failed is not None and "gave_up" not in counts):
            return token, False
        delivered, renewed = [], time.monotonic()
    return token, True


def _due_batch(
    *, endpoint_id: UUID | str, token: datetime, limit: int
) -> tuple[datetime, WebhookEndpoint, list[WebhookDelivery]] | None:
    """The lease renewed, the endpoint, and its next pending deliveries in order up to the first one
    not due yet (for which a run is asked at its time). None: the lease was taken over."""
    until = timezone.now() + _lease()
    if _fenced(endpoint_id, token).update(locked_until=until) != 1:
        return None
    endpoint = WebhookEndpoint.objects.get(pk=endpoint_id)
    pending = list(
        WebhookDelivery.objects.filter(endpoint_id=endpoint_id, status=DeliveryStatus.PENDING).order_by("sequence")[
            :limit
        ]
    )
    now = timezone.now()
    for index, delivery in enumerate(pending):
        if delivery.next_attempt_at > now:
            endpoint_enqueue(endpoint_id=endpoint_id, run_after=delivery.next_attempt_at)
            return until, endpoint, pending[:index]
    return until, endpoint, pending


async def _send(
    *, delivery: WebhookDelivery, endpoint: WebhookEndpoint, client: httpx.AsyncClient
) -> tuple[int | None, str]:
    """Send one delivery; (the receiver's HTTP status, None if none; the error, "" on success)."""
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    now = timezone.now()
    signing = [endpoint.secret]
    if endpoint.previous_secret and endpoint.previous_secret_expires_at and endpoint.previous_secret_expires_at > now:
        signing.append(endpoint.previous_secret)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Webhook-Event": delivery.event_type,
        **signing_headers(scheme=endpoint.signature_scheme, secrets_=signing, msg_id=str(delivery.event_id), body=body),
    }
    status, error = None, ""
    try:
        status = await post_pinned(
            endpoint.url,
            content=body,
            headers=headers,
            timeout=float(settings.WEBHOOK_TIMEOUT_SECONDS),
            client=client,
        )
        if not 200 <= status < 300:
            error = f"The receiver answered HTTP {status}."
    except WebhookUrlRefused as exc:
        error = exc.message
    except httpx.TimeoutException:
        error = f"No answer within {settings.WEBHOOK_TIMEOUT_SECONDS} seconds."
    except httpx.HTTPError as exc:
        error = f"Connection failed: {type(exc).__name__}."
    except Exception as exc:
        # Building or sending failed (httpx.InvalidURL is no HTTPError): a failed attempt like any other.
        # Raising would record no attempt, never disable the endpoint, and fail every run of the sweep.
        logger.exception("webhook request could not be sent", extra={"webhook_delivery_id": str(delivery.pk)})
        error = f"The request could not be sent: {type(exc).__name__}."
    return status, error


@transaction.atomic
def _attempts_record(
    *,
    endpoint: WebhookEndpoint,
    token: datetime,
    delivered: list[tuple[WebhookDelivery, int]],
    failed: tuple[WebhookDelivery, int | None, str] | None,
) -> tuple[dict[str, int], datetime | None]:
    """Attempts of one endpoint's run in one transaction, written only while the lease is this run's
    (renewed by the same UPDATE): the ``delivered`` ones (in one UPDATE per response status; the
    endpoint's failure count back to 0), then the ``failed`` one after them (``_failure_record``: retry, give
    up, disable). Returns (counts by outcome, the lease's new token, None when lost)."""
    counts: dict[str, int] = {}
    if delivered:
        now = timezone.now()
        until = now + _lease()
        if not _fenced(endpoint.pk, token).update(consecutive_failures=0, locked_until=until):
            return {"superseded": 1}, None
        token = until
        by_status: dict[int, list] = {}
        for delivery, status in delivered:
            by_status.setdefault(status, []).append(delivery.pk)
        for status, ids in by_status.items():
            WebhookDelivery.objects.filter(pk__in=ids, status=DeliveryStatus.PENDING).update(
                status=DeliveryStatus.DELIVERED,
                attempts=F("attempts") + 1,
                last_attempt_at=now,
                response_status=status,
                last_error="",
                delivered_at=now,
            )
        counts["delivered"] = len(delivered)
    if failed is not None:
        delivery, status, error = failed
        outcome, token = _failure_record(delivery=delivery, endpoint=endpoint, token=token, status=status, error=error)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts, token


def _failure_record(
    *, delivery: WebhookDelivery, endpoint: WebhookEndpoint, token: datetime, status: int | None, error: str
) -> tuple[str, datetime | None]:
    """A failed attempt, inside ``_attempts_record``'s transaction, written only while the lease is
    this run's (renewed by the same UPDATE): retried after its backoff, given up after the retry
    window, the endpoint disabled after ``WEBHOOK_DISABLE_AFTER_FAILURES`` in a row; (outcome, the
    new token, None when the lease was lost)."""
    now = timezone.now()
    until = now + _lease()
    attempts = delivery.attempts + 1
    if not _fenced(endpoint.pk, token).update(consecutive_failures=F("consecutive_failures") + 1, locked_until=until):
        return "superseded", None
    next_attempt_at = now + webhook_backoff(attempts)
    window_ends = delivery.created_at + timedelta(seconds=settings.WEBHOOK_RETRY_WINDOW_SECONDS)
    gave_up = next_attempt_at > window_ends
    WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.FAILED if gave_up else DeliveryStatus.PENDING,
        attempts=attempts,
        last_attempt_at=now,
        next_attempt_at=now if gave_up else next_attempt_at,
        response_status=status,
        last_error=error[:500],
    )
    failures = WebhookEndpoint.objects.values_list("consecutive_failures", flat=True).get(pk=endpoint.pk)
    if failures >= settings.WEBHOOK_DISABLE_AFTER_FAILURES:
        _disable(endpoint=endpoint, failures=failures, error=error)
        return "disabled", until
    if not gave_up:
        transaction.on_commit(lambda: endpoint_enqueue(endpoint_id=endpoint.pk, run_after=next_attempt_at))
    logger.info(
        "webhook delivery failed",
        extra={"webhook_delivery_id": str(delivery.pk), "attempt": attempts, "error": error, "gave_up": gave_up},
    )
    return ("gave_up" if gave_up else "retry"), until


def _disable(*, endpoint: WebhookEndpoint, failures: int, error: str) -> None:
    """Inside the recording transaction: disable the endpoint, audit it, email the owners after the commit."""
    reason = f"Disabled after {failures} failed attempts in a row; last error: {error}"[:500]
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        is_active=False, disabled_at=timezone.now(), disabled_reason=reason
    )
    emit(
        "webhook_endpoint.disabled",
        organization_id=endpoint.organization_id,
        target=("webhook_endpoint", endpoint.pk),
        data={"url": endpoint.url, "consecutive_failures": failures, "last_error": error[:500]},
    )
    endpoint_id = str(endpoint.pk)
    transaction.on_commit(lambda: task_enqueue(webhook_endpoint_disabled_email, endpoint_id=endpoint_id))
    logger.warning("webhook endpoint disabled", extra={"webhook_endpoint_id": endpoint_id, "failures": failures})


@task()
def webhook_endpoint_disabled_email(endpoint_id: str) -> str:
    return webhook_endpoint_disabled_email_send(endpoint_id=endpoint_id)


def webhook_endpoint_disabled_email_send(*, endpoint_id: UUID | str) -> str:
    """Tell the organization's owners that an endpoint was disabled, and how to enable it again."""
    endpoint = WebhookEndpoint.objects.select_related("organization").filter(pk=endpoint_id).first()
    if endpoint is None or endpoint.is_active:
        return "skipped"
    owners = list(
        OrganizationMember.objects.filter(
            organization_id=endpoint.organization_id, role=Role.OWNER, user__is_active=True
        ).values_list("user__email", flat=True)
    )
    if not owners:
        return "no_owner"
    pending = endpoint.deliveries.filter(status=DeliveryStatus.PENDING).count()
    url = url_display(endpoint.url)
    send_mail(
        subject=f"Webhook endpoint disabled: {url}",
        message=(
            f"The webhook endpoint {url} of {endpoint.organization.name} was disabled.\n\n"
            f"{endpoint.disabled_reason}\n\n"
            f"{pending} event(s) are waiting for it. Fix the receiver, then enable the endpoint again "
            f"(PATCH /api/v1/webhooks/endpoints/{endpoint.pk}/ with is_active=true): the waiting events are "
            "then delivered in order."
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=owners,
    )
    return "sent"


# --------------------------------------------------------------------------- housekeeping


def webhook_deliveries_prune(*, older_than: timedelta, batch_size: int, max_batches: int) -> int:
    """Delete delivered and failed deliveries older than ``older_than`` (the delivery log's retention)."""
    cutoff = timezone.now() - older_than
    prunable = WebhookDelivery.objects.filter(
        status__in=[DeliveryStatus.DELIVERED, DeliveryStatus.FAILED], created_at__lt=cutoff
    )
    return delete_in_batches(prunable, order_by="created_at", batch_size=batch_size, max_batches=max_batches)


def webhook_deliveries_housekeeping(*, batch_size: int, max_batches: int) -> int:
    return webhook_deliveries_prune(
        older_than=timedelta(days=settings.WEBHOOK_DELIVERY_RETENTION_DAYS),
        batch_size=batch_size,
        max_batches=max_batches,
    )
