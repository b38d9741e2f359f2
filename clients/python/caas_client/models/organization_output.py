from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.role_enum import RoleEnum, check_role_enum

if TYPE_CHECKING:
    from ..models.plan_summary import PlanSummary


T = TypeVar("T", bound="OrganizationOutput")


@_attrs_define
class OrganizationOutput:
    """An organization as seen by one member (built from that membership).

    Attributes:
        id (UUID):
        name (str):
        slug (str):
        is_personal (bool):
        role (RoleEnum): * `owner` - Owner
            * `admin` - Admin
            * `editor` - Editor
            * `viewer` - Viewer
        plan (PlanSummary):
        subscription_status (str):
        created_at (datetime.datetime):
    """

    id: UUID
    name: str
    slug: str
    is_personal: bool
    role: RoleEnum
    plan: PlanSummary
    subscription_status: str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        name = self.name

        slug = self.slug

        is_personal = self.is_personal

        role: str = self.role

        plan = self.plan.to_dict()

        subscription_status = self.subscription_status

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "slug": slug,
                "is_personal": is_personal,
                "role": role,
                "plan": plan,
                "subscription_status": subscription_status,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.plan_summary import PlanSummary  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        name = d.pop("name")

        slug = d.pop("slug")

        is_personal = d.pop("is_personal")

        role = check_role_enum(d.pop("role"))

        plan = PlanSummary.from_dict(d.pop("plan"))

        subscription_status = d.pop("subscription_status")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        organization_output = cls(
            id=id,
            name=name,
            slug=slug,
            is_personal=is_personal,
            role=role,
            plan=plan,
            subscription_status=subscription_status,
            created_at=created_at,
        )

        organization_output.additional_properties = d
        return organization_output

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
