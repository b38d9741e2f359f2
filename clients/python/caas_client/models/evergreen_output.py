from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.evergreen_output_last_error import EvergreenOutputLastError


T = TypeVar("T", bound="EvergreenOutput")


@_attrs_define
class EvergreenOutput:
    """
    Attributes:
        content_id (UUID):
        workspace_id (UUID):
        last_queued_at (datetime.datetime): The next recycle comes one interval after this.
        recycled (int): How many new variants were queued.
        last_error (EvergreenOutputLastError): The last failed recycle (quota, provider), tried again an hour later.
        created_at (datetime.datetime):
    """

    content_id: UUID
    workspace_id: UUID
    last_queued_at: datetime.datetime
    recycled: int
    last_error: EvergreenOutputLastError
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        content_id = str(self.content_id)

        workspace_id = str(self.workspace_id)

        last_queued_at = self.last_queued_at.isoformat()

        recycled = self.recycled

        last_error = self.last_error.to_dict()

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "content_id": content_id,
                "workspace_id": workspace_id,
                "last_queued_at": last_queued_at,
                "recycled": recycled,
                "last_error": last_error,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evergreen_output_last_error import EvergreenOutputLastError  # noqa: PLC0415

        d = dict(src_dict)
        content_id = UUID(d.pop("content_id"))

        workspace_id = UUID(d.pop("workspace_id"))

        last_queued_at = datetime.datetime.fromisoformat(d.pop("last_queued_at"))

        recycled = d.pop("recycled")

        last_error = EvergreenOutputLastError.from_dict(d.pop("last_error"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        evergreen_output = cls(
            content_id=content_id,
            workspace_id=workspace_id,
            last_queued_at=last_queued_at,
            recycled=recycled,
            last_error=last_error,
            created_at=created_at,
        )

        evergreen_output.additional_properties = d
        return evergreen_output

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
