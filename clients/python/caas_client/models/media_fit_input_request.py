from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.media_fit_input_platform_enum import MediaFitInputPlatformEnum, check_media_fit_input_platform_enum
from ..models.mode_enum import ModeEnum, check_mode_enum

T = TypeVar("T", bound="MediaFitInputRequest")


@_attrs_define
class MediaFitInputRequest:
    """
    Attributes:
        platform (MediaFitInputPlatformEnum): * `bluesky` - bluesky
            * `facebook` - facebook
            * `instagram` - instagram
            * `linkedin` - linkedin
            * `mastodon` - mastodon
            * `threads` - threads
            * `twitter` - twitter
        mode (ModeEnum): * `crop` - crop
            * `pad` - pad
    """

    platform: MediaFitInputPlatformEnum
    mode: ModeEnum
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        platform: str = self.platform

        mode: str = self.mode

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "platform": platform,
                "mode": mode,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        platform = check_media_fit_input_platform_enum(d.pop("platform"))

        mode = check_mode_enum(d.pop("mode"))

        media_fit_input_request = cls(
            platform=platform,
            mode=mode,
        )

        media_fit_input_request.additional_properties = d
        return media_fit_input_request

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
