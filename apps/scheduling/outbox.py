"""The transactional outbox that hands scheduled posts to the scheduler (or the local publisher).

A message is written in the same transaction as the post change it carries; the worker delivers it
(``deliver_outbox_message``: a run that drains every due message) after the commit, and the periodic
sweep (``scheduling_sweep``) finds every due message whose enqueue was lost or whose worker died. A
run claims due messages in batches (``outbox_claim_batch``: ``FOR UPDATE SKIP LOCKED``, then a lease
on each with one conditional UPDATE), sends each batch concurrently over one pooled
``httpx.AsyncClient`` (``WORKER_CONCURRENCY``), and writes each outcome only while it still holds
that message's lease (``outbox_fenced``), so sweeps and runs never double-deliver. Each sweep also
reconciles queued posts whose result never came (``apps.scheduling.reconcile``).

The sweep keeps itself alive: each run first enqueues its successor, so a worker killed in the middle
of a sweep does not break the chain. It is (re)started by every schedule request, by ``migrate`` and
by ``manage.py scheduling_sweep``.
"""

import asyncio
import functools
import logging
import ssl
from collections.abc import Sequence
from datetime import datetime, timedelta
from uuid import UUID

import httpx
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from apps.common.db import db_step, db_steps_run, delete_in_batches
from apps.common.tasks import enqueue_coalesced, ensure_one_pending
from apps.content.attachments import attachments_payload
from apps.scheduling.client import SchedulerClient
from apps.scheduling.exceptions import (
    AlreadyPublished,
    InvalidTransition,
    SchedulerError,
    SchedulerNotConfigured,
    SchedulerTimeout,
)
from apps.scheduling.models import (
    OutboxKind,
    OutboxMessage,
    OutboxStatus,
    PostStatus,
    ScheduledPost,
    SchedulerBackend,
)
from apps.scheduling.publishers import publisher_get
from apps.scheduling.reconcile import scheduled_posts_reconcile
from apps.scheduling.state import scheduled_post_apply_result, scheduled_post_transition

logger = logging.getLogger(__name__)


def outbox_max_attempts() -> int:
    return settings.SCHEDULER_MAX_ATTEMPTS


def outbox_backoff(attempt: int) -> timedelta:
    """Delay before attempt ``attempt + 1``: base · 2^(attempt-1), capped."""
    base = float(settings.SCHEDULER_RETRY_BASE_SECONDS)
    cap = float(settings.SCHEDULER_RETRY_MAX_SECONDS)
    return timedelta(seconds=min(cap, base * (2 ** max(0, attempt - 1))))


def outbox_lease() -> timedelta:
    # Longer than one HTTP call can last, so a live worker never loses its message to the sweep.
    return timedelta(seconds=float(settings.SCHEDULER_LEASE_SECONDS))


# ---------------------------------------------------------------------------
# Worker tasks (``apps.scheduling.tasks`` re-exports them under their former import path)
# ---------------------------------------------------------------------------
@task()
def deliver_outbox_message(message_id: str = "") -> dict[str, int]:
    """Deliver every due message, in batches (``message_id`` names the one that asked: a row queued
    before batches delivers its message like any other)."""
    return outbox_deliver_due()


@task()
def scheduling_sweep() -> dict[str, int]:
    sweep_ensure_scheduled()
    outcomes = outbox_sweep()
    # Here rather than in housekeeping: the grace is minutes, housekeeping runs hourly and only deletes.
    try:
        reconciled = scheduled_posts_reconcile()
    except Exception:
        logger.exception("scheduled post reconciliation failed")
        reconciled = {}
    return {**outcomes, **{f"reconciled_{outcome}": count for outcome, count in reconciled.items()}}


def sweep_ensure_scheduled() -> bool:
    """Make sure exactly one future sweep waits in the database queue. Returns True if one was added
    (False too with a backend that keeps nothing for later)."""
    return ensure_one_pending(scheduling_sweep, interval=timedelta(seconds=settings.SCHEDULER_SWEEP_INTERVAL_SECONDS))


def outbox_enqueue(*, message_id: UUID | str, run_after: datetime | None = None) -> None:
    """Ask the worker to deliver a message (at ``run_after``). A delivery run drains every due
    message, so a run already waiting for that moment is enough (``enqueue_coalesced``: the 1,000
    messages of one import or one instant make one run, not 1,000). Losing this is harmless: the
    sweep finds every due message anyway."""
    try:
        enqueue_coalesced(deliver_outbox_message, run_after=run_after, message_id=str(message_id))
    except Exception:
        logger.exception("could not enqueue outbox delivery", extra={"outbox_message_id": str(message_id)})


def outbox_enqueue_many(*, message_ids: Sequence[UUID | str]) -> None:
    """Ask the worker to deliver many messages written together (a CSV import): a delivery run
    drains every due message, in batches, so one coalesced request serves them all (the request that
    wrote them is not spent enqueueing). Losing this is harmless: the sweep finds every due message."""
    if message_ids:
        outbox_enqueue(message_id=message_ids[0])


# ---------------------------------------------------------------------------
# Lease
# ---------------------------------------------------------------------------
def outbox_fenced(message_id: UUID | str, attempt: int):
    """The message as this worker claimed it: a worker whose lease was taken over writes nothing."""
    return OutboxMessage.objects.filter(pk=message_id, status=OutboxStatus.DELIVERING, attempts=attempt)


def _claimable(now: datetime, statuses: tuple[str, ...] = (OutboxStatus.PENDING,)) -> Q:
    return Q(status__in=statuses, next_attempt_at__lte=now) | Q(status=OutboxStatus.DELIVERING, locked_until__lt=now)


def outbox_claim(
    *, message_id: UUID | str, statuses_claimable: tuple[str, ...] = (OutboxStatus.PENDING,)
) -> int | None:
    """Take the lease on a due message (or one whose lease expired). Returns the attempt number."""
    now = timezone.now()
    rows = OutboxMessage.objects.filter(_claimable(now, statuses_claimable), pk=message_id).update(
        status=OutboxStatus.DELIVERING, locked_until=now + outbox_lease(), attempts=F("attempts") + 1
    )
    if rows != 1:
        return None
    message = OutboxMessage.objects.only("attempts", "kind", "scheduled_post_id").get(pk=message_id)
    if message.kind != OutboxKind.CANCEL:
        ScheduledPost.objects.filter(pk=message.scheduled_post_id).update(attempts=F("attempts") + 1)
    return message.attempts


@transaction.atomic
def outbox_claim_batch(*, limit: int, message_id: UUID | str | None = None) -> list[OutboxMessage]:
    """Take the lease on up to ``limit`` due messages at once (only ``message_id`` if given), oldest
    due first, with their posts. The rows are chosen with ``SELECT … FOR UPDATE SKIP LOCKED``
    (PostgreSQL: two workers claiming at once get disjoint batches, neither waits) and leased with one
    conditional UPDATE (SQLite, where the lock is the database's: the same condition refuses a row
    another worker took meanwhile). Each claimed message's ``attempts`` is its fencing token."""
    now = timezone.now()
    due = OutboxMessage.objects.filter(_claimable(now))
    if message_id is not None:
        due = due.filter(pk=message_id)
    # The message and its post are locked together, skipping either when taken: a request that holds
    # a post (a deletion cancelling its posts, then their messages) is never waited for while this
    # holds the message, so the two cannot deadlock; the sweep or the next run takes a skipped one.
    due = due.select_related("scheduled_post").select_for_update(skip_locked=True, of=("self", "scheduled_post"))
    ids = [message.id for message in due.order_by("next_attempt_at").only("id", "scheduled_post__id")[:limit]]
    if not ids:
        return []
    until = now + outbox_lease()
    OutboxMessage.objects.filter(_claimable(now), pk__in=ids).update(
        status=OutboxStatus.DELIVERING, locked_until=until, attempts=F("attempts") + 1
    )
    claimed = list(
        OutboxMessage.objects.select_related("scheduled_post").filter(
            pk__in=ids, status=OutboxStatus.DELIVERING, locked_until=until
        )
    )
    posts = [message.scheduled_post_id for message in claimed if message.kind != OutboxKind.CANCEL]
    if posts:
        ScheduledPost.objects.filter(pk__in=posts).update(attempts=F("attempts") + 1)
    for message in claimed:
        if message.kind != OutboxKind.CANCEL:
            message.scheduled_post.attempts += 1
    return claimed


# ---------------------------------------------------------------------------
# Delivery: claimed in batches, sent concurrently, each outcome written only under its lease
# ---------------------------------------------------------------------------
@functools.cache
def _tls_context() -> ssl.SSLContext:
    # Built once per process: loading the CA bundle costs tens of milliseconds per client.
    return httpx.create_ssl_context()


def outbox_concurrency() -> int:
    return max(1, int(settings.WORKER_CONCURRENCY))


def outbox_deliver_due(*, max_batches: int = 50) -> dict[str, int]:
    """The worker's delivery run: claim a batch of due messages (``WORKER_CONCURRENCY`` of them),
    send them concurrently, again until none is due (at most ``max_batches``). A batch
    with work also asks for one more run (coalesced: at most one waits), so an idle worker process
    joins in (``SKIP LOCKED`` gives it other rows) and a run cut short goes on. Returns counts by
    outcome."""
    return _deliver_due_sync(limit=outbox_concurrency(), max_batches=max_batches)


def outbox_message_deliver(*, message_id: UUID | str) -> str:
    """Deliver one message if it is due and nobody else holds it. Returns what happened."""
    outcomes = _deliver_due_sync(limit=1, max_batches=1, message_id=message_id, successor=False)
    return next(iter(outcomes), "skipped")


def outbox_sweep(*, limit: int = 200) -> dict[str, int]:
    """Deliver every due message: pending ones whose time came, and in-flight ones whose worker
    died (lease expired). Claims are conditional updates, so sweeps and tasks never double-deliver."""
    concurrency = outbox_concurrency()
    return _deliver_due_sync(limit=concurrency, max_batches=max(1, limit // concurrency), successor=False)


def _deliver_due_sync(**kwargs) -> dict[str, int]:
    return db_steps_run(_deliver_due, **kwargs)


async def _deliver_due(
    *, limit: int, max_batches: int, message_id: UUID | str | None = None, successor: bool = True
) -> dict[str, int]:
    outcomes: dict[str, int] = {}
    limits = httpx.Limits(max_connections=limit, max_keepalive_connections=limit)
    timeout = float(settings.SCHEDULER_TIMEOUT_SECONDS)
    async with httpx.AsyncClient(timeout=timeout, limits=limits, verify=_tls_context()) as http:
        for _ in range(max_batches):
            batch = await db_step(outbox_claim_batch)(limit=limit, message_id=message_id)
            if successor and batch:
                # Work was found: one more run waits (coalesced), so an idle worker process joins in
                # (SKIP LOCKED gives it other rows) and a run cut short by ``max_batches`` goes on.
                await db_step(outbox_enqueue)(message_id=batch[-1].id)
            if not batch:
                break
            for outcome in await asyncio.gather(*(_message_deliver(message=m, http=http) for m in batch)):
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


async def _schedule_send(*, message: OutboxMessage, post: ScheduledPost, http: httpx.AsyncClient) -> str:
    """Hand the post to the Node.js scheduler (backend ``http``; the local backend needs no call) with
    its attachments, their links made fresh at each attempt. Returns the job id."""
    if post.backend != SchedulerBackend.HTTP:
        return f"local:{post.id}"
    media = await db_step(attachments_payload)(version_id=post.content_version_id, scheduled_at=post.scheduled_at)
    client = SchedulerClient(http=http)
    return (await client.schedule_post(idempotency_key=message.idempotency_key, media=media, **message.payload)).job_id


async def _message_deliver(*, message: OutboxMessage, http: httpx.AsyncClient) -> str:
    """Send one claimed message, then record its outcome (a database step, fenced by its attempt)."""
    post, attempt = message.scheduled_post, message.attempts
    try:
        if message.kind == OutboxKind.SCHEDULE:
            if post.status != PostStatus.PENDING:  # cancelled (or failed) while it waited: nothing to hand over
                return await db_step(_message_cancelled)(message=message, attempt=attempt)
            job_id = await _schedule_send(message=message, post=post, http=http)
            return await db_step(_schedule_delivered)(message=message, post=post, attempt=attempt, job_id=job_id)
        if message.kind == OutboxKind.PUBLISH:
            if post.status != PostStatus.QUEUED:
                return await db_step(_message_cancelled)(message=message, attempt=attempt)
            media = await db_step(attachments_payload)(
                version_id=post.content_version_id, scheduled_at=post.scheduled_at
            )
            published = await publisher_get().publish(
                post=post, idempotency_key=message.idempotency_key, http=http, media=media
            )
            return await db_step(_publish_delivered)(
                message=message, post=post, attempt=attempt, platform_post_id=published
            )
        job_id = message.payload.get("job_id") or post.job_id
        await SchedulerClient(http=http).cancel(job_id=job_id, idempotency_key=message.idempotency_key)
        return await db_step(_cancel_delivered)(message=message, post=post, attempt=attempt)
    except (SchedulerError, SchedulerTimeout, SchedulerNotConfigured, AlreadyPublished) as exc:
        retryable = getattr(exc, "retryable", False)
        error = exc.message
    except Exception as exc:
        logger.exception("outbox delivery crashed", extra={"outbox_message_id": str(message.id)})
        retryable, error = True, f"Internal error: {type(exc).__name__}"
    try:
        return await db_step(_record_failure)(
            message=message, post=post, attempt=attempt, error=error, retryable=retryable
        )
    except Exception:
        # Not even the failure could be written (the database went away): the message keeps its lease
        # until it expires and a sweep takes it again, as after a worker crash; the batch goes on.
        logger.exception("outbox delivery outcome not recorded", extra={"outbox_message_id": str(message.id)})
        return "unrecorded"


def _message_cancelled(*, message: OutboxMessage, attempt: int) -> str:
    outbox_fenced(message.id, attempt).update(status=OutboxStatus.CANCELLED, locked_until=None)
    return "cancelled"


def _schedule_delivered(*, message: OutboxMessage, post: ScheduledPost, attempt: int, job_id: str) -> str:
    with transaction.atomic():
        if not outbox_fenced(message.id, attempt).update(
            status=OutboxStatus.DELIVERED, locked_until=None, delivered_at=timezone.now(), last_error=""
        ):
            return "superseded"
        try:
            with transaction.atomic():
                result = scheduled_post_transition(post_id=post.id, to_status=PostStatus.QUEUED, job_id=job_id)
        except InvalidTransition:
            post.refresh_from_db()
            if post.status == PostStatus.CANCELLED and post.backend == SchedulerBackend.HTTP:
                _orphan_cancel(post=post, job_id=job_id)
            return "orphaned"
        except IntegrityError:
            raise SchedulerError(f"The scheduler returned job_id {job_id!r}, already used.", retryable=False)
        if post.backend == SchedulerBackend.LOCAL and result.changed:
            publish = OutboxMessage.objects.create(
                scheduled_post=post,
                kind=OutboxKind.PUBLISH,
                payload={"job_id": job_id},
                idempotency_key=f"publish:{post.id}",
                next_attempt_at=post.scheduled_at,
            )
            transaction.on_commit(lambda: outbox_enqueue(message_id=publish.id, run_after=post.scheduled_at))
    return "delivered"


def _orphan_cancel(*, post: ScheduledPost, job_id: str) -> None:
    """The scheduler accepted a job for a post cancelled meanwhile: drop the job (asynchronously)."""
    message, created = OutboxMessage.objects.get_or_create(
        idempotency_key=f"cancel:{post.id}",
        defaults={"scheduled_post": post, "kind": OutboxKind.CANCEL, "payload": {"job_id": job_id}},
    )
    if created:
        transaction.on_commit(lambda: outbox_enqueue(message_id=message.id))


def _publish_delivered(*, message: OutboxMessage, post: ScheduledPost, attempt: int, platform_post_id: str) -> str:
    with transaction.atomic():
        if not outbox_fenced(message.id, attempt).update(
            status=OutboxStatus.DELIVERED, locked_until=None, delivered_at=timezone.now(), last_error=""
        ):
            return "superseded"
        scheduled_post_apply_result(
            job_id=post.job_id,
            content_id=post.content_id,
            status=PostStatus.PUBLISHED,
            platform_post_id=platform_post_id,
        )
    return "delivered"


def _cancel_delivered(*, message: OutboxMessage, post: ScheduledPost, attempt: int) -> str:
    with transaction.atomic():
        outbox_fenced(message.id, attempt).update(
            status=OutboxStatus.DELIVERED, locked_until=None, delivered_at=timezone.now(), last_error=""
        )
        if post.status == PostStatus.QUEUED:
            try:
                with transaction.atomic():
                    scheduled_post_transition(post_id=post.id, to_status=PostStatus.CANCELLED)
            except InvalidTransition:
                pass  # published meanwhile: the callback's state stands
    return "delivered"


def _record_failure(*, message: OutboxMessage, post: ScheduledPost, attempt: int, error: str, retryable: bool) -> str:
    error = error[:2000]
    final = not retryable or attempt >= outbox_max_attempts()
    now = timezone.now()
    with transaction.atomic():
        if final:
            if not outbox_fenced(message.id, attempt).update(
                status=OutboxStatus.FAILED, locked_until=None, last_error=error, updated_at=now
            ):
                return "superseded"
            reason = f"Delivery failed after {attempt} attempt(s): {error}"
            try:
                with transaction.atomic():
                    if message.kind == OutboxKind.SCHEDULE:
                        scheduled_post_transition(post_id=post.id, to_status=PostStatus.FAILED, error=reason)
                    elif message.kind == OutboxKind.PUBLISH:
                        scheduled_post_apply_result(
                            job_id=post.job_id, content_id=post.content_id, status=PostStatus.FAILED, error=reason
                        )
            except InvalidTransition:
                logger.warning("post changed state during delivery", extra={"scheduled_post_id": str(post.id)})
            return "failed"
        next_attempt_at = now + outbox_backoff(attempt)
        if not outbox_fenced(message.id, attempt).update(
            status=OutboxStatus.PENDING,
            locked_until=None,
            last_error=error,
            next_attempt_at=next_attempt_at,
            updated_at=now,
        ):
            return "superseded"
        if message.kind != OutboxKind.CANCEL:
            ScheduledPost.objects.filter(pk=post.id).update(last_error=error, updated_at=now)
        transaction.on_commit(lambda: outbox_enqueue(message_id=message.id, run_after=next_attempt_at))
    return "retry"


@transaction.atomic
def outbox_message_retry(*, message_id: UUID | str) -> bool:
    """Operator action: a failed delivery starts again (attempts reset); a post failed by that
    delivery goes back to where it was (pending for a schedule, queued for a local publication)."""
    message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
    if message is None or message.status != OutboxStatus.FAILED:
        return False
    post = message.scheduled_post
    if message.kind == OutboxKind.SCHEDULE and post.status == PostStatus.FAILED:
        scheduled_post_transition(post_id=post.id, to_status=PostStatus.PENDING, retry=True)
    elif message.kind == OutboxKind.PUBLISH and post.status == PostStatus.FAILED:
        scheduled_post_transition(post_id=post.id, to_status=PostStatus.QUEUED, retry=True)
    elif message.kind != OutboxKind.CANCEL and post.status != _expected_status(message.kind):
        return False  # the post moved on (cancelled, published...): re-sending would be wrong
    now = timezone.now()
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.PENDING, attempts=0, next_attempt_at=now, locked_until=None, last_error="", updated_at=now
    )
    transaction.on_commit(lambda: outbox_enqueue(message_id=message.pk))
    return True


def _expected_status(kind: str) -> str:
    return PostStatus.PENDING if kind == OutboxKind.SCHEDULE else PostStatus.QUEUED


# ---------------------------------------------------------------------------
# Housekeeping (registered with apps.common.housekeeping by apps.scheduling.hooks)
# ---------------------------------------------------------------------------
def outbox_messages_prune(*, older_than: timedelta, batch_size: int, max_batches: int) -> int:
    """Delete delivered or cancelled outbox messages last touched more than ``older_than`` ago, at most
    ``batch_size`` rows per statement. Only messages of posts in a terminal state (published, failed,
    cancelled) go: a live post may still look its messages up by idempotency key. Pending, delivering
    and failed messages are never pruned. Returns how many were deleted."""
    cutoff = timezone.now() - older_than
    prunable = OutboxMessage.objects.filter(
        status__in=[OutboxStatus.DELIVERED, OutboxStatus.CANCELLED],
        updated_at__lt=cutoff,
        scheduled_post__status__in=[PostStatus.PUBLISHED, PostStatus.FAILED, PostStatus.CANCELLED],
    )
    deleted = delete_in_batches(prunable, order_by="updated_at", batch_size=batch_size, max_batches=max_batches)
    if deleted:
        logger.info("pruned outbox messages", extra={"count": deleted})
    return deleted


def outbox_messages_housekeeping(*, batch_size: int, max_batches: int) -> int:
    """Housekeeping job: messages older than ``OUTBOX_RETENTION_DAYS``."""
    return outbox_messages_prune(
        older_than=timedelta(days=settings.OUTBOX_RETENTION_DAYS), batch_size=batch_size, max_batches=max_batches
    )
