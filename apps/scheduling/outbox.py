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
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

import httpx
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from apps.channels.services import channel_mark_reconnect_required
from apps.common.db import db_step, db_steps_run, delete_in_batches
from apps.common.tasks import enqueue_coalesced, ensure_one_pending
from apps.content.attachments import attachments_payloads
from apps.scheduling.client import SchedulerClient
from apps.scheduling.exceptions import (
    AlreadyPublished,
    ChannelPublishError,
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
from apps.scheduling.publishers import ChannelPublisher, publisher_get
from apps.scheduling.reconcile import scheduled_posts_reconcile
from apps.scheduling.state import scheduled_post_transition, scheduled_posts_transition

logger = logging.getLogger(__name__)

HELD_PREFIX = "Held until the channel is reconnected:"


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
        OutboxMessage.objects.select_related("scheduled_post", "scheduled_post__channel").filter(
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
            media = await db_step(_batch_media)(batch=batch)
            sent = await asyncio.gather(*(_message_send(message=m, media=media[m.id], http=http) for m in batch))
            for outcome in await db_step(_batch_record)(sent=list(sent)):
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def _batch_media(*, batch: list[OutboxMessage]) -> dict[UUID, list[dict]]:
    """The attachments of every post of the batch, links made now (one query)."""
    posts = {m.id: (m.scheduled_post.content_version_id, m.scheduled_post.scheduled_at) for m in batch}
    return attachments_payloads(posts=posts)


@dataclass(frozen=True)
class _Sent:
    """What sending one claimed message gave, before it is recorded with its batch."""

    message: OutboxMessage
    result: str  # "moot" (its post no longer waits for it: nothing sent), "sent", "failed" or "held"
    value: str = ""  # sent: the job id (schedule) or platform post id (publish); failed: the error
    retryable: bool = False
    url: str = ""  # published through a channel: the post's public URL
    retry_after: float | None = None  # failed: the wait the network asked for (its rate limit)
    auth_refused: bool = False  # failed: the network refused the channel's token


async def _message_send(*, message: OutboxMessage, media: list[dict], http: httpx.AsyncClient) -> _Sent:
    """Send one claimed message with its post's attachments (``media``, links made fresh at each
    attempt); no database access (``_batch_record`` writes the batch's outcomes)."""
    post = message.scheduled_post
    try:
        if message.kind == OutboxKind.SCHEDULE:
            if post.status != PostStatus.PENDING:  # cancelled (or failed) while it waited: nothing to hand over
                return _Sent(message, "moot")
            if post.backend != SchedulerBackend.HTTP:
                return _Sent(message, "sent", f"local:{post.id}")
            client = SchedulerClient(http=http)
            reply = await client.schedule_post(idempotency_key=message.idempotency_key, media=media, **message.payload)
            return _Sent(message, "sent", reply.job_id)
        if message.kind == OutboxKind.PUBLISH:
            if post.status != PostStatus.QUEUED:
                return _Sent(message, "moot")
            if post.channel_id is not None:
                out = await ChannelPublisher().publish(
                    post=post, idempotency_key=message.idempotency_key, http=http, media=media
                )
                return _Sent(message, "sent", out.platform_post_id[:200], url=out.url[:1000])
            published = await publisher_get().publish(
                post=post, idempotency_key=message.idempotency_key, http=http, media=media
            )
            return _Sent(message, "sent", published)
        job_id = message.payload.get("job_id") or post.job_id
        await SchedulerClient(http=http).cancel(job_id=job_id, idempotency_key=message.idempotency_key)
        return _Sent(message, "sent")
    except ChannelPublishError as exc:
        return _Sent(
            message,
            "held" if exc.hold else "failed",
            exc.message,
            exc.retryable,
            retry_after=exc.retry_after,
            auth_refused=exc.auth_refused,
        )
    except (SchedulerError, SchedulerTimeout, SchedulerNotConfigured, AlreadyPublished) as exc:
        return _Sent(message, "failed", exc.message, getattr(exc, "retryable", False))
    except Exception as exc:
        logger.exception("outbox delivery crashed", extra={"outbox_message_id": str(message.id)})
        return _Sent(message, "failed", f"Internal error: {type(exc).__name__}", True)


def _batch_record(*, sent: list[_Sent]) -> list[str]:
    """Record a batch's outcomes in one transaction (``_outcomes_write``). If that fails, each message
    on its own, so one that cannot be recorded holds back no other: it is recorded as a failed
    attempt, or, when not even that can be written (the database went away), it keeps its lease until
    it expires and a sweep takes it again, as after a worker crash. Returns the outcomes in order."""
    if len(sent) > 1:
        try:
            return _outcomes_write(sent)
        except Exception:
            logger.exception("outbox batch outcomes not recorded together", extra={"count": len(sent)})
    return [_one_record(one) for one in sent]


def _one_record(one: _Sent) -> str:
    try:
        return _outcomes_write([one])[0]
    except IntegrityError:
        failed = _Sent(one.message, "failed", f"The scheduler returned job_id {one.value!r}, already used.")
    except Exception as exc:
        logger.exception("outbox delivery outcome not recorded", extra={"outbox_message_id": str(one.message.id)})
        failed = _Sent(one.message, "failed", f"Internal error: {type(exc).__name__}", True)
    try:
        return _outcomes_write([failed])[0]
    except Exception:
        logger.exception("outbox delivery failure not recorded", extra={"outbox_message_id": str(one.message.id)})
        return "unrecorded"


def _held(sent: list[_Sent]) -> set[UUID]:
    """The batch's messages still this run's (delivering, at the attempt each was claimed with: a
    message whose lease was taken over is not), locked until the commit."""
    by_attempt: dict[int, list[UUID]] = {}
    for one in sent:
        by_attempt.setdefault(one.message.attempts, []).append(one.message.id)
    fence = Q()
    for attempt, ids in by_attempt.items():
        fence |= Q(attempts=attempt, pk__in=ids)
    held = OutboxMessage.objects.select_for_update().filter(fence, status=OutboxStatus.DELIVERING)
    return set(held.order_by("pk").values_list("pk", flat=True))


@transaction.atomic
def _outcomes_write(sent: list[_Sent]) -> list[str]:
    """A batch's outcomes in one transaction: the messages still held (``_held``) marked in one
    UPDATE per outcome, their posts' transitions in one per target state (``scheduled_posts_transition``:
    a post cancelled meanwhile is not moved), their events together. Returns the outcomes in order."""
    held = _held(sent)
    mine = [one for one in sent if one.message.id in held]
    outcomes = {one.message.id: "superseded" for one in sent}
    now = timezone.now()
    moot = [one.message.id for one in mine if one.result == "moot"]
    if moot:
        OutboxMessage.objects.filter(pk__in=moot).update(
            status=OutboxStatus.CANCELLED, locked_until=None, updated_at=now
        )
        outcomes.update(dict.fromkeys(moot, "cancelled"))
    delivered = [one for one in mine if one.result == "sent"]
    if delivered:
        OutboxMessage.objects.filter(pk__in=[one.message.id for one in delivered]).update(
            status=OutboxStatus.DELIVERED, locked_until=None, delivered_at=now, last_error="", updated_at=now
        )
        outcomes.update({one.message.id: "delivered" for one in delivered})
    of_kind = {kind: [one for one in delivered if one.message.kind == kind] for kind in OutboxKind.values}
    outcomes.update(_schedules_record(of_kind[OutboxKind.SCHEDULE]))
    outcomes.update(_publications_record(of_kind[OutboxKind.PUBLISH]))
    _cancellations_record(of_kind[OutboxKind.CANCEL])
    outcomes.update(_failures_record([one for one in mine if one.result == "failed"], now=now))
    outcomes.update(_holds_record([one for one in mine if one.result == "held"], now=now))
    return [outcomes[one.message.id] for one in sent]


def _schedules_record(sent: list[_Sent]) -> dict[UUID, str]:
    """Hand-offs the scheduler (or the local backend) accepted: their posts queued with their job ids;
    a local post gets its publish message; a post cancelled meanwhile gets its job cancelled."""
    if not sent:
        return {}
    by_post = {one.message.scheduled_post_id: one for one in sent}
    moved = scheduled_posts_transition(
        to_status=PostStatus.QUEUED, data={post_id: {"job_id": one.value} for post_id, one in by_post.items()}
    )
    _publish_messages_create([post for post in moved.changed if post.backend == SchedulerBackend.LOCAL])
    outcomes = {}
    for post in moved.refused:
        if post.status == PostStatus.CANCELLED and post.backend == SchedulerBackend.HTTP:
            _orphan_cancel(post=post, job_id=by_post[post.id].value)
        outcomes[by_post[post.id].message.id] = "orphaned"
    return outcomes


def _publish_messages_create(posts: list[ScheduledPost]) -> None:
    """The local backend's publish message of each newly queued post, due at its ``scheduled_at``."""
    if not posts:
        return
    messages = OutboxMessage.objects.bulk_create(
        OutboxMessage(
            scheduled_post=post,
            kind=OutboxKind.PUBLISH,
            payload={"job_id": post.job_id},
            idempotency_key=f"publish:{post.id}",
            next_attempt_at=post.scheduled_at,
        )
        for post in posts
    )
    # One run per instant (a run drains every due message): the messages of one instant share it.
    first_of = {}
    for message in messages:
        first_of.setdefault(message.next_attempt_at, message.id)
    for at, message_id in first_of.items():
        transaction.on_commit(lambda at=at, message_id=message_id: outbox_enqueue(message_id=message_id, run_after=at))


def _orphan_cancel(*, post: ScheduledPost, job_id: str) -> None:
    """The scheduler accepted a job for a post cancelled meanwhile: drop the job (asynchronously)."""
    message, created = OutboxMessage.objects.get_or_create(
        idempotency_key=f"cancel:{post.id}",
        defaults={"scheduled_post": post, "kind": OutboxKind.CANCEL, "payload": {"job_id": job_id}},
    )
    if created:
        transaction.on_commit(lambda: outbox_enqueue(message_id=message.id))


def _publications_record(sent: list[_Sent]) -> dict[UUID, str]:
    """Local publications done: their posts published (a post that left ``queued`` meanwhile stays as it is)."""
    if not sent:
        return {}
    by_post = {one.message.scheduled_post_id: one for one in sent}
    moved = scheduled_posts_transition(
        to_status=PostStatus.PUBLISHED,
        data={post_id: {"platform_post_id": one.value} for post_id, one in by_post.items()},
    )
    for post in moved.refused:
        logger.warning("post changed state during publication", extra={"scheduled_post_id": str(post.id)})
    for post in moved.changed:
        if url := by_post[post.id].url:  # published through a channel: where the post is
            ScheduledPost.objects.filter(pk=post.pk).update(platform_post_url=url)
    return {by_post[post.id].message.id: "orphaned" for post in moved.refused}


def _cancellations_record(sent: list[_Sent]) -> None:
    """Cancellations the scheduler confirmed: their queued posts cancelled (one published meanwhile stays so)."""
    queued = [one.message.scheduled_post_id for one in sent if one.message.scheduled_post.status == PostStatus.QUEUED]
    if queued:
        scheduled_posts_transition(to_status=PostStatus.CANCELLED, data=dict.fromkeys(queued, {}))


def _retry_at(one: _Sent, *, now: datetime) -> datetime:
    """When a failed attempt is tried again: when the network said (its rate limit's reset), else
    after the exponential backoff."""
    if one.retry_after is not None:
        return now + timedelta(seconds=max(1.0, one.retry_after))
    return now + outbox_backoff(one.message.attempts)


def _failures_record(sent: list[_Sent], *, now: datetime) -> dict[UUID, str]:
    """Failed attempts: a final one fails its message and its post; another is retried after its backoff."""
    if not sent:
        return {}
    final = [one for one in sent if not one.retryable or one.message.attempts >= outbox_max_attempts()]
    retried = [one for one in sent if one not in final]
    for one in sent:
        message = one.message
        message.status = OutboxStatus.FAILED if one in final else OutboxStatus.PENDING
        message.locked_until, message.last_error, message.updated_at = None, one.value[:2000], now
        message.next_attempt_at = message.next_attempt_at if one in final else _retry_at(one, now=now)
    fields = ["status", "locked_until", "last_error", "updated_at", "next_attempt_at"]
    OutboxMessage.objects.bulk_update([one.message for one in sent], fields)
    reasons = {
        one.message.scheduled_post_id: {
            "error": f"Delivery failed after {one.message.attempts} attempt(s): {one.value[:2000]}"
        }
        for one in final
        if one.message.kind != OutboxKind.CANCEL
    }
    if reasons:
        for post in scheduled_posts_transition(to_status=PostStatus.FAILED, data=reasons).refused:
            logger.warning("post changed state during delivery", extra={"scheduled_post_id": str(post.id)})
    waiting = [
        ScheduledPost(pk=one.message.scheduled_post_id, last_error=one.value[:2000], updated_at=now)
        for one in retried
        if one.message.kind != OutboxKind.CANCEL
    ]
    ScheduledPost.objects.bulk_update(waiting, ["last_error", "updated_at"])
    for one in retried:
        message = one.message
        transaction.on_commit(lambda m=message: outbox_enqueue(message_id=m.id, run_after=m.next_attempt_at))
    return {one.message.id: "failed" if one in final else "retry" for one in sent}


def _holds_record(sent: list[_Sent], *, now: datetime) -> dict[UUID, str]:
    """Posts whose channel needs reconnecting: held, not failed. A token the network refused turns
    its channel ``reconnect_required`` (the event, the admins' email); each message waits
    CHANNEL_HOLD_RECHECK_SECONDS (the attempt not counted) and goes as soon as the channel is
    connected again (``channel_posts_resume``); its post says why it waits."""
    if not sent:
        return {}
    for channel_id in {one.message.scheduled_post.channel_id for one in sent if one.auth_refused}:
        reason = next(one.value for one in sent if one.message.scheduled_post.channel_id == channel_id)
        channel_mark_reconnect_required(channel_id=channel_id, reason=reason)
    ids = [one.message.id for one in sent]
    OutboxMessage.objects.filter(pk__in=ids).update(
        status=OutboxStatus.PENDING,
        locked_until=None,
        attempts=F("attempts") - 1,
        next_attempt_at=now + timedelta(seconds=settings.CHANNEL_HOLD_RECHECK_SECONDS),
        last_error=HELD_PREFIX,
        updated_at=now,
    )
    ScheduledPost.objects.filter(pk__in=[one.message.scheduled_post_id for one in sent]).update(
        attempts=F("attempts") - 1, last_error=f"{HELD_PREFIX} {sent[0].value}"[:2000], updated_at=now
    )
    return dict.fromkeys(ids, "held")


def channel_posts_resume(*, channel_id: UUID | str) -> int:
    """The channel is connected again: its held posts (due, waiting for their recheck) go now."""
    now = timezone.now()
    ids = list(
        OutboxMessage.objects.filter(
            kind=OutboxKind.PUBLISH,
            status=OutboxStatus.PENDING,
            next_attempt_at__gt=now,
            scheduled_post__channel_id=channel_id,
            scheduled_post__status=PostStatus.QUEUED,
            scheduled_post__scheduled_at__lte=now,
        ).values_list("pk", flat=True)
    )
    if ids:
        OutboxMessage.objects.filter(pk__in=ids).update(next_attempt_at=now, updated_at=now)
        transaction.on_commit(lambda: outbox_enqueue_many(message_ids=ids))
    return len(ids)


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
