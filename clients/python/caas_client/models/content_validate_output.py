from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.platform_enum import PlatformEnum, check_platform_enum

if TYPE_CHECKING:
    from ..models.output_serializer_reason import OutputSerializerReason


T = TypeVar("T", bound="ContentValidateOutput")


@_attrs_define
class ContentValidateOutput:
    """
    Attributes:
        platform (PlatformEnum): * `twitter` - Twitter / X
            * `linkedin` - LinkedIn
            * `instagram` - Instagram
            * `facebook` - Facebook
            * `threads` - Threads
            * `mastodon` - Mastodon
            * `bluesky` - Bluesky
        length (int): The text's length as the platform counts it (X: weighted, links 23; see docs/content.md).
        limit (int): The platform's limit, in the same unit as length.
        valid (bool): The platform would take it (no reasons).
        reasons (list[OutputSerializerReason]):
    """

    platform: PlatformEnum
    length: int
    limit: int
    valid: bool
    reasons: list[OutputSerializerReason]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        platform: str = self.platform

        length = self.length

        limit = self.limit

        valid = self.valid

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.to_dict()
            reasons.append(reasons_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "platform": platform,
                "length": length,
                "limit": limit,
                "valid": valid,
                "reasons": reasons,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.output_serializer_reason import OutputSerializerReason  # noqa: PLC0415

        d = dict(src_dict)
        platform = check_platform_enum(d.pop("platform"))

        length = d.pop("length")

        limit = d.pop("limit")

        valid = d.pop("valid")

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = OutputSerializerReason.from_dict(reasons_item_data)

            reasons.append(reasons_item)

        content_validate_output = cls(
            platform=platform,
            length=length,
            limit=limit,
            valid=valid,
            reasons=reasons,
        )

        content_validate_output.additional_properties = d
        return content_validate_output

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
