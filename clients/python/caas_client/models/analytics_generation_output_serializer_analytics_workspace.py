from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AnalyticsGenerationOutputSerializerAnalyticsWorkspace")


@_attrs_define
class AnalyticsGenerationOutputSerializerAnalyticsWorkspace:
    """
    Attributes:
        versions (int):
        tokens (int):
        workspace_id (UUID):
        name (str):
    """

    versions: int
    tokens: int
    workspace_id: UUID
    name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        versions = self.versions

        tokens = self.tokens

        workspace_id = str(self.workspace_id)

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "versions": versions,
                "tokens": tokens,
                "workspace_id": workspace_id,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        versions = d.pop("versions")

        tokens = d.pop("tokens")

        workspace_id = UUID(d.pop("workspace_id"))

        name = d.pop("name")

        analytics_generation_output_serializer_analytics_workspace = cls(
            versions=versions,
            tokens=tokens,
            workspace_id=workspace_id,
            name=name,
        )

        analytics_generation_output_serializer_analytics_workspace.additional_properties = d
        return analytics_generation_output_serializer_analytics_workspace

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
