from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.role_enum import RoleEnum, check_role_enum

if TYPE_CHECKING:
    from ..models.organization_output import OrganizationOutput


T = TypeVar("T", bound="InvitationAcceptOutput")


@_attrs_define
class InvitationAcceptOutput:
    """
    Attributes:
        member_id (UUID):
        organization (OrganizationOutput): An organization as seen by one member (built from that membership).
        role (RoleEnum): * `owner` - Owner
            * `admin` - Admin
            * `editor` - Editor
            * `viewer` - Viewer
    """

    member_id: UUID
    organization: OrganizationOutput
    role: RoleEnum
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        member_id = str(self.member_id)

        organization = self.organization.to_dict()

        role: str = self.role

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "member_id": member_id,
                "organization": organization,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.organization_output import OrganizationOutput  # noqa: PLC0415

        d = dict(src_dict)
        member_id = UUID(d.pop("member_id"))

        organization = OrganizationOutput.from_dict(d.pop("organization"))

        role = check_role_enum(d.pop("role"))

        invitation_accept_output = cls(
            member_id=member_id,
            organization=organization,
            role=role,
        )

        invitation_accept_output.additional_properties = d
        return invitation_accept_output

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
