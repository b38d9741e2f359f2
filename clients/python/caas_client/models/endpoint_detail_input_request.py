from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.event_types_enum import EventTypesEnum, check_event_types_enum
from ..models.signature_scheme_enum import SignatureSchemeEnum, check_signature_scheme_enum
from ..types import UNSET, Unset

T = TypeVar("T", bound="EndpointDetailInputRequest")


@_attrs_define
class EndpointDetailInputRequest:
    """
    Attributes:
        url (str | Unset): https URL receiving the events: no whitespace, control characters or credentials, port 443
            (or another port the operator allows), and a host resolving to public addresses only (400 `webhook_url_refused`
            otherwise).
        event_types (list[EventTypesEnum] | Unset): Event types to receive (see GET /api/v1/webhooks/event-types/).
        description (str | Unset):
        is_active (bool | Unset): false disables the endpoint; true enables it again and resumes its deliveries.
        signature_scheme (SignatureSchemeEnum | Unset): * `standard` - standard
            * `legacy` - legacy
    """

    url: str | Unset = UNSET
    event_types: list[EventTypesEnum] | Unset = UNSET
    description: str | Unset = UNSET
    is_active: bool | Unset = UNSET
    signature_scheme: SignatureSchemeEnum | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        event_types: list[str] | Unset = UNSET
        if not isinstance(self.event_types, Unset):
            event_types = []
            for event_types_item_data in self.event_types:
                event_types_item: str = event_types_item_data
                event_types.append(event_types_item)

        description = self.description

        is_active = self.is_active

        signature_scheme: str | Unset = UNSET
        if not isinstance(self.signature_scheme, Unset):
            signature_scheme = self.signature_scheme

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if url is not UNSET:
            field_dict["url"] = url
        if event_types is not UNSET:
            field_dict["event_types"] = event_types
        if description is not UNSET:
            field_dict["description"] = description
        if is_active is not UNSET:
            field_dict["is_active"] = is_active
        if signature_scheme is not UNSET:
            field_dict["signature_scheme"] = signature_scheme

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url", UNSET)

        _event_types = d.pop("event_types", UNSET)
        event_types: list[EventTypesEnum] | Unset = UNSET
        if _event_types is not UNSET:
            event_types = []
            for event_types_item_data in _event_types:
                event_types_item = check_event_types_enum(event_types_item_data)

                event_types.append(event_types_item)

        description = d.pop("description", UNSET)

        is_active = d.pop("is_active", UNSET)

        _signature_scheme = d.pop("signature_scheme", UNSET)
        signature_scheme: SignatureSchemeEnum | Unset
        if isinstance(_signature_scheme, Unset):
            signature_scheme = UNSET
        else:
            signature_scheme = check_signature_scheme_enum(_signature_scheme)

        endpoint_detail_input_request = cls(
            url=url,
            event_types=event_types,
            description=description,
            is_active=is_active,
            signature_scheme=signature_scheme,
        )

        endpoint_detail_input_request.additional_properties = d
        return endpoint_detail_input_request

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
