from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SeriesOutput")


@_attrs_define
class SeriesOutput:
    """
    Attributes:
        id (UUID):
        workspace_id (UUID):
        content_id (UUID):
        platform (str):
        frequency (str):
        weekdays (list[int]):
        month_day (int | None):
        local_time (str):  Example: 09:00.
        timezone (str):
        starts_on (datetime.date):
        until (datetime.date | None):
        count (int | None):
        ended_at (datetime.datetime | None):
        created_at (datetime.datetime):
    """

    id: UUID
    workspace_id: UUID
    content_id: UUID
    platform: str
    frequency: str
    weekdays: list[int]
    month_day: int | None
    local_time: str
    timezone: str
    starts_on: datetime.date
    until: datetime.date | None
    count: int | None
    ended_at: datetime.datetime | None
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        workspace_id = str(self.workspace_id)

        content_id = str(self.content_id)

        platform = self.platform

        frequency = self.frequency

        weekdays = self.weekdays

        month_day: int | None
        month_day = self.month_day

        local_time = self.local_time

        timezone = self.timezone

        starts_on = self.starts_on.isoformat()

        until: None | str
        if isinstance(self.until, datetime.date):
            until = self.until.isoformat()
        else:
            until = self.until

        count: int | None
        count = self.count

        ended_at: None | str
        if isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "workspace_id": workspace_id,
                "content_id": content_id,
                "platform": platform,
                "frequency": frequency,
                "weekdays": weekdays,
                "month_day": month_day,
                "local_time": local_time,
                "timezone": timezone,
                "starts_on": starts_on,
                "until": until,
                "count": count,
                "ended_at": ended_at,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        workspace_id = UUID(d.pop("workspace_id"))

        content_id = UUID(d.pop("content_id"))

        platform = d.pop("platform")

        frequency = d.pop("frequency")

        weekdays = cast(list[int], d.pop("weekdays"))

        def _parse_month_day(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        month_day = _parse_month_day(d.pop("month_day"))

        local_time = d.pop("local_time")

        timezone = d.pop("timezone")

        starts_on = datetime.date.fromisoformat(d.pop("starts_on"))

        def _parse_until(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                until_type_0 = datetime.date.fromisoformat(data)

                return until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        until = _parse_until(d.pop("until"))

        def _parse_count(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        count = _parse_count(d.pop("count"))

        def _parse_ended_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_at_type_0 = datetime.datetime.fromisoformat(data)

                return ended_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ended_at = _parse_ended_at(d.pop("ended_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        series_output = cls(
            id=id,
            workspace_id=workspace_id,
            content_id=content_id,
            platform=platform,
            frequency=frequency,
            weekdays=weekdays,
            month_day=month_day,
            local_time=local_time,
            timezone=timezone,
            starts_on=starts_on,
            until=until,
            count=count,
            ended_at=ended_at,
            created_at=created_at,
        )

        series_output.additional_properties = d
        return series_output

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
