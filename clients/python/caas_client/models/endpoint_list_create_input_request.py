from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.event_types_enum import EventTypesEnum, check_event_types_enum
from ..types import UNSET, Unset

T = TypeVar("T", bound="EndpointListCreateInputRequest")


@_attrs_define
class EndpointListCreateInputRequest:
    """
    Attributes:
        url (str): https URL receiving the events: no whitespace, control characters or credentials, port 443 (or
            another port the operator allows), and a host resolving to public addresses only (400 `webhook_url_refused`
            otherwise).
        event_types (list[EventTypesEnum]): Event types to receive (see GET /api/v1/webhooks/event-types/).
        organization_id (UUID | Unset): Organization to act on. Required unless you belong to exactly one organization
            (then that one is used); omitted while you belong to several, the answer is 400 with details.organization_id.
        description (str | Unset):  Default: ''.
    """

    url: str
    event_types: list[EventTypesEnum]
    organization_id: UUID | Unset = UNSET
    description: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        event_types = []
        for event_types_item_data in self.event_types:
            event_types_item: str = event_types_item_data
            event_types.append(event_types_item)

        organization_id: str | Unset = UNSET
        if not isinstance(self.organization_id, Unset):
            organization_id = str(self.organization_id)

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "url": url,
                "event_types": event_types,
            }
        )
        if organization_id is not UNSET:
            field_dict["organization_id"] = organization_id
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        event_types = []
        _event_types = d.pop("event_types")
        for event_types_item_data in _event_types:
            event_types_item = check_event_types_enum(event_types_item_data)

            event_types.append(event_types_item)

        _organization_id = d.pop("organization_id", UNSET)
        organization_id: UUID | Unset
        if isinstance(_organization_id, Unset):
            organization_id = UNSET
        else:
            organization_id = UUID(_organization_id)

        description = d.pop("description", UNSET)

        endpoint_list_create_input_request = cls(
            url=url,
            event_types=event_types,
            organization_id=organization_id,
            description=description,
        )

        endpoint_list_create_input_request.additional_properties = d
        return endpoint_list_create_input_request

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
