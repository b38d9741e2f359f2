from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.kind_enum import KindEnum, check_kind_enum

T = TypeVar("T", bound="CalendarItem")


@_attrs_define
class CalendarItem:
    """
    Attributes:
        kind (KindEnum): * `post` - post
            * `queued` - queued
            * `occurrence` - occurrence
        id (UUID): The post's, the queue entry's or the series' id.
        content_id (UUID):
        platform (str):
        status (str): A post's status; waiting; or planned/held for an occurrence.
        at (datetime.datetime):
        local_time (str): HH:MM in the calendar's zone.
    """

    kind: KindEnum
    id: UUID
    content_id: UUID
    platform: str
    status: str
    at: datetime.datetime
    local_time: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind: str = self.kind

        id = str(self.id)

        content_id = str(self.content_id)

        platform = self.platform

        status = self.status

        at = self.at.isoformat()

        local_time = self.local_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "id": id,
                "content_id": content_id,
                "platform": platform,
                "status": status,
                "at": at,
                "local_time": local_time,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = check_kind_enum(d.pop("kind"))

        id = UUID(d.pop("id"))

        content_id = UUID(d.pop("content_id"))

        platform = d.pop("platform")

        status = d.pop("status")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        local_time = d.pop("local_time")

        calendar_item = cls(
            kind=kind,
            id=id,
            content_id=content_id,
            platform=platform,
            status=status,
            at=at,
            local_time=local_time,
        )

        calendar_item.additional_properties = d
        return calendar_item

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
