from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AnalyticsGenerationOutputSerializerAnalyticsModel")


@_attrs_define
class AnalyticsGenerationOutputSerializerAnalyticsModel:
    """
    Attributes:
        versions (int):
        tokens (int):
        provider (str):
        model (str):
    """

    versions: int
    tokens: int
    provider: str
    model: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        versions = self.versions

        tokens = self.tokens

        provider = self.provider

        model = self.model

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "versions": versions,
                "tokens": tokens,
                "provider": provider,
                "model": model,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        versions = d.pop("versions")

        tokens = d.pop("tokens")

        provider = d.pop("provider")

        model = d.pop("model")

        analytics_generation_output_serializer_analytics_model = cls(
            versions=versions,
            tokens=tokens,
            provider=provider,
            model=model,
        )

        analytics_generation_output_serializer_analytics_model.additional_properties = d
        return analytics_generation_output_serializer_analytics_model

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
