from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AttachmentOutput")


@_attrs_define
class AttachmentOutput:
    """
    Attributes:
        id (None | UUID): The media; null when it was deleted since.
        position (int): 1, 2, ... in the post's order.
        alt_text (str):
        deleted (bool): The media was deleted from the library since.
        kind (str | Unset): image or video.
        mime_type (str | Unset):
        width (int | None | Unset):
        height (int | None | Unset):
        duration_seconds (float | None | Unset):
        size (int | Unset): Bytes.
        url (str | Unset): Downloads the bytes (on object storage valid 3600 s).
    """

    id: None | UUID
    position: int
    alt_text: str
    deleted: bool
    kind: str | Unset = UNSET
    mime_type: str | Unset = UNSET
    width: int | None | Unset = UNSET
    height: int | None | Unset = UNSET
    duration_seconds: float | None | Unset = UNSET
    size: int | Unset = UNSET
    url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id: None | str
        if isinstance(self.id, UUID):
            id = str(self.id)
        else:
            id = self.id

        position = self.position

        alt_text = self.alt_text

        deleted = self.deleted

        kind = self.kind

        mime_type = self.mime_type

        width: int | None | Unset
        if isinstance(self.width, Unset):
            width = UNSET
        else:
            width = self.width

        height: int | None | Unset
        if isinstance(self.height, Unset):
            height = UNSET
        else:
            height = self.height

        duration_seconds: float | None | Unset
        if isinstance(self.duration_seconds, Unset):
            duration_seconds = UNSET
        else:
            duration_seconds = self.duration_seconds

        size = self.size

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "position": position,
                "alt_text": alt_text,
                "deleted": deleted,
            }
        )
        if kind is not UNSET:
            field_dict["kind"] = kind
        if mime_type is not UNSET:
            field_dict["mime_type"] = mime_type
        if width is not UNSET:
            field_dict["width"] = width
        if height is not UNSET:
            field_dict["height"] = height
        if duration_seconds is not UNSET:
            field_dict["duration_seconds"] = duration_seconds
        if size is not UNSET:
            field_dict["size"] = size
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                id_type_0 = UUID(data)

                return id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        id = _parse_id(d.pop("id"))

        position = d.pop("position")

        alt_text = d.pop("alt_text")

        deleted = d.pop("deleted")

        kind = d.pop("kind", UNSET)

        mime_type = d.pop("mime_type", UNSET)

        def _parse_width(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        width = _parse_width(d.pop("width", UNSET))

        def _parse_height(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        height = _parse_height(d.pop("height", UNSET))

        def _parse_duration_seconds(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        duration_seconds = _parse_duration_seconds(d.pop("duration_seconds", UNSET))

        size = d.pop("size", UNSET)

        url = d.pop("url", UNSET)

        attachment_output = cls(
            id=id,
            position=position,
            alt_text=alt_text,
            deleted=deleted,
            kind=kind,
            mime_type=mime_type,
            width=width,
            height=height,
            duration_seconds=duration_seconds,
            size=size,
            url=url,
        )

        attachment_output.additional_properties = d
        return attachment_output

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
