from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.platform_enum import PlatformEnum, check_platform_enum
from ..types import UNSET, Unset

T = TypeVar("T", bound="ScheduledPostScheduleInputRequest")


@_attrs_define
class ScheduledPostScheduleInputRequest:
    """
    Attributes:
        content_id (UUID):
        scheduled_at (datetime.datetime): ISO 8601 with timezone; in the future, at most one year ahead.
        platform (PlatformEnum | Unset): * `twitter` - Twitter / X
            * `linkedin` - LinkedIn
            * `instagram` - Instagram
            * `facebook` - Facebook
            * `threads` - Threads
            * `mastodon` - Mastodon
            * `bluesky` - Bluesky
        version (int | Unset): Default: the current version.
        organization_id (UUID | Unset): Optional (the content names it); when sent, it must own the content.
        allow_duplicate (bool | Unset): Schedule even if the same text is already scheduled or published on this
            platform within SCHEDULING_DUPLICATE_WINDOW_HOURS (default false: 409 duplicate_post). Default: False.
        channel_id (None | Unset | UUID): The channel to publish to (an active channel of the content's workspace; GET
            /api/v1/channels/). The platform is its network's. Omitted: a platform-only post.
    """

    content_id: UUID
    scheduled_at: datetime.datetime
    platform: PlatformEnum | Unset = UNSET
    version: int | Unset = UNSET
    organization_id: UUID | Unset = UNSET
    allow_duplicate: bool | Unset = False
    channel_id: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        content_id = str(self.content_id)

        scheduled_at = self.scheduled_at.isoformat()

        platform: str | Unset = UNSET
        if not isinstance(self.platform, Unset):
            platform = self.platform

        version = self.version

        organization_id: str | Unset = UNSET
        if not isinstance(self.organization_id, Unset):
            organization_id = str(self.organization_id)

        allow_duplicate = self.allow_duplicate

        channel_id: None | str | Unset
        if isinstance(self.channel_id, Unset):
            channel_id = UNSET
        elif isinstance(self.channel_id, UUID):
            channel_id = str(self.channel_id)
        else:
            channel_id = self.channel_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "content_id": content_id,
                "scheduled_at": scheduled_at,
            }
        )
        if platform is not UNSET:
            field_dict["platform"] = platform
        if version is not UNSET:
            field_dict["version"] = version
        if organization_id is not UNSET:
            field_dict["organization_id"] = organization_id
        if allow_duplicate is not UNSET:
            field_dict["allow_duplicate"] = allow_duplicate
        if channel_id is not UNSET:
            field_dict["channel_id"] = channel_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        content_id = UUID(d.pop("content_id"))

        scheduled_at = datetime.datetime.fromisoformat(d.pop("scheduled_at"))

        _platform = d.pop("platform", UNSET)
        platform: PlatformEnum | Unset
        if isinstance(_platform, Unset):
            platform = UNSET
        else:
            platform = check_platform_enum(_platform)

        version = d.pop("version", UNSET)

        _organization_id = d.pop("organization_id", UNSET)
        organization_id: UUID | Unset
        if isinstance(_organization_id, Unset):
            organization_id = UNSET
        else:
            organization_id = UUID(_organization_id)

        allow_duplicate = d.pop("allow_duplicate", UNSET)

        def _parse_channel_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                channel_id_type_0 = UUID(data)

                return channel_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        channel_id = _parse_channel_id(d.pop("channel_id", UNSET))

        scheduled_post_schedule_input_request = cls(
            content_id=content_id,
            scheduled_at=scheduled_at,
            platform=platform,
            version=version,
            organization_id=organization_id,
            allow_duplicate=allow_duplicate,
            channel_id=channel_id,
        )

        scheduled_post_schedule_input_request.additional_properties = d
        return scheduled_post_schedule_input_request

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
