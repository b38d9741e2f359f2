from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.metrics_reading import MetricsReading


T = TypeVar("T", bound="PostMetrics")


@_attrs_define
class PostMetrics:
    """
    Attributes:
        scheduled_post_id (UUID):
        content_id (UUID):
        channel_id (UUID):
        network (str):
        platform_post_id (str):
        platform_post_url (str):
        published_at (datetime.datetime):
        readings (list[MetricsReading]): At 1 h, 24 h and 7 days.
    """

    scheduled_post_id: UUID
    content_id: UUID
    channel_id: UUID
    network: str
    platform_post_id: str
    platform_post_url: str
    published_at: datetime.datetime
    readings: list[MetricsReading]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        scheduled_post_id = str(self.scheduled_post_id)

        content_id = str(self.content_id)

        channel_id = str(self.channel_id)

        network = self.network

        platform_post_id = self.platform_post_id

        platform_post_url = self.platform_post_url

        published_at = self.published_at.isoformat()

        readings = []
        for readings_item_data in self.readings:
            readings_item = readings_item_data.to_dict()
            readings.append(readings_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "scheduled_post_id": scheduled_post_id,
                "content_id": content_id,
                "channel_id": channel_id,
                "network": network,
                "platform_post_id": platform_post_id,
                "platform_post_url": platform_post_url,
                "published_at": published_at,
                "readings": readings,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.metrics_reading import MetricsReading  # noqa: PLC0415

        d = dict(src_dict)
        scheduled_post_id = UUID(d.pop("scheduled_post_id"))

        content_id = UUID(d.pop("content_id"))

        channel_id = UUID(d.pop("channel_id"))

        network = d.pop("network")

        platform_post_id = d.pop("platform_post_id")

        platform_post_url = d.pop("platform_post_url")

        published_at = datetime.datetime.fromisoformat(d.pop("published_at"))

        readings = []
        _readings = d.pop("readings")
        for readings_item_data in _readings:
            readings_item = MetricsReading.from_dict(readings_item_data)

            readings.append(readings_item)

        post_metrics = cls(
            scheduled_post_id=scheduled_post_id,
            content_id=content_id,
            channel_id=channel_id,
            network=network,
            platform_post_id=platform_post_id,
            platform_post_url=platform_post_url,
            published_at=published_at,
            readings=readings,
        )

        post_metrics.additional_properties = d
        return post_metrics

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
