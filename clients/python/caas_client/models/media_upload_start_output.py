from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.media import Media
    from ..models.presigned_upload import PresignedUpload


T = TypeVar("T", bound="MediaUploadStartOutput")


@_attrs_define
class MediaUploadStartOutput:
    """
    Attributes:
        media (Media):
        upload (PresignedUpload):
    """

    media: Media
    upload: PresignedUpload
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        media = self.media.to_dict()

        upload = self.upload.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "media": media,
                "upload": upload,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.media import Media  # noqa: PLC0415
        from ..models.presigned_upload import PresignedUpload  # noqa: PLC0415

        d = dict(src_dict)
        media = Media.from_dict(d.pop("media"))

        upload = PresignedUpload.from_dict(d.pop("upload"))

        media_upload_start_output = cls(
            media=media,
            upload=upload,
        )

        media_upload_start_output.additional_properties = d
        return media_upload_start_output

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
