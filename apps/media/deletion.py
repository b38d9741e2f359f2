"""Removing media objects from storage, after the rows are gone: an outbox of keys.

A deletion (one media, a workspace's, an organization's) writes ``MediaObjectDeletion`` rows in the
transaction that deletes the media rows; after the commit the task ``media_objects_sweep_task`` is
enqueued (``on_commit``), and the housekeeping job ``media_objects_swept`` sweeps whatever is left
(a crash between the commit and the enqueue, a store that failed: the row stays and is retried).
An organization's deletion also names its whole prefix (``org/<id>/``), so an object whose row was
never written (a presigned PUT arriving after the deletion, within its link's life) goes too: a
row is kept, and swept again, until no link handed out before the deletion can still upload.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from apps.common.tasks import enqueue_coalesced
from apps.media.models import Media, MediaObjectDeletion, MediaState
from apps.media.storage import keys_under, media_storage, on_storage_thread
from apps.organizations.models import Organization, Workspace

logger = logging.getLogger(__name__)


def _link_lifetime() -> timedelta:
    return timedelta(seconds=settings.MEDIA_UPLOAD_URL_EXPIRES_SECONDS + 60)


def media_objects_forget(*, keys: Iterable[str], prefix: bool = False, pending: bool = False) -> None:
    """Record, in the caller's transaction, objects to remove from storage after the commit.
    ``pending``: an upload link may still put an object there: sweep again until it expired."""
    now = timezone.now()
    keep_until = now + _link_lifetime() if (pending or prefix) else now
    rows = [MediaObjectDeletion(key=key, prefix=prefix, keep_until=keep_until) for key in keys]
    if not rows:
        return
    MediaObjectDeletion.objects.bulk_create(rows)
    transaction.on_commit(lambda: enqueue_coalesced(media_objects_sweep_task))


def _remove(row: MediaObjectDeletion) -> int:
    storage = media_storage()
    keys = list(keys_under(row.key)) if row.prefix else [row.key]
    for key in keys:
        storage.delete(key)  # a key already gone is no error (S3 and the filesystem alike)
    return len(keys)


def media_objects_sweep(*, batch_size: int = 100, max_batches: int = 100) -> int:
    """Remove the objects of the recorded deletions; a row goes once its objects are gone and no
    upload link can add one any more. Returns how many objects were removed."""
    removed = 0
    last_id = 0
    for _ in range(max_batches):
        rows = list(MediaObjectDeletion.objects.filter(pk__gt=last_id).order_by("pk")[:batch_size])
        for row in rows:
            try:
                removed += on_storage_thread(_remove, row)
            except Exception:
                logger.exception("media object deletion failed", extra={"key": row.key})
                MediaObjectDeletion.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
                continue
            MediaObjectDeletion.objects.filter(pk=row.pk, keep_until__lte=timezone.now()).delete()
        if len(rows) < batch_size:
            break
        last_id = rows[-1].pk
    if removed:
        logger.info("media objects removed", extra={"count": removed})
    return removed


@task()
def media_objects_sweep_task() -> int:
    return media_objects_sweep()


def housekeeping_media_objects(*, batch_size: int, max_batches: int) -> int:
    """Housekeeping job: the sweep, for what the task did not finish."""
    return media_objects_sweep(batch_size=batch_size, max_batches=max_batches)


def housekeeping_pending_uploads(*, batch_size: int, max_batches: int) -> int:
    """Housekeeping job: pending media whose upload link expired a day ago, never completed."""
    cutoff = timezone.now() - _link_lifetime() - timedelta(days=1)
    stale = Media.objects.filter(state=MediaState.PENDING, created_at__lt=cutoff)
    deleted = 0
    for _ in range(max_batches):
        with transaction.atomic():
            rows = list(stale.order_by("created_at").values_list("pk", "storage_key")[:batch_size])
            media_objects_forget(keys=[key for _, key in rows])
            deleted += Media.objects.filter(pk__in=[pk for pk, _ in rows]).delete()[0]
        if len(rows) < batch_size:
            break
    return deleted


# --------------------------------------------------------------------------- organization deletion hooks
def organization_purge(organization: Organization) -> None:
    """Media protect their workspace: they go before the organization's workspaces, their objects
    (the whole ``org/<id>/`` prefix) after the commit."""
    Media.objects.filter(organization=organization).delete()
    media_objects_forget(keys=[f"org/{organization.pk}/"], prefix=True)


def workspace_purge(workspace: Workspace) -> None:
    """A deleted workspace's media go with it (derivatives included), their objects after the commit."""
    with transaction.atomic():
        rows = list(Media.objects.filter(workspace=workspace).values_list("storage_key", "state"))
        Media.objects.filter(workspace=workspace).delete()
        media_objects_forget(
            keys=[key for key, _ in rows], pending=any(state == MediaState.PENDING for _, state in rows)
        )
