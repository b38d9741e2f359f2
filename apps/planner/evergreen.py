"""Evergreen content: marked once, it goes back into its workspace's queue as a new AI variant each
time the schedule's ``evergreen_interval_days`` have passed since it was last queued.

The variant comes from the one generation pipeline (``content_generation_prepare_regenerate`` +
``content_generation_run``: the brand voice applied, tokens charged to the plan, a version n+1 kept
with its provenance), asked for a fresh wording; a variant whose normalized text equals the previous
version's is not queued (``variant_repeats``). The queued version is then scheduled by the queue like
any other, so the duplicate rule (``apps.scheduling.duplicates``) holds for it too.
"""

import logging
from datetime import datetime, timedelta
from uuid import UUID

from asgiref.sync import async_to_sync
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from apps.common.events import emit
from apps.common.exceptions import DomainError, NotFound
from apps.content.models import ContentVersion
from apps.content.selectors import content_get_for_user
from apps.content.services import content_generation_prepare_regenerate, content_generation_run
from apps.organizations.models import Role
from apps.organizations.selectors import workspace_get_for_user
from apps.planner.exceptions import AuthorGone, VariantRepeats
from apps.planner.models import ACTIVE_ENTRY_STATUSES, EntrySource, EvergreenContent, PostingSchedule, QueueEntry
from apps.planner.services import error_json, queue_insert, schedule_for_workspace
from apps.scheduling.duplicates import text_hash
from apps.users.models import User

logger = logging.getLogger(__name__)

# After a failed recycle (quota used up, provider down), the next try waits this long.
RETRY_AFTER = timedelta(hours=1)


def evergreen_mark(*, user: User, workspace_id: UUID | str, content_id: UUID | str) -> EvergreenContent:
    """Mark a content of the workspace evergreen (editor+; marking it again changes nothing). Its
    first recycle comes one interval from now."""
    workspace = workspace_get_for_user(user=user, workspace_id=workspace_id, role=Role.EDITOR)
    content = content_get_for_user(user=user, content_id=content_id)
    if content.workspace_id != workspace.pk:
        raise NotFound("Content not found.")
    try:
        with transaction.atomic():
            item = EvergreenContent.objects.create(
                organization_id=workspace.organization_id,
                workspace=workspace,
                content=content,
                last_queued_at=timezone.now(),
                created_by=user,
            )
            emit("evergreen.marked", organization_id=item.organization_id, target=("content", content.pk))
    except IntegrityError:
        item = EvergreenContent.objects.get(content=content)
    return item


@transaction.atomic
def evergreen_unmark(*, user: User, workspace_id: UUID | str, content_id: UUID | str) -> None:
    workspace = workspace_get_for_user(user=user, workspace_id=workspace_id, role=Role.EDITOR)
    deleted, _ = EvergreenContent.objects.filter(workspace=workspace, content_id=content_id).delete()
    if not deleted:
        raise NotFound("This content is not evergreen in this workspace.")
    emit("evergreen.unmarked", organization_id=workspace.organization_id, target=("content", content_id))


def evergreen_due(*, now: datetime) -> list[EvergreenContent]:
    """The evergreen content whose interval has passed, whose queue is not paused, with no entry of it
    still in the queue, and no failed try within the last hour."""
    items = []
    candidates = EvergreenContent.objects.select_related("created_by", "content").filter(
        content__deleted_at__isnull=True, content__archived_at__isnull=True
    )
    for item in candidates[:1000]:
        schedule = schedule_for_workspace(workspace=item.workspace)
        if schedule.paused_at is not None:
            continue
        if item.last_queued_at + timedelta(days=schedule.evergreen_interval_days) > now:
            continue
        tried = item.last_error.get("at")
        if tried and datetime.fromisoformat(tried) + RETRY_AFTER > now:
            continue
        if QueueEntry.objects.filter(content_id=item.content_id, status__in=ACTIVE_ENTRY_STATUSES).exists():
            continue
        items.append(item)
    return items


def evergreen_recycle(*, item: EvergreenContent, now: datetime | None = None) -> QueueEntry | None:
    """Regenerate one evergreen content (as the member who marked it) and queue the new version in the
    next free slot. A failure is kept on the item (``last_error``) and tried again an hour later."""
    now = now or timezone.now()
    try:
        entry = _recycle(item=item)
    except DomainError as exc:
        logger.info("evergreen recycle failed", extra={"content_id": str(item.content_id), "code": exc.code})
        EvergreenContent.objects.filter(pk=item.pk).update(last_error={**error_json(exc), "at": now.isoformat()})
        return None
    EvergreenContent.objects.filter(pk=item.pk).update(last_queued_at=now, recycled=F("recycled") + 1, last_error={})
    return entry


def _recycle(*, item: EvergreenContent) -> QueueEntry:
    if item.created_by is None:
        raise AuthorGone()
    previous = ContentVersion.objects.get(content_id=item.content_id, version=item.content.current_version)
    prepared = content_generation_prepare_regenerate(
        user=item.created_by,
        content_id=item.content_id,
        modifications=(
            f"Evergreen recycle {item.recycled + 1}: write a fresh variant of this post in the same voice; "
            "do not reuse its wording."
        ),
    )
    version = async_to_sync(content_generation_run)(prepared=prepared)
    if text_hash(version.text) == text_hash(previous.text):
        raise VariantRepeats()
    schedule: PostingSchedule = schedule_for_workspace(workspace=item.workspace)
    return queue_insert(
        schedule=schedule,
        content=item.content,
        user=item.created_by,
        version=version.version,
        source=EntrySource.EVERGREEN,
    )


def evergreen_recycle_due(*, now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    recycled = sum(1 for item in evergreen_due(now=now) if evergreen_recycle(item=item, now=now) is not None)
    return {"recycled": recycled}
