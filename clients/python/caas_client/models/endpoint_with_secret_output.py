from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.event_types_enum import EventTypesEnum, check_event_types_enum
from ..models.signature_scheme_enum import SignatureSchemeEnum, check_signature_scheme_enum

T = TypeVar("T", bound="EndpointWithSecretOutput")


@_attrs_define
class EndpointWithSecretOutput:
    """
    Attributes:
        id (UUID):
        organization_id (UUID):
        url (str):
        description (str):
        event_types (list[EventTypesEnum]):
        is_active (bool):
        signature_scheme (SignatureSchemeEnum): * `standard` - standard
            * `legacy` - legacy
        disabled_at (datetime.datetime | None):
        disabled_reason (str):
        consecutive_failures (int):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        secret (str): The signing secret. Shown only in this answer: store it now.
    """

    id: UUID
    organization_id: UUID
    url: str
    description: str
    event_types: list[EventTypesEnum]
    is_active: bool
    signature_scheme: SignatureSchemeEnum
    disabled_at: datetime.datetime | None
    disabled_reason: str
    consecutive_failures: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    secret: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        organization_id = str(self.organization_id)

        url = self.url

        description = self.description

        event_types = []
        for event_types_item_data in self.event_types:
            event_types_item: str = event_types_item_data
            event_types.append(event_types_item)

        is_active = self.is_active

        signature_scheme: str = self.signature_scheme

        disabled_at: None | str
        if isinstance(self.disabled_at, datetime.datetime):
            disabled_at = self.disabled_at.isoformat()
        else:
            disabled_at = self.disabled_at

        disabled_reason = self.disabled_reason

        consecutive_failures = self.consecutive_failures

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        secret = self.secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "organization_id": organization_id,
                "url": url,
                "description": description,
                "event_types": event_types,
                "is_active": is_active,
                "signature_scheme": signature_scheme,
                "disabled_at": disabled_at,
                "disabled_reason": disabled_reason,
                "consecutive_failures": consecutive_failures,
                "created_at": created_at,
                "updated_at": updated_at,
                "secret": secret,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        organization_id = UUID(d.pop("organization_id"))

        url = d.pop("url")

        description = d.pop("description")

        event_types = []
        _event_types = d.pop("event_types")
        for event_types_item_data in _event_types:
            event_types_item = check_event_types_enum(event_types_item_data)

            event_types.append(event_types_item)

        is_active = d.pop("is_active")

        signature_scheme = check_signature_scheme_enum(d.pop("signature_scheme"))

        def _parse_disabled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                disabled_at_type_0 = datetime.datetime.fromisoformat(data)

                return disabled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        disabled_at = _parse_disabled_at(d.pop("disabled_at"))

        disabled_reason = d.pop("disabled_reason")

        consecutive_failures = d.pop("consecutive_failures")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        secret = d.pop("secret")

        endpoint_with_secret_output = cls(
            id=id,
            organization_id=organization_id,
            url=url,
            description=description,
            event_types=event_types,
            is_active=is_active,
            signature_scheme=signature_scheme,
            disabled_at=disabled_at,
            disabled_reason=disabled_reason,
            consecutive_failures=consecutive_failures,
            created_at=created_at,
            updated_at=updated_at,
            secret=secret,
        )

        endpoint_with_secret_output.additional_properties = d
        return endpoint_with_secret_output

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
