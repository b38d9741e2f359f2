from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.user_output import UserOutput


T = TypeVar("T", bound="RegisterOutput")


@_attrs_define
class RegisterOutput:
    """
    Attributes:
        user (UserOutput):
        access (str):
        refresh (str):
    """

    user: UserOutput
    access: str
    refresh: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        user = self.user.to_dict()

        access = self.access

        refresh = self.refresh

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "user": user,
                "access": access,
                "refresh": refresh,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.user_output import UserOutput  # noqa: PLC0415

        d = dict(src_dict)
        user = UserOutput.from_dict(d.pop("user"))

        access = d.pop("access")

        refresh = d.pop("refresh")

        register_output = cls(
            user=user,
            access=access,
            refresh=refresh,
        )

        register_output.additional_properties = d
        return register_output

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
