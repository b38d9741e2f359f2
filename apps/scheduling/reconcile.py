"""Reconciliation: a post the scheduler accepted whose result never came does not stay ``queued``.

A post still ``queued`` ``SCHEDULER_RECONCILE_GRACE_SECONDS`` after its ``scheduled_at`` is checked
with the scheduler (``GET /jobs/{job_id}``, docs/scheduler-contract.md), then again every grace
period:

- ``published`` / ``failed``: applied through ``scheduled_post_apply_result``, the callback's own
  path (state machine, idempotent: a late callback then answers ``changed: false``);
- 404: the scheduler does not know the job, it will never publish: ``failed``;
- ``waiting`` / ``publishing``, or no usable answer (down, timeout, refused): the post stays queued
  until ``scheduled_at + grace × SCHEDULER_RECONCILE_ATTEMPTS``, then it is ``failed`` with the
  reason (a job still waiting is cancelled at the scheduler first, so it cannot publish later; one
  the scheduler says is being published stays queued).

The local backend's posts are checked by the same rule, harmlessly: while their ``publish`` message
is live the outbox owns them (it has its own attempt limit); only a queued local post with no live
message left would be failed.

Runs in the scheduling sweep (``apps.scheduling.outbox.scheduling_sweep``), in bounded batches. Two
workers never check the same post at once: each takes a post with one conditional UPDATE of
``reconcile_checked_at`` (the claim), and every status change goes through the state machine's
conditional UPDATE, so a post transitions once.
"""

import logging
from datetime import datetime, timedelta
from uuid import UUID

from asgiref.sync import async_to_sync
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.scheduling.client import JobState, SchedulerClient
from apps.scheduling.exceptions import (
    AlreadyPublished,
    InvalidTransition,
    ScheduledPostNotFound,
    SchedulerError,
    SchedulerNotConfigured,
    SchedulerTimeout,
)
from apps.scheduling.models import OutboxKind, OutboxMessage, OutboxStatus, PostStatus, ScheduledPost, SchedulerBackend
from apps.scheduling.state import scheduled_post_apply_result, scheduled_post_transition

logger = logging.getLogger(__name__)

_UNREACHABLE = (SchedulerError, SchedulerTimeout, SchedulerNotConfigured)


def reconcile_grace() -> timedelta:
    return timedelta(seconds=float(settings.SCHEDULER_RECONCILE_GRACE_SECONDS))


def reconcile_deadline(post: ScheduledPost) -> datetime:
    """When a post with no definite answer from the scheduler is given up."""
    return post.scheduled_at + reconcile_grace() * max(1, settings.SCHEDULER_RECONCILE_ATTEMPTS)


def _seconds(delta: timedelta) -> str:
    return f"{delta.total_seconds():g}s"


def scheduled_posts_overdue(*, now: datetime | None = None):
    """Queued posts past ``scheduled_at`` + grace (the admin's "overdue" filter, and the candidates)."""
    now = now or timezone.now()
    return ScheduledPost.objects.filter(status=PostStatus.QUEUED, scheduled_at__lt=now - reconcile_grace())


def scheduled_posts_reconcile(*, limit: int | None = None) -> dict[str, int]:
    """Check a bounded batch of overdue queued posts not checked within the last grace period.
    Returns ``{outcome: count}``."""
    now = timezone.now()
    due = (
        scheduled_posts_overdue(now=now)
        .filter(Q(reconcile_checked_at__isnull=True) | Q(reconcile_checked_at__lt=now - reconcile_grace()))
        .order_by("scheduled_at", "id")
        .values_list("id", flat=True)
    )
    with transaction.atomic():
        # SKIP LOCKED (PostgreSQL): a second reconciler takes the next posts instead of waiting for
        # these; the conditional claim is what guarantees one check per post on every database.
        candidates = list(due.select_for_update(skip_locked=True)[: limit or settings.SCHEDULER_RECONCILE_BATCH_SIZE])
        claimed = [post_id for post_id in candidates if _claim(post_id=post_id, now=now, force=False)]
    outcomes: dict[str, int] = {}
    for post_id in claimed:
        outcome = _check(post_id=post_id, now=now)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    if outcomes:
        logger.info("scheduled posts reconciled", extra=outcomes)
    return outcomes


def _claim(*, post_id: UUID | str, now: datetime, force: bool) -> bool:
    """Take the post for one check: one conditional UPDATE, so two reconcilers never both call out.
    Automatic: overdue and not checked within a grace period. Forced (admin): any queued post not
    checked within one scheduler timeout (a check in flight is left alone)."""
    gap = timedelta(seconds=float(settings.SCHEDULER_TIMEOUT_SECONDS) + 1) if force else reconcile_grace()
    claimable = ScheduledPost.objects.filter(pk=post_id, status=PostStatus.QUEUED).filter(
        Q(reconcile_checked_at__isnull=True) | Q(reconcile_checked_at__lt=now - gap)
    )
    if not force:
        claimable = claimable.filter(scheduled_at__lt=now - reconcile_grace())
    return claimable.update(reconcile_checked_at=now) == 1


def scheduled_post_reconcile(*, post_id: UUID | str, force: bool = False) -> str:
    """Check one queued post (see the module docstring). ``force``: the admin's "reconcile now",
    before the grace period is over (the give-up deadline still applies). Returns what happened:
    ``published``, ``failed``, ``cancelled``, ``waiting``, ``skipped`` (not claimed) or ``superseded``
    (the post moved on meanwhile)."""
    now = timezone.now()
    if not _claim(post_id=post_id, now=now, force=force):
        return "skipped"
    return _check(post_id=post_id, now=now)


def _check(*, post_id: UUID | str, now: datetime) -> str:
    """One claimed post: ask, then apply (no transaction open during the call)."""
    post = ScheduledPost.objects.get(pk=post_id)
    try:
        if post.backend == SchedulerBackend.LOCAL:
            return _reconcile_local(post=post, now=now)
        return _reconcile_http(post=post, now=now)
    except (InvalidTransition, ScheduledPostNotFound):
        # A callback, a cancel or a delivery won the race: its state stands.
        return "superseded"


def _fail(*, post: ScheduledPost, reason: str) -> str:
    """Through the callback's path: the state machine decides, once."""
    scheduled_post_apply_result(
        job_id=post.job_id, content_id=post.content_id, status=PostStatus.FAILED, error=reason[:2000]
    )
    logger.warning(
        "scheduled post failed by reconciliation",
        extra={"scheduled_post_id": str(post.id), "job_id": post.job_id, "reason": reason[:200]},
    )
    return "failed"


def _note(*, post: ScheduledPost, note: str) -> str:
    """Still queued: say why in the post (the API and the admin show ``last_error``)."""
    ScheduledPost.objects.filter(pk=post.pk, status=PostStatus.QUEUED).update(
        last_error=note[:2000], updated_at=timezone.now()
    )
    return "waiting"


def _reconcile_local(*, post: ScheduledPost, now: datetime) -> str:
    live = OutboxMessage.objects.filter(
        scheduled_post=post, kind=OutboxKind.PUBLISH, status__in=[OutboxStatus.PENDING, OutboxStatus.DELIVERING]
    ).exists()
    if live:
        return "waiting"  # the outbox delivers it, retries it and fails it after SCHEDULER_MAX_ATTEMPTS
    if now < reconcile_deadline(post):
        return "waiting"
    waited = _seconds(reconcile_deadline(post) - post.scheduled_at)
    return _fail(post=post, reason=f"No publication recorded within {waited} after scheduled_at.")


_FINISHED = (PostStatus.PUBLISHED, PostStatus.FAILED, PostStatus.CANCELLED)


def _reconcile_http(*, post: ScheduledPost, now: datetime) -> str:
    waited = _seconds(reconcile_deadline(post) - post.scheduled_at)
    try:
        job: JobState | None = async_to_sync(SchedulerClient().job_state)(job_id=post.job_id)
    except _UNREACHABLE as exc:
        if now < reconcile_deadline(post):
            return _note(post=post, note=f"No callback from the scheduler yet; checking its job failed: {exc.message}")
        return _fail(
            post=post,
            reason=f"No callback from the scheduler within {waited} after scheduled_at, "
            f"and the scheduler did not answer about the job ({exc.message}).",
        )
    if job is None:
        return _fail(
            post=post,
            reason=f"No callback from the scheduler, and it does not know job {post.job_id} (404): "
            "nothing will be published.",
        )
    if job.status in _FINISHED:
        return _reconcile_finished_job(post=post, job=job)
    return _reconcile_unfinished_job(post=post, job=job, now=now, waited=waited)


def _reconcile_finished_job(*, post: ScheduledPost, job: JobState) -> str:
    """The scheduler knows how the job ended, but its callback never came: apply what it says."""
    if job.status == PostStatus.PUBLISHED:
        scheduled_post_apply_result(
            job_id=post.job_id,
            content_id=post.content_id,
            status=PostStatus.PUBLISHED,
            platform_post_id=job.platform_post_id,
        )
        return "published"
    if job.status == PostStatus.FAILED:
        reason = job.error or "The scheduler reports the job failed (found by reconciliation; no callback came)."
        scheduled_post_apply_result(
            job_id=post.job_id, content_id=post.content_id, status=PostStatus.FAILED, error=reason
        )
        return "failed"
    # cancelled
    if OutboxMessage.objects.filter(scheduled_post=post, kind=OutboxKind.CANCEL).exists():
        # Our own cancel went through; its answer was lost or is being recorded right now.
        scheduled_post_transition(post_id=post.id, to_status=PostStatus.CANCELLED)
        return "cancelled"
    return _fail(post=post, reason=f"The scheduler dropped job {post.job_id} (cancelled) without a callback.")


def _reconcile_unfinished_job(*, post: ScheduledPost, job: JobState, now: datetime, waited: str) -> str:
    """The job is still waiting or publishing: a note until the deadline, then cancelled (if it can
    still be) and failed."""
    if now < reconcile_deadline(post):
        return _note(post=post, note=f"No callback from the scheduler yet; it reports the job {job.status}.")
    if job.status == "waiting":
        try:
            # Give up only on a job that can no longer go out behind our back.
            async_to_sync(SchedulerClient().cancel)(job_id=post.job_id, idempotency_key=f"reconcile-cancel:{post.id}")
        except AlreadyPublished:
            return _note(post=post, note="No callback from the scheduler yet; it is publishing the job.")
        except _UNREACHABLE as exc:
            logger.warning(
                "could not cancel an overdue job", extra={"scheduled_post_id": str(post.id), "error": exc.message}
            )
    # "publishing" this long after its time is stuck as well: the deadline is the promise we keep.
    return _fail(
        post=post,
        reason=f"No callback from the scheduler within {waited} after scheduled_at "
        f"(the scheduler still reported the job {job.status}).",
    )
