from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WorkspaceOutput")


@_attrs_define
class WorkspaceOutput:
    """
    Attributes:
        id (UUID):
        organization_id (UUID):
        name (str):
        description (str):
        is_default (bool):
        requires_approval (bool): Content must be approved (submit, then approve) before it can be scheduled.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: UUID
    organization_id: UUID
    name: str
    description: str
    is_default: bool
    requires_approval: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        organization_id = str(self.organization_id)

        name = self.name

        description = self.description

        is_default = self.is_default

        requires_approval = self.requires_approval

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "organization_id": organization_id,
                "name": name,
                "description": description,
                "is_default": is_default,
                "requires_approval": requires_approval,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        organization_id = UUID(d.pop("organization_id"))

        name = d.pop("name")

        description = d.pop("description")

        is_default = d.pop("is_default")

        requires_approval = d.pop("requires_approval")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        workspace_output = cls(
            id=id,
            organization_id=organization_id,
            name=name,
            description=description,
            is_default=is_default,
            requires_approval=requires_approval,
            created_at=created_at,
            updated_at=updated_at,
        )

        workspace_output.additional_properties = d
        return workspace_output

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
