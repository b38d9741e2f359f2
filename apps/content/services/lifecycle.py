"""The lifecycle of a piece of content (docs/content.md#lifecycle): trash (soft delete), restore,
archive, move to another workspace, and the purge of the trash."""

from uuid import UUID

from django.db import transaction
from django.utils import timezone

from apps.common.exceptions import NotFound
from apps.content import transitions
from apps.content.exceptions import ContentNotDeleted
from apps.content.models import Content, ContentVersion
from apps.content.selectors import content_get_for_user, trash_cutoff
from apps.content.services.versions import content_lock
from apps.organizations.exceptions import WorkspaceNotEmpty
from apps.organizations.models import Organization, Role, Workspace
from apps.organizations.selectors import membership_require, workspace_get_for_organization, workspace_scope_check
from apps.users.models import User


def _editor_content(*, user: User, content_id: UUID | str, deleted: bool = False) -> Content:
    content = content_get_for_user(user=user, content_id=content_id, deleted=deleted)  # 404
    membership_require(user=user, organization_id=content.organization_id, role=Role.EDITOR)  # 403
    return content


def content_delete(*, user: User, content_id: UUID | str) -> None:
    """Move content to the trash (editor+). In the same transaction, the ``content.deleted``
    subscribers run: scheduling cancels the content's pending posts through its cancel path (and
    refuses with 409 ``delivery_in_progress`` — nothing deleted — while one is being handed over).
    Restorable for CONTENT_TRASH_RETENTION_DAYS, then purged by housekeeping."""
    content = _editor_content(user=user, content_id=content_id)
    now = timezone.now()
    with transaction.atomic():
        locked = content_lock(content.pk)  # waits for a version being saved or a post being scheduled
        Content.objects.filter(pk=locked.pk, deleted_at__isnull=True).update(
            deleted_at=now, deleted_by=user, updated_at=now
        )
        locked.deleted_at, locked.deleted_by = now, user
        transitions.emit(transitions.DELETED, content=locked, actor=user)


def content_restore(*, user: User, content_id: UUID | str) -> Content:
    """Take content out of the trash (editor+), within its restore window; 409 ``content_not_deleted``
    for content that is not in the trash. Posts cancelled by the deletion stay cancelled."""
    try:
        content = _editor_content(user=user, content_id=content_id, deleted=True)
    except NotFound:
        _editor_content(user=user, content_id=content_id)  # 404 unless it exists and is live
        raise ContentNotDeleted() from None
    now = timezone.now()
    with transaction.atomic():
        rows = Content.objects.filter(pk=content.pk, deleted_at__gt=trash_cutoff(now=now)).update(
            deleted_at=None, deleted_by=None, updated_at=now
        )
        if rows != 1:
            raise ContentNotDeleted()
        content = Content.objects.select_related("created_by").get(pk=content.pk)
        transitions.emit(transitions.RESTORED, content=content, actor=user)
    return content


def content_archive(*, user: User, content_id: UUID | str) -> Content:
    """Archive (editor+): out of the default lists, not schedulable; archiving twice is a no-op."""
    return _archived_set(user=user, content_id=content_id, archived=True)


def content_unarchive(*, user: User, content_id: UUID | str) -> Content:
    """Unarchive (editor+); unarchiving live content is a no-op."""
    return _archived_set(user=user, content_id=content_id, archived=False)


def _archived_set(*, user: User, content_id: UUID | str, archived: bool) -> Content:
    """One conditional UPDATE of live content whose archived state changes; the event only if it did."""
    content = _editor_content(user=user, content_id=content_id)
    now = timezone.now()
    with transaction.atomic():
        rows = Content.objects.filter(pk=content.pk, deleted_at__isnull=True, archived_at__isnull=archived).update(
            archived_at=now if archived else None, archived_by=user if archived else None, updated_at=now
        )
        content = Content.objects.select_related("created_by").get(pk=content.pk)
        if rows:
            transitions.emit(transitions.ARCHIVED if archived else transitions.UNARCHIVED, content=content, actor=user)
    return content


def content_move(*, user: User, content_id: UUID | str, workspace_id: UUID | str) -> Content:
    """Move content to another workspace of its organization (editor+; a workspace of another
    organization is 404). Its versions, review state and scheduled posts go with it. A caller limited
    to one workspace (an API key) finds only that one's content, and any other target is 404 too:
    it moves nothing into or out of its workspace."""
    content = _editor_content(user=user, content_id=content_id)
    workspace_scope_check(user=user, workspace_id=workspace_id)  # another workspace looks missing
    target = workspace_get_for_organization(organization_id=content.organization_id, workspace_id=workspace_id)
    if target.pk == content.workspace_id:
        return content
    now = timezone.now()
    with transaction.atomic():
        # The organization row first (as workspace deletion and scheduling take it): a workspace being
        # deleted at this moment either sees the moved content (409) or is gone before we look (404).
        list(Organization.objects.select_for_update().filter(pk=content.organization_id).values_list("pk", flat=True))
        target = workspace_get_for_organization(organization_id=content.organization_id, workspace_id=workspace_id)
        locked = content_lock(content.pk)
        source = locked.workspace_id
        locked.workspace = target
        locked.updated_at = now
        locked.save(update_fields=["workspace", "updated_at"])
        # The versions' copy of the workspace (read by the analytics) follows the content.
        ContentVersion.objects.filter(content=locked).update(workspace=target)
        transitions.emit(transitions.MOVED, content=locked, actor=user, from_workspace_id=source)
    return Content.objects.select_related("created_by").get(pk=content.pk)


def content_trash_purge(*, batch_size: int, max_batches: int) -> int:
    """Housekeeping: delete for good the content whose restore window is over (with its versions,
    reviews and finished posts). Content a purge filter holds back (scheduling: a cancellation still
    on its way to the scheduler) waits for a later run."""
    purged = 0
    for _ in range(max_batches):
        candidates = transitions.purgeable(Content.objects.filter(deleted_at__lte=trash_cutoff()))
        ids = list(candidates.order_by("deleted_at").values_list("pk", flat=True)[:batch_size])
        if not ids:
            break
        with transaction.atomic():
            Content.objects.filter(pk__in=ids).delete()
        purged += len(ids)
        if len(ids) < batch_size:
            break
    return purged


def workspace_trash_purge(*, workspace: Workspace) -> int:
    """Delete for good the trashed content of a workspace being deleted (inside its transaction):
    trashed content never blocks a workspace deletion, except while a post cancellation is on its way."""
    trashed = Content.objects.filter(workspace=workspace, deleted_at__isnull=False)
    blocked = trashed.count() - transitions.purgeable(trashed).count()
    if blocked:
        raise WorkspaceNotEmpty(
            "Content in this workspace's trash still has a post cancellation on its way to the scheduler; "
            "try again in a minute.",
            details={"trashed_content_waiting": blocked},
        )
    count = trashed.count()
    trashed.delete()
    return count
