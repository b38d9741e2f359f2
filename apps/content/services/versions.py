"""Versions of a piece of content: version n+1 appended under the content's row lock, and the
writes that make one by hand (a manual edit, content imported from CSV): no provider, no tokens."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone

from apps.common.exceptions import NotFound, ValidationFailed
from apps.content.attachments import (
    Attachment,
    attachments_copy_or_write,
    attachments_prefetch,
    attachments_resolve,
    attachments_write_many,
)
from apps.content.measure import measure_require_valid
from apps.content.models import Content, ContentVersion, Tone, VersionSource
from apps.content.selectors import content_get_for_user
from apps.content.services.review import review_reset
from apps.organizations.models import Role, Workspace
from apps.organizations.selectors import membership_require
from apps.users.models import User


def content_lock(content_id: UUID) -> Content:
    """The content row, locked until the end of the caller's transaction (versions are numbered n+1).
    Content deleted meanwhile (in the trash) is not found: 404, and the caller's work is dropped."""
    try:
        return Content.objects.select_for_update().get(pk=content_id, deleted_at__isnull=True)
    except Content.DoesNotExist as exc:
        raise NotFound("Content not found.") from exc


def version_append(
    *,
    content: Content,
    text: str,
    source: str,
    created_by: User,
    content_fields: dict[str, Any] | None = None,
    attachments: Sequence[Attachment] | None = None,
    **version_fields: Any,
) -> ContentVersion:
    """Add version n+1 and make it current (text, number and ``content_fields`` on the content).

    Call inside a transaction, with ``content`` locked (``_content_lock``), or not saved yet (a new
    piece of content: then it is inserted already pointing at its version 1, one round trip less).
    ``attachments``: the new version's media (``[]``: none); None keeps the previous version's.
    """
    previous_number = content.current_version
    number = content.current_version + 1
    content.current_version = number
    content.current_text = text
    for name, value in (content_fields or {}).items():
        setattr(content, name, value)
    content.updated_at = timezone.now()
    adding = content._state.adding
    if adding:
        content.save(force_insert=True)
    version = ContentVersion(
        content=content,
        organization_id=content.organization_id,
        workspace_id=content.workspace_id,
        version=number,
        text=text,
        source=source,
        created_by=created_by,
        **version_fields,
    )
    version.save(force_insert=True)
    attachments_copy_or_write(
        version=version, attachments=attachments, previous_version=None if adding else previous_number
    )
    prefetch_related_objects([version], attachments_prefetch())  # the answers read them (no query later)
    if not adding:  # new content is a draft: no review to reset
        review_fields = review_reset(content=content, version=number, actor=created_by)
        content.save(
            update_fields=["current_version", "current_text", *(content_fields or {}), *review_fields, "updated_at"]
        )
    version.content = content
    return version


def content_edit(
    *, user: User, content_id: UUID | str, text: str | None = None, media: Sequence[dict[str, Any]] | None = None
) -> ContentVersion:
    """Save an edited text and/or attachments as version n+1 (source manual_edit): no provider call,
    no tokens. ``text`` None keeps the current text; ``media`` None keeps the current attachments
    (``[]`` removes them)."""
    content = content_get_for_user(user=user, content_id=content_id)
    membership_require(user=user, organization_id=content.organization_id, role=Role.EDITOR)
    if text is None and media is None:
        raise ValidationFailed(details={"text": ["Give a text, media, or both."]})
    text = content.current_text if text is None else text.strip()
    if not text:
        raise ValidationFailed(details={"text": ["The text may not be blank."]})
    measure_require_valid(platform=content.platform, text=text, field="text")
    attachments = None if media is None else attachments_resolve(items=media, workspace_id=content.workspace_id)
    with transaction.atomic():
        locked = content_lock(content.pk)
        return version_append(
            content=locked,
            text=text,
            source=VersionSource.MANUAL_EDIT,
            created_by=user,
            parameters={"previous_version": locked.current_version},
            attachments=attachments,
        )


@dataclass(frozen=True)
class NewContent:
    """A content to create from a text given as is (``contents_create_from_text``)."""

    workspace: Workspace
    platform: str
    text: str
    tone: str = Tone.PROFESSIONAL
    attachments: tuple[Attachment, ...] = ()


def contents_create_from_text(*, user: User, items: Sequence[NewContent], source_note: str) -> list[ContentVersion]:
    """New contents, one per item, each with version 1 = its text as given (source manual_edit, no
    provider, no tokens, parameters ``{"source": source_note}``): two INSERTs whatever the count. The
    caller has checked the role, the workspaces, the texts and the posts quota (the CSV import does,
    for a whole file at once); call inside its transaction. New content is a draft: no review to reset.
    Returns the versions, in order, each with its content (``version.content``)."""
    now = timezone.now()
    contents = Content.objects.bulk_create(
        Content(
            organization_id=item.workspace.organization_id,
            workspace=item.workspace,
            created_by=user,
            platform=item.platform,
            tone=item.tone,
            prompt="",
            current_version=1,
            current_text=item.text,
            updated_at=now,
        )
        for item in items
    )
    versions = ContentVersion.objects.bulk_create(
        ContentVersion(
            content=content,
            organization_id=content.organization_id,
            workspace_id=content.workspace_id,
            version=1,
            text=content.current_text,
            source=VersionSource.MANUAL_EDIT,
            created_by=user,
            parameters={"source": source_note},
        )
        for content in contents
    )
    attachments_write_many(
        (version, item.attachments) for version, item in zip(versions, items, strict=True) if item.attachments
    )
    return versions
