"""The post state machine: ``scheduled_post_transition`` is the only code that changes a post's status.

States: ``pending → queued → published | failed``; ``cancelled`` from pending or queued; ``failed`` also
from pending (delivery gave up). Terminal states never change (except an operator's explicit retry of
a failed delivery). Every transition is one conditional UPDATE, so two racing callers cannot both
apply it; the worker's batches (``scheduled_posts_transition``) lock their posts first, then write
the transitions still possible in one conditional UPDATE.
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import Case, QuerySet, Value, When
from django.utils import timezone

from apps.common.events import emit, emit_many
from apps.common.exceptions import ValidationFailed
from apps.scheduling.exceptions import ContentMismatch, InvalidTransition, ScheduledPostNotFound
from apps.scheduling.models import PostStatus, ScheduledPost

logger = logging.getLogger(__name__)

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


# The domain event of each outcome (apps.common.events: the audit log, the webhooks). Queued and a retry's
# return to pending are internal steps, not events.
POST_EVENTS = {
    PostStatus.PUBLISHED: "post.published",
    PostStatus.FAILED: "post.failed",
    PostStatus.CANCELLED: "post.cancelled",
}


def post_event_data(post: ScheduledPost) -> dict[str, Any]:
    """What a post event says about the post (webhook bodies carry it), its media by id, in order."""
    return {
        "scheduled_post_id": str(post.id),
        "content_id": str(post.content_id),
        "content_version_id": str(post.content_version_id),
        "platform": post.platform,
        "scheduled_at": post.scheduled_at.isoformat(),
        "status": post.status,
        "platform_post_id": post.platform_post_id,
        "error": post.last_error if post.status == PostStatus.FAILED else "",
        "media_ids": list(post.media_ids),
    }


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


def _transition_updates(
    to_status: str, *, job_id: str | None, platform_post_id: str, error: str, now: datetime | None = None
) -> dict[str, Any]:
    """The columns the UPDATE to ``to_status`` sets: the status, and what reaching it records (at ``now``)."""
    now = now or timezone.now()
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
    return updates


def _transition_applied(post: ScheduledPost, *, to_status: str, by: Any) -> None:
    """A transition happened: logged, and its domain event emitted (outcomes only)."""
    logger.info(
        "scheduled post transition",
        extra={"scheduled_post_id": str(post.id), "to": to_status, "job_id": post.job_id},
    )
    if to_status in POST_EVENTS:
        emit(
            POST_EVENTS[to_status],
            organization_id=post.organization_id,
            target=("scheduled_post", post.id),
            data=post_event_data(post),
            on_behalf_of=by,
        )


@transaction.atomic
def scheduled_post_transition(
    *,
    post_id: UUID | str,
    to_status: str,
    job_id: str | None = None,
    platform_post_id: str = "",
    error: str = "",
    retry: bool = False,
    by: Any = None,
) -> TransitionResult:
    """Move a post to ``to_status`` with one conditional UPDATE, so two racing callers cannot both
    apply it. Repeating the transition that already happened (same data) succeeds with
    ``changed=False``; any other impossible transition raises ``InvalidTransition`` (409). ``by``: the
    user who asked (a cancellation), the actor of the event when no request names one."""
    return _transition(
        ScheduledPost.objects.filter(pk=post_id),
        to_status=to_status,
        data={"job_id": job_id, "platform_post_id": platform_post_id, "error": error},
        retry=retry,
        by=by,
    )


def _transition(
    post: QuerySet,
    *,
    to_status: str,
    data: dict[str, Any],
    content_id: UUID | str | None = None,
    retry: bool = False,
    by: Any = None,
) -> TransitionResult:
    """The transition of the one post ``post`` selects, in the caller's transaction: the conditional
    UPDATE, then one read of the post (what changed, or why not). ``content_id``: the post must be of
    that content (else nothing changes and ``ContentMismatch``)."""
    allowed_from = (RETRY_FROM if retry else ALLOWED_FROM).get(to_status)
    if allowed_from is None:
        raise InvalidTransition(f"No transition leads to {to_status!r}.", details={"to": to_status})
    changing = post.filter(status__in=allowed_from)
    if content_id is not None:
        changing = changing.filter(content_id=content_id)
    rows = changing.update(**_transition_updates(to_status, **data))
    current = post.first()
    if current is None:
        raise ScheduledPostNotFound()
    if content_id is not None and str(current.content_id) != str(content_id):
        raise ContentMismatch(details={"content_id": ["Does not match the content of this job."]})
    if rows == 1:
        _transition_applied(current, to_status=to_status, by=by)
        return TransitionResult(post=current, changed=True)
    if current.status == to_status and _same_data(current, to_status=to_status, **data):
        return TransitionResult(post=current, changed=False)
    raise InvalidTransition(
        f"A {current.status} post cannot become {to_status}.",
        details={"from": current.status, "to": to_status},
    )


@dataclass
class BulkTransition:
    """What ``scheduled_posts_transition`` did to each post (the posts as they are now)."""

    changed: list[ScheduledPost] = field(default_factory=list)  # moved now (events emitted)
    repeated: list[ScheduledPost] = field(default_factory=list)  # already there, same data
    refused: list[ScheduledPost] = field(default_factory=list)  # in another state: InvalidTransition for one


def scheduled_posts_transition(*, to_status: str, data: Mapping[UUID, Mapping[str, Any]]) -> BulkTransition:
    """``scheduled_post_transition`` for many posts at once (a worker's batch), in the caller's
    transaction: the posts are locked (``SELECT … FOR UPDATE``, primary-key order), those whose state
    allows it are moved with one conditional UPDATE (``_moved_write``; a racing cancellation either
    committed first and is seen, or waits for this one), and their events are emitted
    together (``emit_many``). ``data``: post id → the transition's ``job_id``/``platform_post_id``/
    ``error``. A post repeating the transition already applied is ``repeated``; any other is
    ``refused`` (the caller decides, as it would on ``InvalidTransition``)."""
    allowed_from = ALLOWED_FROM[to_status]
    result = BulkTransition()
    posts = list(ScheduledPost.objects.select_for_update().filter(pk__in=list(data)).order_by("pk"))
    fields: set[str] = set()
    now = timezone.now()  # one instant for the batch: its timestamps are one value, not one per post
    for post in posts:
        given = {"job_id": None, "platform_post_id": "", "error": "", **data[post.pk]}
        if post.status in allowed_from:
            updates = _transition_updates(to_status, **given, now=now)
            for name, value in updates.items():
                setattr(post, name, value)
            fields.update(updates)
            result.changed.append(post)
        elif post.status == to_status and _same_data(post, to_status=to_status, **given):
            result.repeated.append(post)
        else:
            result.refused.append(post)
    if result.changed:
        _moved_write(result.changed, fields=fields, allowed_from=allowed_from)
        _transitions_applied(result.changed, to_status=to_status)
    return result


def _moved_write(posts: list[ScheduledPost], *, fields: set[str], allowed_from: frozenset[str]) -> None:
    """One conditional UPDATE of the locked ``posts``: a column with the same value for all (status,
    timestamps) set as such, only one that differs (the job id of each) as ``Case(When(pk=…))``
    (``bulk_update`` writes a ``Case`` for every column: compiling them cost more than the statement)."""
    values: dict[str, Any] = {}
    for name in sorted(fields):
        given = {post.pk: getattr(post, name) for post in posts}
        if len(set(given.values())) == 1:
            values[name] = next(iter(given.values()))
        else:
            output = ScheduledPost._meta.get_field(name)
            values[name] = Case(*(When(pk=pk, then=Value(value)) for pk, value in given.items()), output_field=output)
    ScheduledPost.objects.filter(pk__in=[post.pk for post in posts], status__in=allowed_from).update(**values)


def _transitions_applied(posts: list[ScheduledPost], *, to_status: str) -> None:
    """``_transition_applied`` for a batch: logged, and the events of each organization emitted together."""
    logger.info("scheduled posts transition", extra={"count": len(posts), "to": to_status})
    if to_status not in POST_EVENTS:
        return
    by_organization: dict[UUID, list[ScheduledPost]] = {}
    for post in posts:
        by_organization.setdefault(post.organization_id, []).append(post)
    for organization_id, batch in by_organization.items():
        emit_many(
            POST_EVENTS[to_status],
            organization_id=organization_id,
            items=[(("scheduled_post", post.id), post_event_data(post)) for post in batch],
        )


# ---------------------------------------------------------------------------
# Results: the scheduler's callback and the local publisher share this path
# ---------------------------------------------------------------------------
CALLBACK_STATUSES = (PostStatus.PUBLISHED, PostStatus.FAILED)


def scheduled_post_apply_result(
    *, job_id: str, content_id: UUID | str, status: str, platform_post_id: str = "", error: str = ""
) -> TransitionResult:
    """What happened to a job at publication time (the Node.js callback, or the reconciliation): the
    post found by its job id, checked against ``content_id``, moved in the same conditional UPDATE."""
    if status not in CALLBACK_STATUSES:
        raise ValidationFailed(details={"status": [f"Must be one of: {', '.join(CALLBACK_STATUSES)}."]})
    data = {"job_id": None, "platform_post_id": "", "error": ""}
    if status == PostStatus.PUBLISHED:
        data["platform_post_id"] = platform_post_id
    else:
        data["error"] = error or "The scheduler reported a failure."
    try:
        with transaction.atomic():
            return _transition(
                ScheduledPost.objects.filter(job_id=job_id), to_status=status, data=data, content_id=content_id
            )
    except ScheduledPostNotFound:
        raise ScheduledPostNotFound("No scheduled post has this job_id.") from None
