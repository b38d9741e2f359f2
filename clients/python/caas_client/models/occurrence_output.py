from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.occurrence_output_last_error import OccurrenceOutputLastError


T = TypeVar("T", bound="OccurrenceOutput")


@_attrs_define
class OccurrenceOutput:
    """
    Attributes:
        id (UUID):
        occurrence_at (datetime.datetime):
        status (str): scheduled, held (the period's posts are used up), failed, superseded.
        scheduled_post_id (None | UUID):
        last_error (OccurrenceOutputLastError):
    """

    id: UUID
    occurrence_at: datetime.datetime
    status: str
    scheduled_post_id: None | UUID
    last_error: OccurrenceOutputLastError
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        occurrence_at = self.occurrence_at.isoformat()

        status = self.status

        scheduled_post_id: None | str
        if isinstance(self.scheduled_post_id, UUID):
            scheduled_post_id = str(self.scheduled_post_id)
        else:
            scheduled_post_id = self.scheduled_post_id

        last_error = self.last_error.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "occurrence_at": occurrence_at,
                "status": status,
                "scheduled_post_id": scheduled_post_id,
                "last_error": last_error,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.occurrence_output_last_error import OccurrenceOutputLastError  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        occurrence_at = datetime.datetime.fromisoformat(d.pop("occurrence_at"))

        status = d.pop("status")

        def _parse_scheduled_post_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                scheduled_post_id_type_0 = UUID(data)

                return scheduled_post_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        scheduled_post_id = _parse_scheduled_post_id(d.pop("scheduled_post_id"))

        last_error = OccurrenceOutputLastError.from_dict(d.pop("last_error"))

        occurrence_output = cls(
            id=id,
            occurrence_at=occurrence_at,
            status=status,
            scheduled_post_id=scheduled_post_id,
            last_error=last_error,
        )

        occurrence_output.additional_properties = d
        return occurrence_output

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
