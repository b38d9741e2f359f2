from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.role_enum import RoleEnum, check_role_enum

if TYPE_CHECKING:
    from ..models.user_summary import UserSummary


T = TypeVar("T", bound="MemberOutput")


@_attrs_define
class MemberOutput:
    """
    Attributes:
        id (UUID): Membership id (use it in /members/{member_id}/).
        user (UserSummary):
        role (RoleEnum): * `owner` - Owner
            * `admin` - Admin
            * `editor` - Editor
            * `viewer` - Viewer
        joined_at (datetime.datetime):
    """

    id: UUID
    user: UserSummary
    role: RoleEnum
    joined_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        user = self.user.to_dict()

        role: str = self.role

        joined_at = self.joined_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "user": user,
                "role": role,
                "joined_at": joined_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.user_summary import UserSummary  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        user = UserSummary.from_dict(d.pop("user"))

        role = check_role_enum(d.pop("role"))

        joined_at = datetime.datetime.fromisoformat(d.pop("joined_at"))

        member_output = cls(
            id=id,
            user=user,
            role=role,
            joined_at=joined_at,
        )

        member_output.additional_properties = d
        return member_output

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
