"""Every write of scheduling: the state machine, scheduling, cancelling, callbacks and outbox delivery.

States: ``pending → queued → published | failed``; ``cancelled`` from pending or queued; ``failed`` also
from pending (delivery gave up). Terminal states never change (except an operator's explicit retry of
a failed delivery). ``scheduled_post_transition`` is the only code that changes a post's status.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from apps.common.exceptions import NotFound, ServiceNotConfigured, ValidationFailed
from apps.content.measure import measure_require_valid
from apps.content.models import Content, ContentVersion
from apps.organizations.selectors import membership_require
from apps.scheduling.client import SchedulerClient
from apps.scheduling.exceptions import (
    AlreadyPublished,
    AlreadyScheduled,
    DeliveryInProgress,
    InvalidTransition,
    ScheduledPostNotFound,
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
from apps.scheduling.publishers import publisher_check_configured, publisher_get
from apps.users.models import User

logger = logging.getLogger(__name__)

MAX_SCHEDULE_AHEAD = timedelta(days=365)

# target status -> statuses it may be reached from
ALLOWED_FROM: dict[str, frozenset[str]] = {
    PostStatus.QUEUED: frozenset({PostStatus.PENDING}),
    PostStatus.PUBLISHED: frozenset({PostStatus.QUEUED}),
    PostStatus.FAILED: frozenset({PostStatus.PENDING, PostStatus.QUEUED}),
    PostStatus.CANCELLED: frozenset({PostStatus.PENDING, PostStatus.QUEUED}),
}
# An operator's retry of a failed delivery (admin action) is the one way out of ``failed``.
RETRY_FROM: dict[str, frozenset[str]] = {
    PostStatus.PENDING: frozenset({PostStatus.FAILED}),
    PostStatus.QUEUED: frozenset({PostStatus.FAILED}),
}


def _conf(name: str, default: float) -> float:
    return getattr(settings, name, default)


def outbox_max_attempts() -> int:
    return int(_conf("SCHEDULER_MAX_ATTEMPTS", 8))


def outbox_backoff(attempt: int) -> timedelta:
    """Delay before attempt ``attempt + 1``: base · 2^(attempt-1), capped."""
    base = float(_conf("SCHEDULER_RETRY_BASE_SECONDS", 5.0))
    cap = float(_conf("SCHEDULER_RETRY_MAX_SECONDS", 900.0))
    return timedelta(seconds=min(cap, base * (2 ** max(0, attempt - 1))))


def outbox_lease() -> timedelta:
    # Longer than one HTTP call can last, so a live worker never loses its message to the sweep.
    return timedelta(seconds=float(_conf("SCHEDULER_LEASE_SECONDS", 60.0)))


# ---------------------------------------------------------------------------
# The state machine
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class TransitionResult:
    post: ScheduledPost
    changed: bool  # False: the same transition had already been applied (idempotent repeat)


def _same_data(post: ScheduledPost, *, to_status: str, job_id: str | None, platform_post_id: str, error: str) -> bool:
    if to_status == PostStatus.QUEUED:
        return job_id is None or post.job_id == job_id
    if to_status == PostStatus.PUBLISHED:
        return not platform_post_id or post.platform_post_id == platform_post_id
    if to_status == PostStatus.FAILED:
        return not error or post.last_error == error
    return True


@transaction.atomic
def scheduled_post_transition(
    *,
    post_id: UUID | str,
    to_status: str,
    job_id: str | None = None,
    platform_post_id: str = "",
    error: str = "",
    retry: bool = False,
) -> TransitionResult:
    """Move a post to ``to_status`` with one conditional UPDATE, so two racing callers cannot both
    apply it. Repeating the transition that already happened (same data) succeeds with
    ``changed=False``; any other impossible transition raises ``InvalidTransition`` (409)."""
    allowed_from = (RETRY_FROM if retry else ALLOWED_FROM).get(to_status)
    if allowed_from is None:
        raise InvalidTransition(f"No transition leads to {to_status!r}.", details={"to": to_status})
    now = timezone.now()
    updates: dict[str, Any] = {"status": to_status, "updated_at": now}
    if to_status == PostStatus.QUEUED:
        updates.update(queued_at=now, last_error="", failed_at=None)
        if job_id is not None:
            updates["job_id"] = job_id
    elif to_status == PostStatus.PUBLISHED:
        updates.update(platform_post_id=platform_post_id, published_at=now, last_error="")
    elif to_status == PostStatus.FAILED:
        updates.update(last_error=error or "Failed.", failed_at=now)
    elif to_status == PostStatus.CANCELLED:
        updates.update(cancelled_at=now)
    elif to_status == PostStatus.PENDING:
        updates.update(last_error="", failed_at=None)
    rows = ScheduledPost.objects.filter(pk=post_id, status__in=allowed_from).update(**updates)
    post = ScheduledPost.objects.filter(pk=post_id).first()
    if post is None:
        raise ScheduledPostNotFound()
    if rows == 1:
        logger.info(
            "scheduled post transition",
            extra={"scheduled_post_id": str(post.id), "to": to_status, "job_id": post.job_id},
        )
        return TransitionResult(post=post, changed=True)
    if post.status == to_status and _same_data(
        post, to_status=to_status, job_id=job_id, platform_post_id=platform_post_id, error=error
    ):
        return TransitionResult(post=post, changed=False)
    raise InvalidTransition(
        f"A {post.status} post cannot become {to_status}.",
        details={"from": post.status, "to": to_status},
    )


# ---------------------------------------------------------------------------
# Scheduling
# ---------------------------------------------------------------------------
def _scheduled_at_validate(value: datetime) -> datetime:
    if timezone.is_naive(value):
        raise ValidationFailed(details={"scheduled_at": ["Give a timezone (e.g. 2026-02-15T10:00:00Z)."]})
    now = timezone.now()
    if value <= now:
        raise ValidationFailed(details={"scheduled_at": ["Must be in the future."]})
    if value > now + MAX_SCHEDULE_AHEAD:
        raise ValidationFailed(details={"scheduled_at": ["Must be at most one year ahead."]})
    return value


def scheduler_backend() -> str:
    backend = settings.SCHEDULER_BACKEND
    if backend not in SchedulerBackend.values:
        raise ServiceNotConfigured(f"Unknown SCHEDULER_BACKEND {backend!r} (use 'local' or 'http').")
    return backend


def scheduler_check_configured(*, backend: str) -> None:
    if backend == SchedulerBackend.HTTP:
        if not SchedulerClient.is_configured():
            raise SchedulerNotConfigured()
    else:
        publisher_check_configured()


def callback_url() -> str:
    return f"{settings.API_BASE_URL}{reverse('scheduling:callback')}"


def _schedule_payload(post: ScheduledPost) -> dict[str, Any]:
    return {
        "scheduled_post_id": str(post.id),
        "content_id": str(post.content_id),
        "org_id": str(post.organization_id),
        "user": str(post.created_by_id) if post.created_by_id else None,
        "platform": post.platform,
        "scheduled_at": post.scheduled_at.isoformat(),
        "text": post.text,
        "callback_url": callback_url(),
    }


@transaction.atomic
def scheduled_post_create(
    *,
    user: User,
    content_id: UUID | str,
    scheduled_at: datetime,
    platform: str | None = None,
    version: int | None = None,
    organization_id: UUID | str | None = None,
) -> ScheduledPost:
    """Schedule a version of a content. The post and its outbox message are written in this one
    transaction; delivery starts after the commit (and the sweep catches it if that enqueue is lost)."""
    _scheduled_at_validate(scheduled_at)
    if organization_id is not None:
        membership_require(user=user, organization_id=organization_id, role="editor")
    content = Content.objects.filter(pk=content_id).first()
    if content is None or (organization_id is not None and str(content.organization_id) != str(organization_id)):
        raise NotFound("Content not found.")
    membership_require(user=user, organization_id=content.organization_id, role="editor")

    number = version if version is not None else content.current_version
    content_version = ContentVersion.objects.filter(content=content, version=number).first()
    if content_version is None:
        raise ValidationFailed(details={"version": [f"This content has no version {number}."]})
    target = platform or content.platform
    measure_require_valid(platform=target, text=content_version.text, field="platform")
    backend = scheduler_backend()
    scheduler_check_configured(backend=backend)

    try:
        with transaction.atomic():
            post = ScheduledPost.objects.create(
                organization_id=content.organization_id,
                content=content,
                content_version=content_version,
                text=content_version.text,
                platform=target,
                scheduled_at=scheduled_at,
                backend=backend,
                created_by=user,
            )
    except IntegrityError as exc:
        raise AlreadyScheduled() from exc
    message = OutboxMessage.objects.create(
        scheduled_post=post,
        kind=OutboxKind.SCHEDULE,
        payload=_schedule_payload(post),
        idempotency_key=f"schedule:{post.id}",
    )
    transaction.on_commit(lambda: outbox_enqueue(message_id=message.id))
    transaction.on_commit(sweep_ensure_scheduled)
    return post


def _post_for_editor(*, user: User, post_id: UUID | str) -> ScheduledPost:
    post = ScheduledPost.objects.filter(pk=post_id).first()
    if post is None:
        raise ScheduledPostNotFound()
    membership_require(user=user, organization_id=post.organization_id, role="editor")
    return post


def scheduled_post_cancel(*, user: User, post_id: UUID | str) -> ScheduledPost:
    """Cancel a post.

    Not yet handed over (its outbox message still pending): the message is cancelled with the post,
    in one transaction, and never delivered. Being handed over right now: 409 ``delivery_in_progress``.
    Already with the Node.js scheduler (queued, http backend): the scheduler is asked synchronously
    and the post is cancelled only when it confirms; 409 ``already_published`` if it says the post
    is already out; 502/504 if it cannot be reached (the post stays queued).

    Not one transaction on purpose: no row lock is held while the scheduler is called; each step is
    atomic and conditional on its own, so a racing callback or worker simply wins or loses cleanly.
    """
    post = _post_for_editor(user=user, post_id=post_id)
    if post.status == PostStatus.CANCELLED:
        return post
    if post.status in (PostStatus.PUBLISHED, PostStatus.FAILED):
        raise InvalidTransition(
            f"A {post.status} post cannot be cancelled.", details={"from": post.status, "to": PostStatus.CANCELLED}
        )
    with transaction.atomic():
        stopped = OutboxMessage.objects.filter(
            scheduled_post=post, kind__in=[OutboxKind.SCHEDULE, OutboxKind.PUBLISH], status=OutboxStatus.PENDING
        ).update(status=OutboxStatus.CANCELLED, locked_until=None, updated_at=timezone.now())
        if stopped:
            return scheduled_post_transition(post_id=post.id, to_status=PostStatus.CANCELLED).post
        if OutboxMessage.objects.filter(
            scheduled_post=post, kind__in=[OutboxKind.SCHEDULE, OutboxKind.PUBLISH], status=OutboxStatus.DELIVERING
        ).exists():
            raise DeliveryInProgress()
    post.refresh_from_db()
    if post.status == PostStatus.QUEUED and post.backend == SchedulerBackend.HTTP and post.job_id:
        return _cancel_at_scheduler(post=post)
    # Nothing left to stop (no message in flight): only the state changes (or 409 if it cannot).
    return scheduled_post_transition(post_id=post.id, to_status=PostStatus.CANCELLED).post


def _cancel_at_scheduler(*, post: ScheduledPost) -> ScheduledPost:
    message, _ = OutboxMessage.objects.get_or_create(
        idempotency_key=f"cancel:{post.id}",
        defaults={"scheduled_post": post, "kind": OutboxKind.CANCEL, "payload": {"job_id": post.job_id}},
    )
    attempt = _claim(message_id=message.id, statuses_claimable=(OutboxStatus.PENDING, OutboxStatus.FAILED))
    if attempt is None:
        message.refresh_from_db()
        if message.status == OutboxStatus.DELIVERED:
            return scheduled_post_transition(post_id=post.id, to_status=PostStatus.CANCELLED).post
        raise DeliveryInProgress("A cancellation of this post is being sent to the scheduler right now.")
    try:
        SchedulerClient().cancel(job_id=post.job_id, idempotency_key=message.idempotency_key)
    except (SchedulerError, SchedulerTimeout, SchedulerNotConfigured, AlreadyPublished) as exc:
        _fenced(message.id, attempt).update(
            status=OutboxStatus.FAILED, locked_until=None, last_error=exc.message[:2000], updated_at=timezone.now()
        )
        raise
    with transaction.atomic():
        _fenced(message.id, attempt).update(
            status=OutboxStatus.DELIVERED, locked_until=None, delivered_at=timezone.now(), last_error=""
        )
        return scheduled_post_transition(post_id=post.id, to_status=PostStatus.CANCELLED).post


# ---------------------------------------------------------------------------
# Results: the scheduler's callback and the local publisher share this path
# ---------------------------------------------------------------------------
class ContentMismatch(ValidationFailed):
    code = "content_mismatch"
    default_message = "content_id does not match the job's content."


CALLBACK_STATUSES = (PostStatus.PUBLISHED, PostStatus.FAILED)


def scheduled_post_apply_result(
    *, job_id: str, content_id: UUID | str, status: str, platform_post_id: str = "", error: str = ""
) -> TransitionResult:
    """What happened to a job at publication time (the Node.js callback, or the local publisher)."""
    if status not in CALLBACK_STATUSES:
        raise ValidationFailed(details={"status": [f"Must be one of: {', '.join(CALLBACK_STATUSES)}."]})
    post = ScheduledPost.objects.filter(job_id=job_id).first()
    if post is None:
        raise ScheduledPostNotFound("No scheduled post has this job_id.")
    if str(post.content_id) != str(content_id):
        raise ContentMismatch(details={"content_id": ["Does not match the content of this job."]})
    if status == PostStatus.PUBLISHED:
        return scheduled_post_transition(
            post_id=post.id, to_status=PostStatus.PUBLISHED, platform_post_id=platform_post_id
        )
    return scheduled_post_transition(
        post_id=post.id, to_status=PostStatus.FAILED, error=error or "The scheduler reported a failure."
    )


# ---------------------------------------------------------------------------
# Outbox delivery
# ---------------------------------------------------------------------------
def _fenced(message_id: UUID | str, attempt: int):
    """The message as this worker claimed it: a worker whose lease was taken over writes nothing."""
    return OutboxMessage.objects.filter(pk=message_id, status=OutboxStatus.DELIVERING, attempts=attempt)


def _claim(*, message_id: UUID | str, statuses_claimable: tuple[str, ...] = (OutboxStatus.PENDING,)) -> int | None:
    """Take the lease on a due message (or one whose lease expired). Returns the attempt number."""
    now = timezone.now()
    claimable = Q(status__in=statuses_claimable, next_attempt_at__lte=now) | Q(
        status=OutboxStatus.DELIVERING, locked_until__lt=now
    )
    rows = OutboxMessage.objects.filter(claimable, pk=message_id).update(
        status=OutboxStatus.DELIVERING, locked_until=now + outbox_lease(), attempts=F("attempts") + 1
    )
    if rows != 1:
        return None
    message = OutboxMessage.objects.only("attempts", "kind", "scheduled_post_id").get(pk=message_id)
    if message.kind != OutboxKind.CANCEL:
        ScheduledPost.objects.filter(pk=message.scheduled_post_id).update(attempts=F("attempts") + 1)
    return message.attempts


def outbox_enqueue(*, message_id: UUID | str, run_after: datetime | None = None) -> None:
    """Ask the worker to deliver a message (at ``run_after``). Losing this is harmless: the sweep
    finds every due message anyway."""
    from apps.scheduling.tasks import deliver_outbox_message

    task = deliver_outbox_message
    try:
        if run_after is not None and run_after > timezone.now() and task.get_backend().supports_defer:
            task = task.using(run_after=run_after)
        task.enqueue(message_id=str(message_id))
    except Exception:  # noqa: BLE001 - never fail a committed request because the queue hiccuped
        logger.exception("could not enqueue outbox delivery", extra={"outbox_message_id": str(message_id)})


def sweep_ensure_scheduled() -> None:
    from apps.scheduling.tasks import sweep_ensure_scheduled as ensure

    try:
        ensure()
    except Exception:  # noqa: BLE001
        logger.exception("could not schedule the outbox sweep")


def outbox_message_deliver(*, message_id: UUID | str) -> str:
    """Deliver one message if it is due and nobody else holds it. Returns what happened."""
    attempt = _claim(message_id=message_id)
    if attempt is None:
        return "skipped"
    message = OutboxMessage.objects.select_related("scheduled_post").get(pk=message_id)
    post = message.scheduled_post
    try:
        if message.kind == OutboxKind.SCHEDULE:
            return _deliver_schedule(message=message, post=post, attempt=attempt)
        if message.kind == OutboxKind.PUBLISH:
            return _deliver_publish(message=message, post=post, attempt=attempt)
        return _deliver_cancel(message=message, post=post, attempt=attempt)
    except (SchedulerError, SchedulerTimeout, SchedulerNotConfigured, AlreadyPublished) as exc:
        retryable = getattr(exc, "retryable", False)
        return _record_failure(message=message, post=post, attempt=attempt, error=exc.message, retryable=retryable)
    except Exception as exc:  # noqa: BLE001 - a bug must not leave the message leased forever
        logger.exception("outbox delivery crashed", extra={"outbox_message_id": str(message.id)})
        return _record_failure(
            message=message, post=post, attempt=attempt, error=f"Internal error: {type(exc).__name__}", retryable=True
        )


def _deliver_schedule(*, message: OutboxMessage, post: ScheduledPost, attempt: int) -> str:
    if post.status != PostStatus.PENDING:
        # Cancelled (or failed) while we waited: nothing to hand over.
        _fenced(message.id, attempt).update(status=OutboxStatus.CANCELLED, locked_until=None)
        return "cancelled"
    if post.backend == SchedulerBackend.HTTP:
        reply = SchedulerClient().schedule_post(idempotency_key=message.idempotency_key, **message.payload)
        job_id = reply.job_id
    else:
        job_id = f"local:{post.id}"
    with transaction.atomic():
        if not _fenced(message.id, attempt).update(
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


def _deliver_publish(*, message: OutboxMessage, post: ScheduledPost, attempt: int) -> str:
    if post.status != PostStatus.QUEUED:
        _fenced(message.id, attempt).update(status=OutboxStatus.CANCELLED, locked_until=None)
        return "cancelled"
    platform_post_id = publisher_get().publish(post=post, idempotency_key=message.idempotency_key)
    with transaction.atomic():
        if not _fenced(message.id, attempt).update(
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


def _deliver_cancel(*, message: OutboxMessage, post: ScheduledPost, attempt: int) -> str:
    job_id = message.payload.get("job_id") or post.job_id
    SchedulerClient().cancel(job_id=job_id, idempotency_key=message.idempotency_key)
    with transaction.atomic():
        _fenced(message.id, attempt).update(
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
            if not _fenced(message.id, attempt).update(
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
        if not _fenced(message.id, attempt).update(
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


def outbox_sweep(*, limit: int = 200) -> dict[str, int]:
    """Deliver every due message: pending ones whose time came, and in-flight ones whose worker
    died (lease expired). Claims are conditional updates, so sweeps and tasks never double-deliver."""
    now = timezone.now()
    due = (
        OutboxMessage.objects.filter(
            Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
            | Q(status=OutboxStatus.DELIVERING, locked_until__lt=now)
        )
        .order_by("next_attempt_at")
        .values_list("id", flat=True)[:limit]
    )
    outcomes: dict[str, int] = {}
    for message_id in list(due):
        outcome = outbox_message_deliver(message_id=message_id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


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
