from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DeliveryMedia")


@_attrs_define
class DeliveryMedia:
    """
    Attributes:
        id (UUID):
        type_ (str): image or video.
        mime_type (str):
        size (int): Bytes.
        width (int | None):
        height (int | None):
        duration_seconds (float | None):
        alt_text (str):
        url (str): A plain GET downloads the bytes until url_expires_at (a presigned URL).
        url_expires_at (datetime.datetime):
    """

    id: UUID
    type_: str
    mime_type: str
    size: int
    width: int | None
    height: int | None
    duration_seconds: float | None
    alt_text: str
    url: str
    url_expires_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        type_ = self.type_

        mime_type = self.mime_type

        size = self.size

        width: int | None
        width = self.width

        height: int | None
        height = self.height

        duration_seconds: float | None
        duration_seconds = self.duration_seconds

        alt_text = self.alt_text

        url = self.url

        url_expires_at = self.url_expires_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "mime_type": mime_type,
                "size": size,
                "width": width,
                "height": height,
                "duration_seconds": duration_seconds,
                "alt_text": alt_text,
                "url": url,
                "url_expires_at": url_expires_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        type_ = d.pop("type")

        mime_type = d.pop("mime_type")

        size = d.pop("size")

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

        def _parse_duration_seconds(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        duration_seconds = _parse_duration_seconds(d.pop("duration_seconds"))

        alt_text = d.pop("alt_text")

        url = d.pop("url")

        url_expires_at = datetime.datetime.fromisoformat(d.pop("url_expires_at"))

        delivery_media = cls(
            id=id,
            type_=type_,
            mime_type=mime_type,
            size=size,
            width=width,
            height=height,
            duration_seconds=duration_seconds,
            alt_text=alt_text,
            url=url,
            url_expires_at=url_expires_at,
        )

        delivery_media.additional_properties = d
        return delivery_media

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
