from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.actor_type_enum import ActorTypeEnum, check_actor_type_enum

if TYPE_CHECKING:
    from ..models.audit_entry_output_data import AuditEntryOutputData


T = TypeVar("T", bound="AuditEntryOutput")


@_attrs_define
class AuditEntryOutput:
    """
    Attributes:
        id (UUID):
        event_id (UUID): The event recorded (the same id as a webhook's Webhook-Id).
        occurred_at (datetime.datetime):
        organization_id (UUID):
        action (str): What happened, e.g. `auth.signed_in`, `member.role_changed`.
        actor_type (ActorTypeEnum): * `user` - User
            * `api_key` - API key
            * `system` - System
            * `anonymous` - Anonymous
        actor_user_id (None | UUID):
        actor_api_key_id (None | UUID):
        actor_label (str): The actor as it was then: an email, an API key's prefix.
        target_type (str):
        target_id (str):
        data (AuditEntryOutputData): Details of the action (e.g. the old and new role).
        ip (None | str):
        request_id (str): The X-Request-ID of the request that did it (empty: the worker).
    """

    id: UUID
    event_id: UUID
    occurred_at: datetime.datetime
    organization_id: UUID
    action: str
    actor_type: ActorTypeEnum
    actor_user_id: None | UUID
    actor_api_key_id: None | UUID
    actor_label: str
    target_type: str
    target_id: str
    data: AuditEntryOutputData
    ip: None | str
    request_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        event_id = str(self.event_id)

        occurred_at = self.occurred_at.isoformat()

        organization_id = str(self.organization_id)

        action = self.action

        actor_type: str = self.actor_type

        actor_user_id: None | str
        if isinstance(self.actor_user_id, UUID):
            actor_user_id = str(self.actor_user_id)
        else:
            actor_user_id = self.actor_user_id

        actor_api_key_id: None | str
        if isinstance(self.actor_api_key_id, UUID):
            actor_api_key_id = str(self.actor_api_key_id)
        else:
            actor_api_key_id = self.actor_api_key_id

        actor_label = self.actor_label

        target_type = self.target_type

        target_id = self.target_id

        data = self.data.to_dict()

        ip: None | str
        ip = self.ip

        request_id = self.request_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "event_id": event_id,
                "occurred_at": occurred_at,
                "organization_id": organization_id,
                "action": action,
                "actor_type": actor_type,
                "actor_user_id": actor_user_id,
                "actor_api_key_id": actor_api_key_id,
                "actor_label": actor_label,
                "target_type": target_type,
                "target_id": target_id,
                "data": data,
                "ip": ip,
                "request_id": request_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_entry_output_data import AuditEntryOutputData  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        event_id = UUID(d.pop("event_id"))

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        organization_id = UUID(d.pop("organization_id"))

        action = d.pop("action")

        actor_type = check_actor_type_enum(d.pop("actor_type"))

        def _parse_actor_user_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                actor_user_id_type_0 = UUID(data)

                return actor_user_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        actor_user_id = _parse_actor_user_id(d.pop("actor_user_id"))

        def _parse_actor_api_key_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                actor_api_key_id_type_0 = UUID(data)

                return actor_api_key_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        actor_api_key_id = _parse_actor_api_key_id(d.pop("actor_api_key_id"))

        actor_label = d.pop("actor_label")

        target_type = d.pop("target_type")

        target_id = d.pop("target_id")

        data = AuditEntryOutputData.from_dict(d.pop("data"))

        def _parse_ip(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        ip = _parse_ip(d.pop("ip"))

        request_id = d.pop("request_id")

        audit_entry_output = cls(
            id=id,
            event_id=event_id,
            occurred_at=occurred_at,
            organization_id=organization_id,
            action=action,
            actor_type=actor_type,
            actor_user_id=actor_user_id,
            actor_api_key_id=actor_api_key_id,
            actor_label=actor_label,
            target_type=target_type,
            target_id=target_id,
            data=data,
            ip=ip,
            request_id=request_id,
        )

        audit_entry_output.additional_properties = d
        return audit_entry_output

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
