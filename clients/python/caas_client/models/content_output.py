from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.platform_enum import PlatformEnum, check_platform_enum
from ..models.review_state_enum import ReviewStateEnum, check_review_state_enum
from ..models.tone_enum import ToneEnum, check_tone_enum

if TYPE_CHECKING:
    from ..models.attachment_output import AttachmentOutput


T = TypeVar("T", bound="ContentOutput")


@_attrs_define
class ContentOutput:
    """
    Attributes:
        id (UUID):
        organization_id (UUID):
        workspace_id (UUID):
        platform (PlatformEnum): * `twitter` - Twitter / X
            * `linkedin` - LinkedIn
            * `instagram` - Instagram
            * `facebook` - Facebook
            * `threads` - Threads
            * `mastodon` - Mastodon
            * `bluesky` - Bluesky
        tone (ToneEnum): * `professional` - Professional
            * `casual` - Casual
            * `friendly` - Friendly
            * `humorous` - Humorous
            * `inspirational` - Inspirational
            * `persuasive` - Persuasive
            * `informative` - Informative
            * `enthusiastic` - Enthusiastic
        audience (str):
        prompt (str):
        version (int): The current version.
        generated_text (str): The current version's text.
        created_by (None | UUID):
        created_by_email (None | str):
        review_state (ReviewStateEnum): * `draft` - Draft
            * `in_review` - In review
            * `approved` - Approved
            * `changes_requested` - Changes requested
        review_version (int | None): The version submitted for review or approved (null in draft).
        archived_at (datetime.datetime | None):
        deleted_at (datetime.datetime | None): Set only in the trash listing.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        length (int): The text's length as the platform counts it (X: weighted, links 23; see docs/content.md). Of the
            current text.
        limit (int): The platform's limit, in the same unit as length.
        media (list[AttachmentOutput]): The current version's attachments, in order.
    """

    id: UUID
    organization_id: UUID
    workspace_id: UUID
    platform: PlatformEnum
    tone: ToneEnum
    audience: str
    prompt: str
    version: int
    generated_text: str
    created_by: None | UUID
    created_by_email: None | str
    review_state: ReviewStateEnum
    review_version: int | None
    archived_at: datetime.datetime | None
    deleted_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    length: int
    limit: int
    media: list[AttachmentOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        organization_id = str(self.organization_id)

        workspace_id = str(self.workspace_id)

        platform: str = self.platform

        tone: str = self.tone

        audience = self.audience

        prompt = self.prompt

        version = self.version

        generated_text = self.generated_text

        created_by: None | str
        if isinstance(self.created_by, UUID):
            created_by = str(self.created_by)
        else:
            created_by = self.created_by

        created_by_email: None | str
        created_by_email = self.created_by_email

        review_state: str = self.review_state

        review_version: int | None
        review_version = self.review_version

        archived_at: None | str
        if isinstance(self.archived_at, datetime.datetime):
            archived_at = self.archived_at.isoformat()
        else:
            archived_at = self.archived_at

        deleted_at: None | str
        if isinstance(self.deleted_at, datetime.datetime):
            deleted_at = self.deleted_at.isoformat()
        else:
            deleted_at = self.deleted_at

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        length = self.length

        limit = self.limit

        media = []
        for media_item_data in self.media:
            media_item = media_item_data.to_dict()
            media.append(media_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "organization_id": organization_id,
                "workspace_id": workspace_id,
                "platform": platform,
                "tone": tone,
                "audience": audience,
                "prompt": prompt,
                "version": version,
                "generated_text": generated_text,
                "created_by": created_by,
                "created_by_email": created_by_email,
                "review_state": review_state,
                "review_version": review_version,
                "archived_at": archived_at,
                "deleted_at": deleted_at,
                "created_at": created_at,
                "updated_at": updated_at,
                "length": length,
                "limit": limit,
                "media": media,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attachment_output import AttachmentOutput  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        organization_id = UUID(d.pop("organization_id"))

        workspace_id = UUID(d.pop("workspace_id"))

        platform = check_platform_enum(d.pop("platform"))

        tone = check_tone_enum(d.pop("tone"))

        audience = d.pop("audience")

        prompt = d.pop("prompt")

        version = d.pop("version")

        generated_text = d.pop("generated_text")

        def _parse_created_by(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                created_by_type_0 = UUID(data)

                return created_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        created_by = _parse_created_by(d.pop("created_by"))

        def _parse_created_by_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        created_by_email = _parse_created_by_email(d.pop("created_by_email"))

        review_state = check_review_state_enum(d.pop("review_state"))

        def _parse_review_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        review_version = _parse_review_version(d.pop("review_version"))

        def _parse_archived_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                archived_at_type_0 = datetime.datetime.fromisoformat(data)

                return archived_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        archived_at = _parse_archived_at(d.pop("archived_at"))

        def _parse_deleted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deleted_at_type_0 = datetime.datetime.fromisoformat(data)

                return deleted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        deleted_at = _parse_deleted_at(d.pop("deleted_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        length = d.pop("length")

        limit = d.pop("limit")

        media = []
        _media = d.pop("media")
        for media_item_data in _media:
            media_item = AttachmentOutput.from_dict(media_item_data)

            media.append(media_item)

        content_output = cls(
            id=id,
            organization_id=organization_id,
            workspace_id=workspace_id,
            platform=platform,
            tone=tone,
            audience=audience,
            prompt=prompt,
            version=version,
            generated_text=generated_text,
            created_by=created_by,
            created_by_email=created_by_email,
            review_state=review_state,
            review_version=review_version,
            archived_at=archived_at,
            deleted_at=deleted_at,
            created_at=created_at,
            updated_at=updated_at,
            length=length,
            limit=limit,
            media=media,
        )

        content_output.additional_properties = d
        return content_output

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
