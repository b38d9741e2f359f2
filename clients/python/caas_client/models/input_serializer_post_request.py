from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="InputSerializerPostRequest")


@_attrs_define
class InputSerializerPostRequest:
    """
    Attributes:
        content_id (UUID): A generated variant's content_id.
        scheduled_at (datetime.datetime): ISO 8601 with timezone; in the future, at most one year ahead.
        version (int | Unset): Default: the current version (the approved one where the workspace requires approval).
        allow_duplicate (bool | Unset): As for POST /scheduling/schedule/: schedule even if the same text is already
            scheduled or published on this platform within SCHEDULING_DUPLICATE_WINDOW_HOURS. Default: False.
    """

    content_id: UUID
    scheduled_at: datetime.datetime
    version: int | Unset = UNSET
    allow_duplicate: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        content_id = str(self.content_id)

        scheduled_at = self.scheduled_at.isoformat()

        version = self.version

        allow_duplicate = self.allow_duplicate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "content_id": content_id,
                "scheduled_at": scheduled_at,
            }
        )
        if version is not UNSET:
            field_dict["version"] = version
        if allow_duplicate is not UNSET:
            field_dict["allow_duplicate"] = allow_duplicate

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        content_id = UUID(d.pop("content_id"))

        scheduled_at = datetime.datetime.fromisoformat(d.pop("scheduled_at"))

        version = d.pop("version", UNSET)

        allow_duplicate = d.pop("allow_duplicate", UNSET)

        input_serializer_post_request = cls(
            content_id=content_id,
            scheduled_at=scheduled_at,
            version=version,
            allow_duplicate=allow_duplicate,
        )

        input_serializer_post_request.additional_properties = d
        return input_serializer_post_request

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
