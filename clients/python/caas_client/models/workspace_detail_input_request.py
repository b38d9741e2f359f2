from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="WorkspaceDetailInputRequest")


@_attrs_define
class WorkspaceDetailInputRequest:
    """
    Attributes:
        name (str | Unset):
        description (str | Unset):
        requires_approval (bool | Unset): Content must be approved before it can be scheduled (docs/content.md).
    """

    name: str | Unset = UNSET
    description: str | Unset = UNSET
    requires_approval: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description = self.description

        requires_approval = self.requires_approval

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if requires_approval is not UNSET:
            field_dict["requires_approval"] = requires_approval

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        description = d.pop("description", UNSET)

        requires_approval = d.pop("requires_approval", UNSET)

        workspace_detail_input_request = cls(
            name=name,
            description=description,
            requires_approval=requires_approval,
        )

        workspace_detail_input_request.additional_properties = d
        return workspace_detail_input_request

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
