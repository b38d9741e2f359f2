"""Writes of the media library (SPEC §11, docs/media.md).

Every stored byte is counted against the organization's plan (``Plan.storage_limit_bytes``), with
the one-request-overshoot rule of SPEC §5: a file is admitted while ``used < limit``, checked under
the organization's row lock in the transaction that records it, so uploads racing near the limit
cross it by at most one file. The object is written first, then the row; a refused or failed row
removes the object again. Objects of deleted media go through ``MediaObjectDeletion`` (written with
the deletion, swept after the commit: ``apps.media.deletion``).
"""

from __future__ import annotations

import hashlib
import io
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import IO

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from apps.common.db import connections_release
from apps.common.events import emit
from apps.common.exceptions import DomainError, NotFound
from apps.media.deletion import media_objects_forget
from apps.media.exceptions import (
    MediaInUse,
    MediaNotPending,
    MediaTooLarge,
    MediaUploadMissing,
    PresignedUploadUnavailable,
    StorageLimitReached,
)
from apps.media.inspect import Inspected, inspect_file, without_location
from apps.media.models import Media, MediaSource, MediaState
from apps.media.selectors import media_get_for_user, organization_storage_limit, organization_storage_used
from apps.media.storage import (
    media_storage,
    on_storage_thread,
    presigned_put_url,
    storage_delete,
    storage_is_object_store,
    storage_save,
)
from apps.media.usage import media_used_by
from apps.organizations.models import Role, Workspace
from apps.organizations.selectors import (
    membership_require,
    workspace_default,
    workspace_get_for_organization,
    workspace_scope_filter,
)
from apps.organizations.services import organization_lock
from apps.users.models import User

_CHUNK = 64 * 1024  # what a read holds at once (a file is measured in chunks, never whole)


def media_storage_key(*, organization_id: uuid.UUID, media_id: uuid.UUID) -> str:
    return f"org/{organization_id}/{media_id}"


# --------------------------------------------------------------------------- the storage limit
def storage_admit(*, organization_id: uuid.UUID | str, locked: bool) -> None:
    """Refuse (402 ``storage_limit_reached``) when the organization's media already use its plan's
    storage. ``locked``: take the organization's row lock first (the admission that counts, inside
    the transaction recording the file); unlocked, a cheap early refusal before any byte is stored."""
    limit = organization_storage_limit(organization_id=organization_id)
    if limit is None:
        return
    if locked:
        organization_lock(organization_id=organization_id)
    used = organization_storage_used(organization_id=organization_id)
    if used >= limit:
        raise StorageLimitReached(details={"limit": limit, "used": used})


# --------------------------------------------------------------------------- reading a file
def _measure(file: IO[bytes]) -> tuple[int, str]:
    """Size and SHA-256 of ``file``, read in chunks from its start."""
    file.seek(0)
    digest = hashlib.sha256()
    size = 0
    while chunk := file.read(_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    file.seek(0)
    return size, digest.hexdigest()


def _size_of(file: IO[bytes]) -> int:
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(0)
    return size


@dataclass(frozen=True)
class _Checked:
    file: IO[bytes]  # what to store: the original, or its re-encoding without location
    inspected: Inspected
    size: int
    sha256: str
    rewritten: bool


def _check_file(file: IO[bytes], *, max_bytes: int | None) -> _Checked:
    """The file's type from its bytes, its size within ``max_bytes``, location metadata removed."""
    size = _size_of(file)
    if max_bytes is not None and size > max_bytes:
        raise MediaTooLarge(details={"max_bytes": max_bytes, "size": size})
    inspected = inspect_file(file)
    rewritten = inspected.has_location
    if rewritten:
        file = without_location(file)
    size, digest = _measure(file)
    return _Checked(file=file, inspected=inspected, size=size, sha256=digest, rewritten=rewritten)


def _described(checked: _Checked) -> dict:
    inspected = checked.inspected
    return {
        "kind": inspected.kind,
        "mime_type": inspected.mime_type,
        "width": inspected.width,
        "height": inspected.height,
        "duration_seconds": inspected.duration_seconds,
        "size_bytes": checked.size,
        "sha256": checked.sha256,
    }


def _uploaded(media: Media) -> None:
    emit(
        "media.uploaded",
        organization_id=media.organization_id,
        target=("media", media.id),
        data={
            "workspace_id": str(media.workspace_id),
            "kind": media.kind,
            "mime_type": media.mime_type,
            "size_bytes": media.size_bytes,
            "source": media.source,
        },
    )


# --------------------------------------------------------------------------- creating media
def media_create(
    *,
    workspace: Workspace,
    created_by: User | None,
    data: bytes | None = None,
    file: IO[bytes] | None = None,
    filename: str = "",
    alt_text: str = "",
    source: str = MediaSource.UPLOAD,
    provenance: dict | None = None,
    parent: Media | None = None,
    derivative_kind: str = "",
    max_bytes: int | None = None,
) -> Media:
    """Store ``data`` (or the seekable binary ``file``, read in chunks, never whole) as a ready media
    of ``workspace``: the type decided from the bytes (``MediaUnsupported``, ``MediaTooManyPixels``),
    location metadata removed, the size within ``max_bytes`` (``MediaTooLarge``), the organization's
    storage admitted (``StorageLimitReached``; a derivative, made from a media already admitted, is
    counted but never refused). The object is written first, then the row."""
    checked = _check_file(file if file is not None else io.BytesIO(data or b""), max_bytes=max_bytes)
    organization_id = workspace.organization_id
    admit = parent is None
    if admit:
        storage_admit(organization_id=organization_id, locked=False)
    media_id = uuid.uuid4()
    key = media_storage_key(organization_id=organization_id, media_id=media_id)
    connections_release()  # no database connection held idle while the bytes go to storage
    stored_key = storage_save(key, File(checked.file, name=key))
    try:
        with transaction.atomic():
            if admit:
                storage_admit(organization_id=organization_id, locked=True)
            media = Media.objects.create(
                id=media_id,
                organization_id=organization_id,
                workspace=workspace,
                created_by=created_by,
                state=MediaState.READY,
                source=source,
                alt_text=alt_text,
                filename=filename[:255],
                storage_key=stored_key,
                provenance=provenance or {},
                parent=parent,
                derivative_kind=derivative_kind,
                **_described(checked),
            )
            if source == MediaSource.UPLOAD:
                _uploaded(media)
    except BaseException:
        storage_delete(stored_key)
        raise
    connections_release()  # recorded: the connection goes back before the answer's link is made
    return media


def _workspace_for_upload(*, user: User, organization_id, workspace_id) -> Workspace:
    """The workspace an upload goes to (the organization's default when omitted): editor or above."""
    membership = membership_require(user=user, organization_id=organization_id, role=Role.EDITOR)
    workspace_id = workspace_scope_filter(user=user, workspace_id=workspace_id)
    if workspace_id:
        return workspace_get_for_organization(organization_id=membership.organization_id, workspace_id=workspace_id)
    workspace = workspace_default(organization_id=membership.organization_id)
    if workspace is None:  # an organization always keeps one workspace
        raise NotFound("Workspace not found.")
    return workspace


def media_upload(
    *,
    user: User,
    organization_id: uuid.UUID | None,
    workspace_id: uuid.UUID | None,
    file: IO[bytes],
    filename: str = "",
    alt_text: str = "",
) -> Media:
    """A direct upload through the API (up to MEDIA_DIRECT_UPLOAD_MAX_BYTES)."""
    workspace = _workspace_for_upload(user=user, organization_id=organization_id, workspace_id=workspace_id)
    return media_create(
        workspace=workspace,
        created_by=user,
        file=file,
        filename=filename,
        alt_text=alt_text,
        max_bytes=settings.MEDIA_DIRECT_UPLOAD_MAX_BYTES,
    )


# --------------------------------------------------------------------------- presigned uploads
@dataclass(frozen=True)
class PresignedUpload:
    media: Media
    method: str
    url: str
    expires_at: datetime
    max_bytes: int


def media_upload_start(
    *,
    user: User,
    organization_id: uuid.UUID | None,
    workspace_id: uuid.UUID | None,
    filename: str = "",
    alt_text: str = "",
) -> PresignedUpload:
    """A pending media and a presigned PUT for exactly its key, valid MEDIA_UPLOAD_URL_EXPIRES_SECONDS."""
    workspace = _workspace_for_upload(user=user, organization_id=organization_id, workspace_id=workspace_id)
    if not storage_is_object_store():
        raise PresignedUploadUnavailable()
    storage_admit(organization_id=workspace.organization_id, locked=False)
    media_id = uuid.uuid4()
    expires_in = settings.MEDIA_UPLOAD_URL_EXPIRES_SECONDS
    media = Media.objects.create(
        id=media_id,
        organization_id=workspace.organization_id,
        workspace=workspace,
        created_by=user,
        state=MediaState.PENDING,
        source=MediaSource.UPLOAD,
        alt_text=alt_text,
        filename=filename[:255],
        storage_key=media_storage_key(organization_id=workspace.organization_id, media_id=media_id),
    )
    url = presigned_put_url(key=media.storage_key, expires_in=expires_in)
    return PresignedUpload(
        media=media,
        method="PUT",
        url=url,
        expires_at=timezone.now() + timedelta(seconds=expires_in),
        max_bytes=settings.MEDIA_UPLOAD_MAX_BYTES,
    )


def _read_arrived(media: Media) -> _Checked:
    """What was PUT to the media's key, checked as a direct upload is (on a storage thread). A
    refused file is removed from storage (the media stays pending: its link may upload another one
    until it expires)."""
    connections_release()  # no database connection held idle while the object is read back
    return on_storage_thread(_read_back, media.storage_key)


def _read_back(key: str) -> _Checked:
    storage = media_storage()
    if not storage.exists(key):
        raise MediaUploadMissing()
    try:
        with storage.open(key, "rb") as arrived:  # spooled to disk past 2.5 MB
            checked = _check_file(arrived, max_bytes=settings.MEDIA_UPLOAD_MAX_BYTES)
            if checked.rewritten:
                storage.delete(key)
                storage.save(key, File(checked.file, name=key))
            return checked
    except DomainError:  # refused (type, size, pixels, empty): the object goes, the media stays pending
        storage.delete(key)
        raise


def media_upload_complete(*, user: User, media_id: uuid.UUID | str) -> Media:
    """Read what arrived at a pending media's key: type from the bytes, size, pixel bound, location
    removed, storage admitted; the media becomes ``ready``."""
    media = media_get_for_user(user=user, media_id=media_id)
    membership_require(user=user, organization_id=media.organization_id, role=Role.EDITOR)
    if media.state != MediaState.PENDING:
        raise MediaNotPending()
    checked = _read_arrived(media)
    try:
        with transaction.atomic():
            storage_admit(organization_id=media.organization_id, locked=True)
            updated = Media.objects.filter(pk=media.pk, state=MediaState.PENDING).update(
                state=MediaState.READY, updated_at=timezone.now(), **_described(checked)
            )
            if not updated:
                raise MediaNotPending()
            media.refresh_from_db()
            _uploaded(media)
    except StorageLimitReached:
        storage_delete(media.storage_key)
        raise
    connections_release()
    return media


# --------------------------------------------------------------------------- edit, delete
@transaction.atomic
def media_update(*, user: User, media_id: uuid.UUID | str, alt_text: str) -> Media:
    media = media_get_for_user(user=user, media_id=media_id)
    membership_require(user=user, organization_id=media.organization_id, role=Role.EDITOR)
    if media.alt_text != alt_text:
        media.alt_text = alt_text
        media.save(update_fields=["alt_text", "updated_at"])
        emit("media.updated", organization_id=media.organization_id, target=("media", media.id), data={})
    return media


def media_delete(*, user: User, media_id: uuid.UUID | str) -> None:
    """Delete a media and its derivatives (editor): 409 ``media_in_use`` while a post still to go
    out uses one of them (``apps.media.usage``); their objects leave the storage after the commit."""
    media = media_get_for_user(user=user, media_id=media_id)
    membership_require(user=user, organization_id=media.organization_id, role=Role.EDITOR)
    with transaction.atomic():
        rows = list(Media.objects.select_for_update().filter(pk=media.pk).values_list("id", "storage_key", "state"))
        if not rows:  # deleted meanwhile
            return
        rows += list(Media.objects.filter(parent_id=media.pk).values_list("id", "storage_key", "state"))
        ids = [row[0] for row in rows]
        used_by = media_used_by(ids)
        if used_by:
            raise MediaInUse(details={"used_by": used_by})
        try:
            with transaction.atomic():
                Media.objects.filter(pk__in=ids).delete()
        except ProtectedError as exc:  # a row of an app above points at it (PROTECT)
            raise MediaInUse(details={"used_by": sorted({type(o).__name__ for o in exc.protected_objects})}) from exc
        media_objects_forget(keys=[row[1] for row in rows], pending=any(row[2] == MediaState.PENDING for row in rows))
        emit(
            "media.deleted",
            organization_id=media.organization_id,
            target=("media", media.id),
            data={"workspace_id": str(media.workspace_id), "kind": media.kind, "size_bytes": media.size_bytes},
        )
