from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_output_status_enum import DeliveryOutputStatusEnum, check_delivery_output_status_enum

T = TypeVar("T", bound="DeliveryOutput")


@_attrs_define
class DeliveryOutput:
    """
    Attributes:
        id (UUID):
        endpoint_id (UUID):
        event_id (UUID): Sent as Webhook-Id; the same for every redelivery.
        event_type (str):
        sequence (int): Order of the event for this endpoint.
        status (DeliveryOutputStatusEnum): * `pending` - Pending
            * `delivered` - Delivered
            * `failed` - Failed
        attempts (int):
        next_attempt_at (datetime.datetime): When it is tried next (pending deliveries).
        last_attempt_at (datetime.datetime | None):
        response_status (int | None): HTTP status of the last answer.
        last_error (str):
        redelivery_of (None | UUID):
        created_at (datetime.datetime):
        delivered_at (datetime.datetime | None):
    """

    id: UUID
    endpoint_id: UUID
    event_id: UUID
    event_type: str
    sequence: int
    status: DeliveryOutputStatusEnum
    attempts: int
    next_attempt_at: datetime.datetime
    last_attempt_at: datetime.datetime | None
    response_status: int | None
    last_error: str
    redelivery_of: None | UUID
    created_at: datetime.datetime
    delivered_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        endpoint_id = str(self.endpoint_id)

        event_id = str(self.event_id)

        event_type = self.event_type

        sequence = self.sequence

        status: str = self.status

        attempts = self.attempts

        next_attempt_at = self.next_attempt_at.isoformat()

        last_attempt_at: None | str
        if isinstance(self.last_attempt_at, datetime.datetime):
            last_attempt_at = self.last_attempt_at.isoformat()
        else:
            last_attempt_at = self.last_attempt_at

        response_status: int | None
        response_status = self.response_status

        last_error = self.last_error

        redelivery_of: None | str
        if isinstance(self.redelivery_of, UUID):
            redelivery_of = str(self.redelivery_of)
        else:
            redelivery_of = self.redelivery_of

        created_at = self.created_at.isoformat()

        delivered_at: None | str
        if isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "endpoint_id": endpoint_id,
                "event_id": event_id,
                "event_type": event_type,
                "sequence": sequence,
                "status": status,
                "attempts": attempts,
                "next_attempt_at": next_attempt_at,
                "last_attempt_at": last_attempt_at,
                "response_status": response_status,
                "last_error": last_error,
                "redelivery_of": redelivery_of,
                "created_at": created_at,
                "delivered_at": delivered_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        endpoint_id = UUID(d.pop("endpoint_id"))

        event_id = UUID(d.pop("event_id"))

        event_type = d.pop("event_type")

        sequence = d.pop("sequence")

        status = check_delivery_output_status_enum(d.pop("status"))

        attempts = d.pop("attempts")

        next_attempt_at = datetime.datetime.fromisoformat(d.pop("next_attempt_at"))

        def _parse_last_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_attempt_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_attempt_at = _parse_last_attempt_at(d.pop("last_attempt_at"))

        def _parse_response_status(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        response_status = _parse_response_status(d.pop("response_status"))

        last_error = d.pop("last_error")

        def _parse_redelivery_of(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                redelivery_of_type_0 = UUID(data)

                return redelivery_of_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        redelivery_of = _parse_redelivery_of(d.pop("redelivery_of"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_delivered_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)

                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        delivered_at = _parse_delivered_at(d.pop("delivered_at"))

        delivery_output = cls(
            id=id,
            endpoint_id=endpoint_id,
            event_id=event_id,
            event_type=event_type,
            sequence=sequence,
            status=status,
            attempts=attempts,
            next_attempt_at=next_attempt_at,
            last_attempt_at=last_attempt_at,
            response_status=response_status,
            last_error=last_error,
            redelivery_of=redelivery_of,
            created_at=created_at,
            delivered_at=delivered_at,
        )

        delivery_output.additional_properties = d
        return delivery_output

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
