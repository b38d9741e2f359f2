from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="QueueReorderInputRequest")


@_attrs_define
class QueueReorderInputRequest:
    """
    Attributes:
        entry_ids (list[UUID]): Every waiting entry, once, in the new order.
    """

    entry_ids: list[UUID]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        entry_ids = []
        for entry_ids_item_data in self.entry_ids:
            entry_ids_item = str(entry_ids_item_data)
            entry_ids.append(entry_ids_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "entry_ids": entry_ids,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        entry_ids = []
        _entry_ids = d.pop("entry_ids")
        for entry_ids_item_data in _entry_ids:
            entry_ids_item = UUID(entry_ids_item_data)

            entry_ids.append(entry_ids_item)

        queue_reorder_input_request = cls(
            entry_ids=entry_ids,
        )

        queue_reorder_input_request.additional_properties = d
        return queue_reorder_input_request

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
