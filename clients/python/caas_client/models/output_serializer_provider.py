from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OutputSerializerProvider")


@_attrs_define
class OutputSerializerProvider:
    """
    Attributes:
        provider (str):
        model (str):
        versions (int):
        tokens_used (int):
    """

    provider: str
    model: str
    versions: int
    tokens_used: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        provider = self.provider

        model = self.model

        versions = self.versions

        tokens_used = self.tokens_used

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "provider": provider,
                "model": model,
                "versions": versions,
                "tokens_used": tokens_used,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        provider = d.pop("provider")

        model = d.pop("model")

        versions = d.pop("versions")

        tokens_used = d.pop("tokens_used")

        output_serializer_provider = cls(
            provider=provider,
            model=model,
            versions=versions,
            tokens_used=tokens_used,
        )

        output_serializer_provider.additional_properties = d
        return output_serializer_provider

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
