from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.slot import Slot


T = TypeVar("T", bound="ScheduleOutput")


@_attrs_define
class ScheduleOutput:
    """
    Attributes:
        workspace_id (UUID):
        channel_id (None | UUID): The channel whose schedule this is; null: the workspace's own.
        organization_id (UUID):
        timezone (str): IANA time zone of the slots.
        paused (bool):
        paused_at (datetime.datetime | None):
        evergreen_interval_days (int):
        slots (list[Slot]):
        next_free_slots (list[datetime.datetime]): The next five slots no queued post holds (UTC).
    """

    workspace_id: UUID
    channel_id: None | UUID
    organization_id: UUID
    timezone: str
    paused: bool
    paused_at: datetime.datetime | None
    evergreen_interval_days: int
    slots: list[Slot]
    next_free_slots: list[datetime.datetime]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        workspace_id = str(self.workspace_id)

        channel_id: None | str
        if isinstance(self.channel_id, UUID):
            channel_id = str(self.channel_id)
        else:
            channel_id = self.channel_id

        organization_id = str(self.organization_id)

        timezone = self.timezone

        paused = self.paused

        paused_at: None | str
        if isinstance(self.paused_at, datetime.datetime):
            paused_at = self.paused_at.isoformat()
        else:
            paused_at = self.paused_at

        evergreen_interval_days = self.evergreen_interval_days

        slots = []
        for slots_item_data in self.slots:
            slots_item = slots_item_data.to_dict()
            slots.append(slots_item)

        next_free_slots = []
        for next_free_slots_item_data in self.next_free_slots:
            next_free_slots_item = next_free_slots_item_data.isoformat()
            next_free_slots.append(next_free_slots_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "workspace_id": workspace_id,
                "channel_id": channel_id,
                "organization_id": organization_id,
                "timezone": timezone,
                "paused": paused,
                "paused_at": paused_at,
                "evergreen_interval_days": evergreen_interval_days,
                "slots": slots,
                "next_free_slots": next_free_slots,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.slot import Slot  # noqa: PLC0415

        d = dict(src_dict)
        workspace_id = UUID(d.pop("workspace_id"))

        def _parse_channel_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                channel_id_type_0 = UUID(data)

                return channel_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        channel_id = _parse_channel_id(d.pop("channel_id"))

        organization_id = UUID(d.pop("organization_id"))

        timezone = d.pop("timezone")

        paused = d.pop("paused")

        def _parse_paused_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paused_at_type_0 = datetime.datetime.fromisoformat(data)

                return paused_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        paused_at = _parse_paused_at(d.pop("paused_at"))

        evergreen_interval_days = d.pop("evergreen_interval_days")

        slots = []
        _slots = d.pop("slots")
        for slots_item_data in _slots:
            slots_item = Slot.from_dict(slots_item_data)

            slots.append(slots_item)

        next_free_slots = []
        _next_free_slots = d.pop("next_free_slots")
        for next_free_slots_item_data in _next_free_slots:
            next_free_slots_item = datetime.datetime.fromisoformat(next_free_slots_item_data)

            next_free_slots.append(next_free_slots_item)

        schedule_output = cls(
            workspace_id=workspace_id,
            channel_id=channel_id,
            organization_id=organization_id,
            timezone=timezone,
            paused=paused,
            paused_at=paused_at,
            evergreen_interval_days=evergreen_interval_days,
            slots=slots,
            next_free_slots=next_free_slots,
        )

        schedule_output.additional_properties = d
        return schedule_output

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
