from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.stripe_webhook_output_status_enum import (
    StripeWebhookOutputStatusEnum,
    check_stripe_webhook_output_status_enum,
)

T = TypeVar("T", bound="StripeWebhookOutput")


@_attrs_define
class StripeWebhookOutput:
    """
    Attributes:
        received (bool):
        duplicate (bool): The event id was already received; nothing changed.
        status (StripeWebhookOutputStatusEnum): * `processed` - processed
            * `ignored` - ignored
            * `stale` - stale
            * `unmatched` - unmatched
    """

    received: bool
    duplicate: bool
    status: StripeWebhookOutputStatusEnum
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        received = self.received

        duplicate = self.duplicate

        status: str = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "received": received,
                "duplicate": duplicate,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        received = d.pop("received")

        duplicate = d.pop("duplicate")

        status = check_stripe_webhook_output_status_enum(d.pop("status"))

        stripe_webhook_output = cls(
            received=received,
            duplicate=duplicate,
            status=status,
        )

        stripe_webhook_output.additional_properties = d
        return stripe_webhook_output

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
