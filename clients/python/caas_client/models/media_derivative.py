from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.derivative_kind_enum import DerivativeKindEnum, check_derivative_kind_enum

T = TypeVar("T", bound="MediaDerivative")


@_attrs_define
class MediaDerivative:
    """
    Attributes:
        id (UUID):
        derivative_kind (DerivativeKindEnum): * `thumbnail` - Thumbnail
            * `fit_pad` - Fitted (padded)
            * `fit_crop` - Fitted (cropped)
        platform (None | str): The network a fitted variant is for (null: thumbnail).
        mime_type (str):
        width (int | None):
        height (int | None):
        size_bytes (int):
        url (str):
    """

    id: UUID
    derivative_kind: DerivativeKindEnum
    platform: None | str
    mime_type: str
    width: int | None
    height: int | None
    size_bytes: int
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        derivative_kind: str = self.derivative_kind

        platform: None | str
        platform = self.platform

        mime_type = self.mime_type

        width: int | None
        width = self.width

        height: int | None
        height = self.height

        size_bytes = self.size_bytes

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "derivative_kind": derivative_kind,
                "platform": platform,
                "mime_type": mime_type,
                "width": width,
                "height": height,
                "size_bytes": size_bytes,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        derivative_kind = check_derivative_kind_enum(d.pop("derivative_kind"))

        def _parse_platform(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        platform = _parse_platform(d.pop("platform"))

        mime_type = d.pop("mime_type")

        def _parse_width(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        width = _parse_width(d.pop("width"))

        def _parse_height(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        height = _parse_height(d.pop("height"))

        size_bytes = d.pop("size_bytes")

        url = d.pop("url")

        media_derivative = cls(
            id=id,
            derivative_kind=derivative_kind,
            platform=platform,
            mime_type=mime_type,
            width=width,
            height=height,
            size_bytes=size_bytes,
            url=url,
        )

        media_derivative.additional_properties = d
        return media_derivative

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
