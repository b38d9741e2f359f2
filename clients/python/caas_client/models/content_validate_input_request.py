from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.platform_enum import PlatformEnum, check_platform_enum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.attachment_input_request import AttachmentInputRequest


T = TypeVar("T", bound="ContentValidateInputRequest")


@_attrs_define
class ContentValidateInputRequest:
    """
    Attributes:
        platform (PlatformEnum): * `twitter` - Twitter / X
            * `linkedin` - LinkedIn
            * `instagram` - Instagram
            * `facebook` - Facebook
            * `threads` - Threads
            * `mastodon` - Mastodon
            * `bluesky` - Bluesky
        text (str): Measured after trimming surrounding whitespace, as a manual edit saves it.
        media (list[AttachmentInputRequest] | Unset): Attachments, in order: [{id, alt_text}] (media of the content's
            workspace, ready; at most 20). Omitted: a new version keeps the previous version's; [] removes them.
    """

    platform: PlatformEnum
    text: str
    media: list[AttachmentInputRequest] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        platform: str = self.platform

        text = self.text

        media: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.media, Unset):
            media = []
            for media_item_data in self.media:
                media_item = media_item_data.to_dict()
                media.append(media_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "platform": platform,
                "text": text,
            }
        )
        if media is not UNSET:
            field_dict["media"] = media

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attachment_input_request import AttachmentInputRequest  # noqa: PLC0415

        d = dict(src_dict)
        platform = check_platform_enum(d.pop("platform"))

        text = d.pop("text")

        _media = d.pop("media", UNSET)
        media: list[AttachmentInputRequest] | Unset = UNSET
        if _media is not UNSET:
            media = []
            for media_item_data in _media:
                media_item = AttachmentInputRequest.from_dict(media_item_data)

                media.append(media_item)

        content_validate_input_request = cls(
            platform=platform,
            text=text,
            media=media,
        )

        content_validate_input_request.additional_properties = d
        return content_validate_input_request

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
