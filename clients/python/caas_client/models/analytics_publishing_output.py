from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.granularity_enum import GranularityEnum, check_granularity_enum
from ..models.read_source_enum import ReadSourceEnum, check_read_source_enum

if TYPE_CHECKING:
    from ..models.analytics_publishing_output_serializer_analytics_bucket import (
        AnalyticsPublishingOutputSerializerAnalyticsBucket,
    )
    from ..models.analytics_publishing_output_serializer_analytics_platform import (
        AnalyticsPublishingOutputSerializerAnalyticsPlatform,
    )
    from ..models.analytics_publishing_output_serializer_analytics_reason import (
        AnalyticsPublishingOutputSerializerAnalyticsReason,
    )


T = TypeVar("T", bound="AnalyticsPublishingOutput")


@_attrs_define
class AnalyticsPublishingOutput:
    """
    Attributes:
        organization_id (UUID):
        workspace_id (None | UUID):
        start (datetime.date):
        end (datetime.date):
        granularity (GranularityEnum): * `day` - day
            * `week` - week
        tz (str):
        as_of (datetime.datetime): The data is complete up to this instant (the replica's last replay).
        source (ReadSourceEnum): * `replica` - replica
            * `primary` - primary
        scheduled (int): Every post scheduled in the range, whatever its status.
        pending (int):
        queued (int):
        published (int):
        failed (int):
        cancelled (int):
        delay_seconds_p50 (float | None): scheduled_at → published_at.
        delay_seconds_p95 (float | None):
        by_platform (list[AnalyticsPublishingOutputSerializerAnalyticsPlatform]):
        failure_reasons (list[AnalyticsPublishingOutputSerializerAnalyticsReason]): Top 10.
        series (list[AnalyticsPublishingOutputSerializerAnalyticsBucket]): By scheduled_at; at most 366 buckets.
    """

    organization_id: UUID
    workspace_id: None | UUID
    start: datetime.date
    end: datetime.date
    granularity: GranularityEnum
    tz: str
    as_of: datetime.datetime
    source: ReadSourceEnum
    scheduled: int
    pending: int
    queued: int
    published: int
    failed: int
    cancelled: int
    delay_seconds_p50: float | None
    delay_seconds_p95: float | None
    by_platform: list[AnalyticsPublishingOutputSerializerAnalyticsPlatform]
    failure_reasons: list[AnalyticsPublishingOutputSerializerAnalyticsReason]
    series: list[AnalyticsPublishingOutputSerializerAnalyticsBucket]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        organization_id = str(self.organization_id)

        workspace_id: None | str
        if isinstance(self.workspace_id, UUID):
            workspace_id = str(self.workspace_id)
        else:
            workspace_id = self.workspace_id

        start = self.start.isoformat()

        end = self.end.isoformat()

        granularity: str = self.granularity

        tz = self.tz

        as_of = self.as_of.isoformat()

        source: str = self.source

        scheduled = self.scheduled

        pending = self.pending

        queued = self.queued

        published = self.published

        failed = self.failed

        cancelled = self.cancelled

        delay_seconds_p50: float | None
        delay_seconds_p50 = self.delay_seconds_p50

        delay_seconds_p95: float | None
        delay_seconds_p95 = self.delay_seconds_p95

        by_platform = []
        for by_platform_item_data in self.by_platform:
            by_platform_item = by_platform_item_data.to_dict()
            by_platform.append(by_platform_item)

        failure_reasons = []
        for failure_reasons_item_data in self.failure_reasons:
            failure_reasons_item = failure_reasons_item_data.to_dict()
            failure_reasons.append(failure_reasons_item)

        series = []
        for series_item_data in self.series:
            series_item = series_item_data.to_dict()
            series.append(series_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "organization_id": organization_id,
                "workspace_id": workspace_id,
                "start": start,
                "end": end,
                "granularity": granularity,
                "tz": tz,
                "as_of": as_of,
                "source": source,
                "scheduled": scheduled,
                "pending": pending,
                "queued": queued,
                "published": published,
                "failed": failed,
                "cancelled": cancelled,
                "delay_seconds_p50": delay_seconds_p50,
                "delay_seconds_p95": delay_seconds_p95,
                "by_platform": by_platform,
                "failure_reasons": failure_reasons,
                "series": series,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.analytics_publishing_output_serializer_analytics_bucket import (
            AnalyticsPublishingOutputSerializerAnalyticsBucket,  # noqa: PLC0415
        )
        from ..models.analytics_publishing_output_serializer_analytics_platform import (
            AnalyticsPublishingOutputSerializerAnalyticsPlatform,  # noqa: PLC0415
        )
        from ..models.analytics_publishing_output_serializer_analytics_reason import (
            AnalyticsPublishingOutputSerializerAnalyticsReason,  # noqa: PLC0415
        )

        d = dict(src_dict)
        organization_id = UUID(d.pop("organization_id"))

        def _parse_workspace_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                workspace_id_type_0 = UUID(data)

                return workspace_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        workspace_id = _parse_workspace_id(d.pop("workspace_id"))

        start = datetime.date.fromisoformat(d.pop("start"))

        end = datetime.date.fromisoformat(d.pop("end"))

        granularity = check_granularity_enum(d.pop("granularity"))

        tz = d.pop("tz")

        as_of = datetime.datetime.fromisoformat(d.pop("as_of"))

        source = check_read_source_enum(d.pop("source"))

        scheduled = d.pop("scheduled")

        pending = d.pop("pending")

        queued = d.pop("queued")

        published = d.pop("published")

        failed = d.pop("failed")

        cancelled = d.pop("cancelled")

        def _parse_delay_seconds_p50(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        delay_seconds_p50 = _parse_delay_seconds_p50(d.pop("delay_seconds_p50"))

        def _parse_delay_seconds_p95(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        delay_seconds_p95 = _parse_delay_seconds_p95(d.pop("delay_seconds_p95"))

        by_platform = []
        _by_platform = d.pop("by_platform")
        for by_platform_item_data in _by_platform:
            by_platform_item = AnalyticsPublishingOutputSerializerAnalyticsPlatform.from_dict(by_platform_item_data)

            by_platform.append(by_platform_item)

        failure_reasons = []
        _failure_reasons = d.pop("failure_reasons")
        for failure_reasons_item_data in _failure_reasons:
            failure_reasons_item = AnalyticsPublishingOutputSerializerAnalyticsReason.from_dict(
                failure_reasons_item_data
            )

            failure_reasons.append(failure_reasons_item)

        series = []
        _series = d.pop("series")
        for series_item_data in _series:
            series_item = AnalyticsPublishingOutputSerializerAnalyticsBucket.from_dict(series_item_data)

            series.append(series_item)

        analytics_publishing_output = cls(
            organization_id=organization_id,
            workspace_id=workspace_id,
            start=start,
            end=end,
            granularity=granularity,
            tz=tz,
            as_of=as_of,
            source=source,
            scheduled=scheduled,
            pending=pending,
            queued=queued,
            published=published,
            failed=failed,
            cancelled=cancelled,
            delay_seconds_p50=delay_seconds_p50,
            delay_seconds_p95=delay_seconds_p95,
            by_platform=by_platform,
            failure_reasons=failure_reasons,
            series=series,
        )

        analytics_publishing_output.additional_properties = d
        return analytics_publishing_output

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
