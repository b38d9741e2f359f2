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
    from ..models.analytics_quota_output_serializer_analytics_day import AnalyticsQuotaOutputSerializerAnalyticsDay


T = TypeVar("T", bound="AnalyticsQuotaOutput")


@_attrs_define
class AnalyticsQuotaOutput:
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
        plan (str):
        period_start (datetime.datetime):
        period_end (datetime.datetime):
        tokens_used (int):
        tokens_reserved (int):
        tokens_limit (int | None): null = unlimited.
        posts_used (int):
        posts_limit (int | None):
        tokens_per_day (float): The period's pace so far.
        posts_per_day (float):
        tokens_run_out_on (datetime.date | None): null: not before the period ends.
        posts_run_out_on (datetime.date | None):
        series (list[AnalyticsQuotaOutputSerializerAnalyticsDay]): Each day of the billing period (at most 366).
    """

    organization_id: UUID
    workspace_id: None | UUID
    start: datetime.date
    end: datetime.date
    granularity: GranularityEnum
    tz: str
    as_of: datetime.datetime
    source: ReadSourceEnum
    plan: str
    period_start: datetime.datetime
    period_end: datetime.datetime
    tokens_used: int
    tokens_reserved: int
    tokens_limit: int | None
    posts_used: int
    posts_limit: int | None
    tokens_per_day: float
    posts_per_day: float
    tokens_run_out_on: datetime.date | None
    posts_run_out_on: datetime.date | None
    series: list[AnalyticsQuotaOutputSerializerAnalyticsDay]
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

        plan = self.plan

        period_start = self.period_start.isoformat()

        period_end = self.period_end.isoformat()

        tokens_used = self.tokens_used

        tokens_reserved = self.tokens_reserved

        tokens_limit: int | None
        tokens_limit = self.tokens_limit

        posts_used = self.posts_used

        posts_limit: int | None
        posts_limit = self.posts_limit

        tokens_per_day = self.tokens_per_day

        posts_per_day = self.posts_per_day

        tokens_run_out_on: None | str
        if isinstance(self.tokens_run_out_on, datetime.date):
            tokens_run_out_on = self.tokens_run_out_on.isoformat()
        else:
            tokens_run_out_on = self.tokens_run_out_on

        posts_run_out_on: None | str
        if isinstance(self.posts_run_out_on, datetime.date):
            posts_run_out_on = self.posts_run_out_on.isoformat()
        else:
            posts_run_out_on = self.posts_run_out_on

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
                "plan": plan,
                "period_start": period_start,
                "period_end": period_end,
                "tokens_used": tokens_used,
                "tokens_reserved": tokens_reserved,
                "tokens_limit": tokens_limit,
                "posts_used": posts_used,
                "posts_limit": posts_limit,
                "tokens_per_day": tokens_per_day,
                "posts_per_day": posts_per_day,
                "tokens_run_out_on": tokens_run_out_on,
                "posts_run_out_on": posts_run_out_on,
                "series": series,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.analytics_quota_output_serializer_analytics_day import AnalyticsQuotaOutputSerializerAnalyticsDay  # noqa: PLC0415

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

        plan = d.pop("plan")

        period_start = datetime.datetime.fromisoformat(d.pop("period_start"))

        period_end = datetime.datetime.fromisoformat(d.pop("period_end"))

        tokens_used = d.pop("tokens_used")

        tokens_reserved = d.pop("tokens_reserved")

        def _parse_tokens_limit(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        tokens_limit = _parse_tokens_limit(d.pop("tokens_limit"))

        posts_used = d.pop("posts_used")

        def _parse_posts_limit(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        posts_limit = _parse_posts_limit(d.pop("posts_limit"))

        tokens_per_day = d.pop("tokens_per_day")

        posts_per_day = d.pop("posts_per_day")

        def _parse_tokens_run_out_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                tokens_run_out_on_type_0 = datetime.date.fromisoformat(data)

                return tokens_run_out_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        tokens_run_out_on = _parse_tokens_run_out_on(d.pop("tokens_run_out_on"))

        def _parse_posts_run_out_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                posts_run_out_on_type_0 = datetime.date.fromisoformat(data)

                return posts_run_out_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        posts_run_out_on = _parse_posts_run_out_on(d.pop("posts_run_out_on"))

        series = []
        _series = d.pop("series")
        for series_item_data in _series:
            series_item = AnalyticsQuotaOutputSerializerAnalyticsDay.from_dict(series_item_data)

            series.append(series_item)

        analytics_quota_output = cls(
            organization_id=organization_id,
            workspace_id=workspace_id,
            start=start,
            end=end,
            granularity=granularity,
            tz=tz,
            as_of=as_of,
            source=source,
            plan=plan,
            period_start=period_start,
            period_end=period_end,
            tokens_used=tokens_used,
            tokens_reserved=tokens_reserved,
            tokens_limit=tokens_limit,
            posts_used=posts_used,
            posts_limit=posts_limit,
            tokens_per_day=tokens_per_day,
            posts_per_day=posts_per_day,
            tokens_run_out_on=tokens_run_out_on,
            posts_run_out_on=posts_run_out_on,
            series=series,
        )

        analytics_quota_output.additional_properties = d
        return analytics_quota_output

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
