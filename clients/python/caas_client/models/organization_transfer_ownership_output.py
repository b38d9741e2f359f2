from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.member_output import MemberOutput


T = TypeVar("T", bound="OrganizationTransferOwnershipOutput")


@_attrs_define
class OrganizationTransferOwnershipOutput:
    """
    Attributes:
        previous_owner (MemberOutput):
        new_owner (MemberOutput):
    """

    previous_owner: MemberOutput
    new_owner: MemberOutput
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        previous_owner = self.previous_owner.to_dict()

        new_owner = self.new_owner.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "previous_owner": previous_owner,
                "new_owner": new_owner,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.member_output import MemberOutput  # noqa: PLC0415

        d = dict(src_dict)
        previous_owner = MemberOutput.from_dict(d.pop("previous_owner"))

        new_owner = MemberOutput.from_dict(d.pop("new_owner"))

        organization_transfer_ownership_output = cls(
            previous_owner=previous_owner,
            new_owner=new_owner,
        )

        organization_transfer_ownership_output.additional_properties = d
        return organization_transfer_ownership_output

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
