from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.email_status_enum import EmailStatusEnum, check_email_status_enum
from ..models.role_enum import RoleEnum, check_role_enum
from ..types import UNSET, Unset

T = TypeVar("T", bound="InvitationOutput")


@_attrs_define
class InvitationOutput:
    """
    Attributes:
        id (UUID):
        organization_id (UUID):
        email (str):
        role (RoleEnum): * `owner` - Owner
            * `admin` - Admin
            * `editor` - Editor
            * `viewer` - Viewer
        status (str): A pending invitation past its expiry shows as expired.
        expires_at (datetime.datetime):
        accepted_at (datetime.datetime | None):
        created_at (datetime.datetime):
        email_status (EmailStatusEnum): * `pending` - Pending
            * `sent` - Sent
            * `failed` - Failed
        email_attempts (int): Attempts to send the current email.
        email_last_error (str): Why the last attempt failed; empty once sent.
        email_sent_at (datetime.datetime | None):
        invited_by (None | str | Unset):
    """

    id: UUID
    organization_id: UUID
    email: str
    role: RoleEnum
    status: str
    expires_at: datetime.datetime
    accepted_at: datetime.datetime | None
    created_at: datetime.datetime
    email_status: EmailStatusEnum
    email_attempts: int
    email_last_error: str
    email_sent_at: datetime.datetime | None
    invited_by: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        organization_id = str(self.organization_id)

        email = self.email

        role: str = self.role

        status = self.status

        expires_at = self.expires_at.isoformat()

        accepted_at: None | str
        if isinstance(self.accepted_at, datetime.datetime):
            accepted_at = self.accepted_at.isoformat()
        else:
            accepted_at = self.accepted_at

        created_at = self.created_at.isoformat()

        email_status: str = self.email_status

        email_attempts = self.email_attempts

        email_last_error = self.email_last_error

        email_sent_at: None | str
        if isinstance(self.email_sent_at, datetime.datetime):
            email_sent_at = self.email_sent_at.isoformat()
        else:
            email_sent_at = self.email_sent_at

        invited_by: None | str | Unset
        if isinstance(self.invited_by, Unset):
            invited_by = UNSET
        else:
            invited_by = self.invited_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "organization_id": organization_id,
                "email": email,
                "role": role,
                "status": status,
                "expires_at": expires_at,
                "accepted_at": accepted_at,
                "created_at": created_at,
                "email_status": email_status,
                "email_attempts": email_attempts,
                "email_last_error": email_last_error,
                "email_sent_at": email_sent_at,
            }
        )
        if invited_by is not UNSET:
            field_dict["invited_by"] = invited_by

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        organization_id = UUID(d.pop("organization_id"))

        email = d.pop("email")

        role = check_role_enum(d.pop("role"))

        status = d.pop("status")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        def _parse_accepted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                accepted_at_type_0 = datetime.datetime.fromisoformat(data)

                return accepted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        accepted_at = _parse_accepted_at(d.pop("accepted_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        email_status = check_email_status_enum(d.pop("email_status"))

        email_attempts = d.pop("email_attempts")

        email_last_error = d.pop("email_last_error")

        def _parse_email_sent_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                email_sent_at_type_0 = datetime.datetime.fromisoformat(data)

                return email_sent_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        email_sent_at = _parse_email_sent_at(d.pop("email_sent_at"))

        def _parse_invited_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        invited_by = _parse_invited_by(d.pop("invited_by", UNSET))

        invitation_output = cls(
            id=id,
            organization_id=organization_id,
            email=email,
            role=role,
            status=status,
            expires_at=expires_at,
            accepted_at=accepted_at,
            created_at=created_at,
            email_status=email_status,
            email_attempts=email_attempts,
            email_last_error=email_last_error,
            email_sent_at=email_sent_at,
            invited_by=invited_by,
        )

        invitation_output.additional_properties = d
        return invitation_output

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
