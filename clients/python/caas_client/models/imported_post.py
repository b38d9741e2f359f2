from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.platform_enum import PlatformEnum, check_platform_enum
from ..models.post_status_enum import PostStatusEnum, check_post_status_enum

T = TypeVar("T", bound="ImportedPost")


@_attrs_define
class ImportedPost:
    """
    Attributes:
        row (int): The row of the file (the header is row 1).
        id (UUID):
        content_id (UUID):
        platform (PlatformEnum): * `twitter` - Twitter / X
            * `linkedin` - LinkedIn
            * `instagram` - Instagram
            * `facebook` - Facebook
            * `threads` - Threads
            * `mastodon` - Mastodon
            * `bluesky` - Bluesky
        scheduled_at (datetime.datetime):
        status (PostStatusEnum): * `pending` - Pending
            * `queued` - Queued
            * `published` - Published
            * `failed` - Failed
            * `cancelled` - Cancelled
    """

    row: int
    id: UUID
    content_id: UUID
    platform: PlatformEnum
    scheduled_at: datetime.datetime
    status: PostStatusEnum
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        row = self.row

        id = str(self.id)

        content_id = str(self.content_id)

        platform: str = self.platform

        scheduled_at = self.scheduled_at.isoformat()

        status: str = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "row": row,
                "id": id,
                "content_id": content_id,
                "platform": platform,
                "scheduled_at": scheduled_at,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        row = d.pop("row")

        id = UUID(d.pop("id"))

        content_id = UUID(d.pop("content_id"))

        platform = check_platform_enum(d.pop("platform"))

        scheduled_at = datetime.datetime.fromisoformat(d.pop("scheduled_at"))

        status = check_post_status_enum(d.pop("status"))

        imported_post = cls(
            row=row,
            id=id,
            content_id=content_id,
            platform=platform,
            scheduled_at=scheduled_at,
            status=status,
        )

        imported_post.additional_properties = d
        return imported_post

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
