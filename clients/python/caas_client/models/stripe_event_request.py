from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.object_enum import ObjectEnum, check_object_enum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.stripe_event_data_request import StripeEventDataRequest


T = TypeVar("T", bound="StripeEventRequest")


@_attrs_define
class StripeEventRequest:
    """What Stripe sends (the fields we read); documentation only: the view reads the raw, signed body.
    Anything else in a signed body is a 400 malformed_request.

        Attributes:
            id (str):
            type_ (str):
            created (int): Unix time.
            data (StripeEventDataRequest):
            object_ (ObjectEnum | Unset): * `event` - event
            livemode (bool | Unset):
    """

    id: str
    type_: str
    created: int
    data: StripeEventDataRequest
    object_: ObjectEnum | Unset = UNSET
    livemode: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type_

        created = self.created

        data = self.data.to_dict()

        object_: str | Unset = UNSET
        if not isinstance(self.object_, Unset):
            object_ = self.object_

        livemode = self.livemode

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "created": created,
                "data": data,
            }
        )
        if object_ is not UNSET:
            field_dict["object"] = object_
        if livemode is not UNSET:
            field_dict["livemode"] = livemode

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.stripe_event_data_request import StripeEventDataRequest  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        type_ = d.pop("type")

        created = d.pop("created")

        data = StripeEventDataRequest.from_dict(d.pop("data"))

        _object_ = d.pop("object", UNSET)
        object_: ObjectEnum | Unset
        if isinstance(_object_, Unset):
            object_ = UNSET
        else:
            object_ = check_object_enum(_object_)

        livemode = d.pop("livemode", UNSET)

        stripe_event_request = cls(
            id=id,
            type_=type_,
            created=created,
            data=data,
            object_=object_,
            livemode=livemode,
        )

        stripe_event_request.additional_properties = d
        return stripe_event_request

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
