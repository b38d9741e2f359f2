from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PresignedUpload")


@_attrs_define
class PresignedUpload:
    """
    Attributes:
        method (str): PUT: send the file's bytes as the request body.
        url (str): Presigned for this media's object only.
        expires_at (datetime.datetime):
        max_bytes (int): Larger files are refused at completion (413).
    """

    method: str
    url: str
    expires_at: datetime.datetime
    max_bytes: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        method = self.method

        url = self.url

        expires_at = self.expires_at.isoformat()

        max_bytes = self.max_bytes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "method": method,
                "url": url,
                "expires_at": expires_at,
                "max_bytes": max_bytes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        method = d.pop("method")

        url = d.pop("url")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        max_bytes = d.pop("max_bytes")

        presigned_upload = cls(
            method=method,
            url=url,
            expires_at=expires_at,
            max_bytes=max_bytes,
        )

        presigned_upload.additional_properties = d
        return presigned_upload

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
