"""The scheduling use cases: schedule a version of a content, cancel a post.

A post's status changes only through the state machine (``apps.scheduling.state``); delivery to the
scheduler goes through the outbox (``apps.scheduling.outbox``). The scheduler's callback applies its
result with ``apps.scheduling.state.scheduled_post_apply_result``.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from asgiref.sync import async_to_sync
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from apps.channels.models import NETWORK_PLATFORM, Channel
from apps.channels.selectors import channels_active_for_workspaces
from apps.common.events import emit_many
from apps.common.exceptions import DomainError, NotFound, ServiceNotConfigured, ValidationFailed
from apps.content.attachments import (
    attachments_prefetch,
    media_rules_require,
    version_attachments,
)
from apps.content.exceptions import ContentArchived
from apps.content.measure import measure_require_valid
from apps.content.models import Content, ContentVersion, ReviewState
from apps.organizations.models import Organization
from apps.organizations.selectors import membership_require, workspace_scope
from apps.scheduling.client import SchedulerClient
from apps.scheduling.duplicates import DuplicateIndex, text_hash
from apps.scheduling.exceptions import (
    AlreadyPublished,
    AlreadyScheduled,
    ContentNotApproved,
    DeliveryInProgress,
    DuplicatePost,
    InvalidTransition,
    ScheduledPostNotFound,
    SchedulerError,
    SchedulerNotConfigured,
    SchedulerTimeout,
)
from apps.scheduling.models import (
    ACTIVE_STATUSES,
    OutboxKind,
    OutboxMessage,
    OutboxStatus,
    PostStatus,
    ScheduledPost,
    SchedulerBackend,
)
from apps.scheduling.outbox import (
    outbox_claim,
    outbox_enqueue,
    outbox_enqueue_many,
    outbox_fenced,
    sweep_ensure_scheduled,
)
from apps.scheduling.publishers import publisher_check_configured
from apps.scheduling.state import post_event_data, scheduled_post_transition
from apps.users.models import User

logger = logging.getLogger(__name__)

MAX_SCHEDULE_AHEAD = timedelta(days=365)


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


def _schedule_payload(post: ScheduledPost, *, callback: str) -> dict[str, Any]:
    return {
        "scheduled_post_id": str(post.id),
        "content_id": str(post.content_id),
        "org_id": str(post.organization_id),
        "user": str(post.created_by_id) if post.created_by_id else None,
        "platform": post.platform,
        "scheduled_at": post.scheduled_at.isoformat(),
        "text": post.text,
        "callback_url": callback,
        "media_url": f"{settings.API_BASE_URL}{reverse('scheduling:service-media', kwargs={'id': post.id})}",
        "channel": _channel_payload(post),
    }


def _channel_payload(post: ScheduledPost) -> dict[str, Any] | None:
    """The channel a job publishes to (null: a platform-only post), never a token: the scheduler
    fetches the access token at ``token_url`` when it publishes."""
    channel = post.channel
    if channel is None:
        return None
    return {
        "id": str(channel.pk),
        "network": channel.network,
        "account_id": channel.account_id,
        "handle": channel.handle,
        "instance_url": channel.instance_url,
        "token_url": f"{settings.API_BASE_URL}{reverse('scheduling:service-channel-token', kwargs={'id': post.id})}",
    }


def scheduled_post_content_require(
    *, user: User, content_id: UUID | str, organization_id: UUID | str | None = None
) -> Content:
    """The content to schedule, when the caller is an editor or higher of its organization (and of
    ``organization_id`` when given): 404 for a missing or foreign content, 403 for a lower role.
    The schedule API calls it before validating the rest of the body (permission first)."""
    if organization_id is not None:
        membership_require(user=user, organization_id=organization_id, role="editor")
    content = Content.objects.filter(pk=content_id, deleted_at__isnull=True).first()  # trashed: 404
    if content is None or (organization_id is not None and str(content.organization_id) != str(organization_id)):
        raise NotFound("Content not found.")
    try:
        membership_require(user=user, organization_id=content.organization_id, role="editor")
    except NotFound as exc:  # a foreign content is answered as a missing one (issue 12 item 6)
        raise NotFound("Content not found.") from exc
    scope = workspace_scope(user=user)  # an API key limited to one workspace: its content only
    if scope is not None and content.workspace_id != scope:
        raise NotFound("Content not found.")
    return content


@dataclass(frozen=True)
class PostToSchedule:
    """One post for ``scheduled_posts_create``: a version of a content (the current one, or the
    approved one where approval is required, when ``version`` is None) on a platform (the content's
    when None) at a time the caller has validated."""

    content_id: UUID
    scheduled_at: datetime
    platform: str | None = None
    version: int | None = None
    allow_duplicate: bool = False
    channel_id: UUID | None = None


@dataclass(frozen=True)
class _Checked:
    """A post that passed the checks of its own content: what ``_post_build`` needs."""

    request: PostToSchedule
    content: Content
    version: ContentVersion
    platform: str
    hashed: str
    channel: Channel | None = None


@transaction.atomic
def scheduled_post_create(
    *,
    user: User,
    content_id: UUID | str,
    scheduled_at: datetime,
    platform: str | None = None,
    version: int | None = None,
    organization_id: UUID | str | None = None,
    allow_duplicate: bool = False,
    channel_id: UUID | None = None,
) -> ScheduledPost:
    """Schedule a version of a content. The post and its outbox message are written in this one
    transaction; delivery starts after the commit (and the sweep catches it if that enqueue is lost).

    Under the organization row lock (so two requests cannot both pass the duplicate check) and the
    content row lock (so no new version, review transition or deletion slips in between the checks
    and the insert): archived content is 409 ``content_archived``; in a workspace that requires
    approval, content that is not approved — or a version other than the approved one — is 409
    ``content_not_approved``, and the default version is the approved one; the same normalized text
    on the same platform within SCHEDULING_DUPLICATE_WINDOW_HOURS of a live post of the organization
    is 409 ``duplicate_post`` (details: ``duplicate_of``) unless ``allow_duplicate``. With
    ``channel_id`` the post goes to that channel (an active channel of the content's workspace, else
    400), on the platform of its network.

    The batch of one of ``scheduled_posts_create``: one implementation of every rule."""
    content = scheduled_post_content_require(user=user, content_id=content_id, organization_id=organization_id)
    _scheduled_at_validate(scheduled_at)
    request = PostToSchedule(
        content_id=content.pk,
        scheduled_at=scheduled_at,
        platform=platform,
        version=version,
        allow_duplicate=allow_duplicate,
        channel_id=channel_id,
    )
    [outcome] = scheduled_posts_create(user=user, organization_id=content.organization_id, posts=[request])
    if isinstance(outcome, DomainError):
        raise outcome
    return outcome


@transaction.atomic(savepoint=False)  # an error it raises fails the caller's whole transaction anyway
def scheduled_posts_create(
    *,
    user: User,
    organization_id: UUID | str,
    posts: Sequence[PostToSchedule],
    created: Sequence[ContentVersion] = (),
) -> list[ScheduledPost | DomainError]:
    """Schedule many posts of one organization at once, under the same locks and rules as
    ``scheduled_post_create``, each post checked as if they were scheduled one after the other (a
    later post is a duplicate of an earlier one of the batch as of one already scheduled). The
    caller has checked the role, the workspace scope and the times.

    One outcome per post, in order: the post, or the error refusing it (400/404/409; nothing written
    for it). The posts, their outbox messages and their ``post.scheduled`` events (audit entries,
    webhook deliveries) are written in a few statements whatever the count; 503 when the scheduler
    is not configured fails the whole call.

    ``created``: the versions 1 of contents this transaction has just created (a CSV import's text
    rows, ``contents_create_from_text``), with their content: nobody else sees those rows yet, so
    they are neither locked nor read again."""
    fresh = {version.content_id: version.content for version in created}
    contents = fresh | _contents_locked(
        organization_id=organization_id, content_ids={post.content_id for post in posts} - fresh.keys()
    )
    channels = channels_active_for_workspaces(
        channel_ids={post.channel_id for post in posts if post.channel_id}, organization_id=organization_id
    )
    checked = _posts_check(
        posts,
        contents,
        known={(version.content_id, version.version): version for version in created},
        channels=channels,
    )
    if not any(isinstance(item, _Checked) for item in checked):
        return [item for item in checked if isinstance(item, DomainError)]  # every one refused: 503 not asked
    backend = scheduler_backend()
    scheduler_check_configured(backend=backend)
    outcomes = _posts_build(user=user, organization_id=organization_id, checked=checked, backend=backend)
    created = [outcome for outcome in outcomes if isinstance(outcome, ScheduledPost)]
    if created:
        try:
            with transaction.atomic():
                ScheduledPost.objects.bulk_create(created)
        except IntegrityError as exc:  # a concurrent writer that did not take the organization lock
            raise AlreadyScheduled() from exc
        _deliveries_start(posts=created, user=user, organization_id=organization_id)
    return outcomes


def _contents_locked(*, organization_id: UUID | str, content_ids: set[UUID]) -> dict[UUID, Content]:
    """The organization row locked (so two requests cannot both pass the duplicate check), then the
    contents' rows, in primary-key order (so no new version, review transition or deletion slips in
    between the checks and the inserts). A content trashed since the caller's check is missing."""
    Organization.objects.select_for_update().filter(pk=organization_id).first()
    locked = (
        Content.objects.select_for_update(of=("self",))
        .select_related("workspace")
        .filter(organization_id=organization_id, pk__in=content_ids, deleted_at__isnull=True)
        .order_by("pk")
    )
    return {content.pk: content for content in locked}


def _posts_check(
    posts: Sequence[PostToSchedule],
    contents: dict[UUID, Content],
    *,
    known: dict[tuple[UUID, int], ContentVersion],
    channels: dict[UUID, Channel],
) -> list[_Checked | DomainError]:
    """Each post against its own content: 404 when missing (trashed), 409 when archived or not
    approved, 400 for a missing version or a text the platform refuses. The versions are read in one
    query, but for those ``known`` already."""
    numbers: list[int | DomainError] = []
    for post in posts:
        try:
            numbers.append(
                _version_to_schedule(content=_content_usable(contents.get(post.content_id)), version=post.version)
            )
        except DomainError as exc:
            numbers.append(exc)
    wanted = {
        (post.content_id, number) for post, number in zip(posts, numbers, strict=True) if isinstance(number, int)
    } - known.keys()
    versions = (
        ContentVersion.objects.filter(
            content_id__in={content_id for content_id, _ in wanted}, version__in={number for _, number in wanted}
        )
        if wanted
        else []
    )
    by_key = known | {(v.content_id, v.version): v for v in versions if (v.content_id, v.version) in wanted}
    prefetch_related_objects(list(by_key.values()), attachments_prefetch())  # the media rules: one query
    return [
        _post_check(post, contents.get(post.content_id), number, by_key, channels)
        for post, number in zip(posts, numbers, strict=True)
    ]


def _content_usable(content: Content | None) -> Content:
    if content is None:
        raise NotFound("Content not found.")
    if content.archived_at is not None:
        raise ContentArchived()
    return content


def _post_check(
    post: PostToSchedule,
    content: Content | None,
    number: int | DomainError,
    versions: dict[tuple[UUID, int], ContentVersion],
    channels: dict[UUID, Channel],
) -> _Checked | DomainError:
    if isinstance(number, DomainError):
        return number
    assert content is not None
    version = versions.get((content.pk, number))
    if version is None:
        return ValidationFailed(details={"version": [f"This content has no version {number}."]})
    channel = channels.get(post.channel_id) if post.channel_id else None
    try:
        platform = _channel_platform(post, content, channel) if post.channel_id else post.platform or content.platform
        measure_require_valid(platform=platform, text=version.text, field="platform")
        media_rules_require(platform=platform, attachments=version_attachments(version))
    except ValidationFailed as exc:
        return exc
    return _Checked(
        request=post,
        content=content,
        version=version,
        platform=platform,
        hashed=text_hash(version.text),
        channel=channel,
    )


def _channel_platform(post: PostToSchedule, content: Content, channel: Channel | None) -> str:
    """The platform of a post to a channel: its network's. The channel must be an active channel of
    the content's workspace (any other, of another workspace or organization, or missing, is the
    same 400); a ``platform`` sent with it must be that one."""
    if channel is None or channel.workspace_id != content.workspace_id:
        raise ValidationFailed(
            "channel_id is not an active channel of the content's workspace.",
            details={"channel_id": ["Not an active channel of the content's workspace."]},
        )
    platform = NETWORK_PLATFORM[channel.network]
    if post.platform and post.platform != platform:
        raise ValidationFailed(
            f"The channel publishes to {platform}, not {post.platform}.",
            details={"platform": [f"A {channel.network} channel publishes to {platform}: omit platform or send it."]},
        )
    return platform


def _posts_build(
    *, user: User, organization_id: UUID | str, checked: list[_Checked | DomainError], backend: str
) -> list[ScheduledPost | DomainError]:
    """The posts to insert, in order, each refused (409) when its content is already live on the
    platform at that time, or (unless ``allow_duplicate``) when the same text is live for the
    organization within the window — counting the posts of the batch accepted before it."""
    ready = [item for item in checked if isinstance(item, _Checked)]
    taken = set(
        ScheduledPost.objects.filter(
            content_id__in={item.content.pk for item in ready}, status__in=ACTIVE_STATUSES
        ).values_list("content_id", "platform", "scheduled_at")
    )
    duplicates = DuplicateIndex.read(
        organization_id=organization_id,
        keys=[
            (item.platform, item.hashed, item.request.scheduled_at)
            for item in ready
            if not item.request.allow_duplicate
        ],
    )
    outcomes: list[ScheduledPost | DomainError] = []
    for item in checked:
        if isinstance(item, _Checked):
            item = _post_build(user=user, item=item, backend=backend, taken=taken, duplicates=duplicates)
        outcomes.append(item)
    return outcomes


def _post_build(
    *, user: User, item: _Checked, backend: str, taken: set[tuple[Any, ...]], duplicates: DuplicateIndex
) -> ScheduledPost | DomainError:
    slot = (item.content.pk, item.platform, item.request.scheduled_at)
    if slot in taken:
        return AlreadyScheduled()
    if not item.request.allow_duplicate:
        other = duplicates.find(platform=item.platform, hashed=item.hashed, scheduled_at=item.request.scheduled_at)
        if other is not None:
            return _duplicate_refusal(user=user, other=other)
    post = ScheduledPost(
        organization_id=item.content.organization_id,
        content=item.content,
        content_version=item.version,
        text=item.version.text,
        media_ids=[str(row.media_id) for row in item.version.attachments.all()],
        text_hash=item.hashed,
        platform=item.platform,
        scheduled_at=item.request.scheduled_at,
        backend=backend,
        created_by=user,
        channel=item.channel,
    )
    taken.add(slot)
    duplicates.add(post)
    return post


def _duplicate_refusal(*, user: User, other: ScheduledPost) -> DuplicatePost:
    """409 ``duplicate_post``. The rule is organization-wide, but the details name the other post
    (id, time, status) only to a caller who may read it: every member reads every post of the
    organization; an API key limited to one workspace reads that workspace's only, and for a post of
    another workspace gets the bare refusal (issue 25 item 3)."""
    details: dict[str, Any] = {"window_hours": settings.SCHEDULING_DUPLICATE_WINDOW_HOURS}
    scope = workspace_scope(user=user)
    if scope is None or other.content.workspace_id == scope:
        details = {
            "duplicate_of": str(other.id),
            "duplicate_scheduled_at": other.scheduled_at.isoformat(),
            "duplicate_status": other.status,
            **details,
        }
    return DuplicatePost(details=details)


def _deliveries_start(*, posts: list[ScheduledPost], user: User, organization_id: UUID | str) -> None:
    """The outbox messages of the new posts and their events, in this transaction; the deliveries
    are enqueued after the commit (the sweep catches them if that enqueue is lost)."""
    callback = callback_url()
    messages = OutboxMessage.objects.bulk_create(
        OutboxMessage(
            scheduled_post=post,
            kind=OutboxKind.SCHEDULE,
            payload=_schedule_payload(post, callback=callback),
            idempotency_key=f"schedule:{post.id}",
        )
        for post in posts
    )
    emit_many(
        "post.scheduled",
        organization_id=organization_id,
        items=[(("scheduled_post", post.id), post_event_data(post)) for post in posts],
        on_behalf_of=user,
    )
    message_ids = [message.id for message in messages]
    transaction.on_commit(lambda: outbox_enqueue_many(message_ids=message_ids))
    transaction.on_commit(sweep_ensure_scheduled, robust=True)


def _version_to_schedule(*, content: Content, version: int | None) -> int:
    """The version number to schedule: the requested one, else the current one — or, when the
    workspace requires approval, the approved one (and only it)."""
    if not content.workspace.requires_approval:
        return version if version is not None else content.current_version
    approved = content.review_version if content.review_state == ReviewState.APPROVED else None
    if approved is None:
        raise ContentNotApproved(details={"review_state": content.review_state})
    if version is not None and version != approved:
        raise ContentNotApproved(
            f"Only the approved version ({approved}) of this content can be scheduled.",
            details={"review_state": content.review_state, "approved_version": approved},
        )
    return approved


def _post_for_editor(*, user: User, post_id: UUID | str) -> ScheduledPost:
    post = ScheduledPost.objects.filter(pk=post_id).first()
    if post is None:
        raise ScheduledPostNotFound()
    try:
        membership_require(user=user, organization_id=post.organization_id, role="editor")
    except NotFound as exc:  # another tenant's post is answered exactly like a missing one
        raise ScheduledPostNotFound() from exc
    scope = workspace_scope(user=user)
    if scope is not None and not ScheduledPost.objects.filter(pk=post.pk, content__workspace_id=scope).exists():
        raise ScheduledPostNotFound()
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
            return scheduled_post_transition(post_id=post.id, to_status=PostStatus.CANCELLED, by=user).post
        if OutboxMessage.objects.filter(
            scheduled_post=post, kind__in=[OutboxKind.SCHEDULE, OutboxKind.PUBLISH], status=OutboxStatus.DELIVERING
        ).exists():
            raise DeliveryInProgress()
    post.refresh_from_db()
    if post.status == PostStatus.QUEUED and post.backend == SchedulerBackend.HTTP and post.job_id:
        return _cancel_at_scheduler(post=post, user=user)
    # Nothing left to stop (no message in flight): only the state changes (or 409 if it cannot).
    return scheduled_post_transition(post_id=post.id, to_status=PostStatus.CANCELLED, by=user).post


def _cancel_at_scheduler(*, post: ScheduledPost, user: User) -> ScheduledPost:
    message, _ = OutboxMessage.objects.get_or_create(
        idempotency_key=f"cancel:{post.id}",
        defaults={"scheduled_post": post, "kind": OutboxKind.CANCEL, "payload": {"job_id": post.job_id}},
    )
    attempt = outbox_claim(message_id=message.id, statuses_claimable=(OutboxStatus.PENDING, OutboxStatus.FAILED))
    if attempt is None:
        message.refresh_from_db()
        if message.status == OutboxStatus.DELIVERED:
            return scheduled_post_transition(post_id=post.id, to_status=PostStatus.CANCELLED, by=user).post
        raise DeliveryInProgress("A cancellation of this post is being sent to the scheduler right now.")
    try:
        async_to_sync(SchedulerClient().cancel)(job_id=post.job_id, idempotency_key=message.idempotency_key)
    except (SchedulerError, SchedulerTimeout, SchedulerNotConfigured, AlreadyPublished) as exc:
        outbox_fenced(message.id, attempt).update(
            status=OutboxStatus.FAILED, locked_until=None, last_error=exc.message[:2000], updated_at=timezone.now()
        )
        raise
    with transaction.atomic():
        outbox_fenced(message.id, attempt).update(
            status=OutboxStatus.DELIVERED, locked_until=None, delivered_at=timezone.now(), last_error=""
        )
        return scheduled_post_transition(post_id=post.id, to_status=PostStatus.CANCELLED, by=user).post


def scheduled_posts_cancel_for_content(*, content: Content, actor: User | None = None, **_: Any) -> int:
    """The ``content.deleted`` subscriber: cancel the content's pending and queued posts, inside the
    deletion's transaction, through the cancel path's own steps without waiting on the scheduler:

    - a post whose outbox message is still pending (not handed over; or, local backend, queued with
      its publish message waiting) is cancelled with its message, never delivered;
    - a post being handed over right now: 409 ``delivery_in_progress``, and the deletion rolls back;
    - a post already with the Node.js scheduler (queued, http): a ``cancel`` outbox message is written
      (delivered after the commit by the worker, with retries); the post becomes ``cancelled`` when the
      scheduler confirms, as for an orphaned job. Until then the trashed content is not purged.

    Returns how many posts were cancelled or are being cancelled."""
    posts = list(
        ScheduledPost.objects.select_for_update().filter(content=content, status__in=ACTIVE_STATUSES).order_by("id")
    )
    for post in posts:
        stopped = OutboxMessage.objects.filter(
            scheduled_post=post, kind__in=[OutboxKind.SCHEDULE, OutboxKind.PUBLISH], status=OutboxStatus.PENDING
        ).update(status=OutboxStatus.CANCELLED, locked_until=None, updated_at=timezone.now())
        if stopped:
            scheduled_post_transition(post_id=post.id, to_status=PostStatus.CANCELLED, by=actor)
            continue
        if OutboxMessage.objects.filter(
            scheduled_post=post, kind__in=[OutboxKind.SCHEDULE, OutboxKind.PUBLISH], status=OutboxStatus.DELIVERING
        ).exists():
            raise DeliveryInProgress(
                "A post of this content is being handed to the scheduler right now; try again in a few seconds.",
                details={"scheduled_post_id": str(post.id)},
            )
        if post.status == PostStatus.QUEUED and post.backend == SchedulerBackend.HTTP and post.job_id:
            message, created = OutboxMessage.objects.get_or_create(
                idempotency_key=f"cancel:{post.id}",
                defaults={"scheduled_post": post, "kind": OutboxKind.CANCEL, "payload": {"job_id": post.job_id}},
            )
            if created or message.status == OutboxStatus.FAILED:
                OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.FAILED).update(
                    status=OutboxStatus.PENDING, next_attempt_at=timezone.now(), updated_at=timezone.now()
                )
                transaction.on_commit(lambda message_id=message.id: outbox_enqueue(message_id=message_id))
            continue
        scheduled_post_transition(post_id=post.id, to_status=PostStatus.CANCELLED, by=actor)
    if posts:
        logger.info("posts of deleted content cancelled", extra={"content_id": str(content.pk), "posts": len(posts)})
    return len(posts)


def content_purge_filter(queryset: QuerySet[Content]) -> QuerySet[Content]:
    """Purge filter: trashed content with a post still pending or queued (its cancellation on its way
    to the scheduler) is kept until the scheduler confirmed."""
    return queryset.exclude(scheduled_posts__status__in=ACTIVE_STATUSES)
