"""Writes of the media library (SPEC §11, docs/media.md)."""

from __future__ import annotations

import hashlib
import uuid

from django.core.files.base import ContentFile
from django.db import transaction

from apps.media.inspect import inspect_bytes
from apps.media.models import Media, MediaSource, MediaState
from apps.media.storage import media_storage


def media_storage_key(*, organization_id: uuid.UUID, media_id: uuid.UUID) -> str:
    return f"org/{organization_id}/{media_id}"


def media_create(
    *,
    workspace,
    created_by,
    data: bytes,
    filename: str = "",
    alt_text: str = "",
    source: str = MediaSource.UPLOAD,
    provenance: dict | None = None,
    parent: Media | None = None,
    derivative_kind: str = "",
) -> Media:
    """Store ``data`` as a ready media of ``workspace``: the type decided from the bytes
    (``MediaUnsupported`` otherwise), the object written first, then the row."""
    inspected = inspect_bytes(data)
    media_id = uuid.uuid4()
    key = media_storage_key(organization_id=workspace.organization_id, media_id=media_id)
    stored_key = media_storage().save(key, ContentFile(data))
    with transaction.atomic():
        return Media.objects.create(
            id=media_id,
            organization_id=workspace.organization_id,
            workspace=workspace,
            created_by=created_by,
            state=MediaState.READY,
            source=source,
            kind=inspected.kind,
            mime_type=inspected.mime_type,
            size_bytes=len(data),
            width=inspected.width,
            height=inspected.height,
            duration_seconds=inspected.duration_seconds,
            sha256=hashlib.sha256(data).hexdigest(),
            alt_text=alt_text,
            filename=filename[:255],
            storage_key=stored_key,
            provenance=provenance or {},
            parent=parent,
            derivative_kind=derivative_kind,
        )
