from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.calendar_day import CalendarDay


T = TypeVar("T", bound="CalendarOutput")


@_attrs_define
class CalendarOutput:
    """
    Attributes:
        timezone (str):
        start (datetime.date):
        end (datetime.date):
        truncated (bool): More than 2000 items: narrow the range.
        days (list[CalendarDay]):
    """

    timezone: str
    start: datetime.date
    end: datetime.date
    truncated: bool
    days: list[CalendarDay]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        timezone = self.timezone

        start = self.start.isoformat()

        end = self.end.isoformat()

        truncated = self.truncated

        days = []
        for days_item_data in self.days:
            days_item = days_item_data.to_dict()
            days.append(days_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "timezone": timezone,
                "start": start,
                "end": end,
                "truncated": truncated,
                "days": days,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.calendar_day import CalendarDay  # noqa: PLC0415

        d = dict(src_dict)
        timezone = d.pop("timezone")

        start = datetime.date.fromisoformat(d.pop("start"))

        end = datetime.date.fromisoformat(d.pop("end"))

        truncated = d.pop("truncated")

        days = []
        _days = d.pop("days")
        for days_item_data in _days:
            days_item = CalendarDay.from_dict(days_item_data)

            days.append(days_item)

        calendar_output = cls(
            timezone=timezone,
            start=start,
            end=end,
            truncated=truncated,
            days=days,
        )

        calendar_output.additional_properties = d
        return calendar_output

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
