from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.slot_request import SlotRequest


T = TypeVar("T", bound="ScheduleInputRequest")


@_attrs_define
class ScheduleInputRequest:
    """
    Attributes:
        timezone (str): IANA time zone, e.g. Europe/Berlin.
        slots (list[SlotRequest]):
        evergreen_interval_days (int | Unset): Evergreen content is recycled at most this often.
    """

    timezone: str
    slots: list[SlotRequest]
    evergreen_interval_days: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        timezone = self.timezone

        slots = []
        for slots_item_data in self.slots:
            slots_item = slots_item_data.to_dict()
            slots.append(slots_item)

        evergreen_interval_days = self.evergreen_interval_days

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "timezone": timezone,
                "slots": slots,
            }
        )
        if evergreen_interval_days is not UNSET:
            field_dict["evergreen_interval_days"] = evergreen_interval_days

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.slot_request import SlotRequest  # noqa: PLC0415

        d = dict(src_dict)
        timezone = d.pop("timezone")

        slots = []
        _slots = d.pop("slots")
        for slots_item_data in _slots:
            slots_item = SlotRequest.from_dict(slots_item_data)

            slots.append(slots_item)

        evergreen_interval_days = d.pop("evergreen_interval_days", UNSET)

        schedule_input_request = cls(
            timezone=timezone,
            slots=slots,
            evergreen_interval_days=evergreen_interval_days,
        )

        schedule_input_request.additional_properties = d
        return schedule_input_request

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
