from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AnalyticsPublishingOutputSerializerAnalyticsPlatform")


@_attrs_define
class AnalyticsPublishingOutputSerializerAnalyticsPlatform:
    """
    Attributes:
        scheduled (int): Every post scheduled in the range, whatever its status.
        pending (int):
        queued (int):
        published (int):
        failed (int):
        cancelled (int):
        platform (str):
    """

    scheduled: int
    pending: int
    queued: int
    published: int
    failed: int
    cancelled: int
    platform: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        scheduled = self.scheduled

        pending = self.pending

        queued = self.queued

        published = self.published

        failed = self.failed

        cancelled = self.cancelled

        platform = self.platform

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "scheduled": scheduled,
                "pending": pending,
                "queued": queued,
                "published": published,
                "failed": failed,
                "cancelled": cancelled,
                "platform": platform,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        scheduled = d.pop("scheduled")

        pending = d.pop("pending")

        queued = d.pop("queued")

        published = d.pop("published")

        failed = d.pop("failed")

        cancelled = d.pop("cancelled")

        platform = d.pop("platform")

        analytics_publishing_output_serializer_analytics_platform = cls(
            scheduled=scheduled,
            pending=pending,
            queued=queued,
            published=published,
            failed=failed,
            cancelled=cancelled,
            platform=platform,
        )

        analytics_publishing_output_serializer_analytics_platform.additional_properties = d
        return analytics_publishing_output_serializer_analytics_platform

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
