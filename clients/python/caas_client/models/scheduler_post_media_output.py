from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.delivery_media import DeliveryMedia


T = TypeVar("T", bound="SchedulerPostMediaOutput")


@_attrs_define
class SchedulerPostMediaOutput:
    """
    Attributes:
        scheduled_post_id (UUID):
        media (list[DeliveryMedia]):
    """

    scheduled_post_id: UUID
    media: list[DeliveryMedia]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        scheduled_post_id = str(self.scheduled_post_id)

        media = []
        for media_item_data in self.media:
            media_item = media_item_data.to_dict()
            media.append(media_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "scheduled_post_id": scheduled_post_id,
                "media": media,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.delivery_media import DeliveryMedia  # noqa: PLC0415

        d = dict(src_dict)
        scheduled_post_id = UUID(d.pop("scheduled_post_id"))

        media = []
        _media = d.pop("media")
        for media_item_data in _media:
            media_item = DeliveryMedia.from_dict(media_item_data)

            media.append(media_item)

        scheduler_post_media_output = cls(
            scheduled_post_id=scheduled_post_id,
            media=media,
        )

        scheduler_post_media_output.additional_properties = d
        return scheduler_post_media_output

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
