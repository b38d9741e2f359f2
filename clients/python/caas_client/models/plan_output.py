from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PlanOutput")


@_attrs_define
class PlanOutput:
    """
    Attributes:
        slug (str):
        name (str):
        price_cents (int):
        currency (str):
        monthly_token_limit (int | None): null = unlimited
        monthly_post_limit (int | None): null = unlimited
        workspace_limit (int | None): null = unlimited
        member_limit (int | None): null = unlimited
        requests_per_minute (int):
        generations_per_minute (int):
    """

    slug: str
    name: str
    price_cents: int
    currency: str
    monthly_token_limit: int | None
    monthly_post_limit: int | None
    workspace_limit: int | None
    member_limit: int | None
    requests_per_minute: int
    generations_per_minute: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        slug = self.slug

        name = self.name

        price_cents = self.price_cents

        currency = self.currency

        monthly_token_limit: int | None
        monthly_token_limit = self.monthly_token_limit

        monthly_post_limit: int | None
        monthly_post_limit = self.monthly_post_limit

        workspace_limit: int | None
        workspace_limit = self.workspace_limit

        member_limit: int | None
        member_limit = self.member_limit

        requests_per_minute = self.requests_per_minute

        generations_per_minute = self.generations_per_minute

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "slug": slug,
                "name": name,
                "price_cents": price_cents,
                "currency": currency,
                "monthly_token_limit": monthly_token_limit,
                "monthly_post_limit": monthly_post_limit,
                "workspace_limit": workspace_limit,
                "member_limit": member_limit,
                "requests_per_minute": requests_per_minute,
                "generations_per_minute": generations_per_minute,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        slug = d.pop("slug")

        name = d.pop("name")

        price_cents = d.pop("price_cents")

        currency = d.pop("currency")

        def _parse_monthly_token_limit(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        monthly_token_limit = _parse_monthly_token_limit(d.pop("monthly_token_limit"))

        def _parse_monthly_post_limit(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        monthly_post_limit = _parse_monthly_post_limit(d.pop("monthly_post_limit"))

        def _parse_workspace_limit(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        workspace_limit = _parse_workspace_limit(d.pop("workspace_limit"))

        def _parse_member_limit(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        member_limit = _parse_member_limit(d.pop("member_limit"))

        requests_per_minute = d.pop("requests_per_minute")

        generations_per_minute = d.pop("generations_per_minute")

        plan_output = cls(
            slug=slug,
            name=name,
            price_cents=price_cents,
            currency=currency,
            monthly_token_limit=monthly_token_limit,
            monthly_post_limit=monthly_post_limit,
            workspace_limit=workspace_limit,
            member_limit=member_limit,
            requests_per_minute=requests_per_minute,
            generations_per_minute=generations_per_minute,
        )

        plan_output.additional_properties = d
        return plan_output

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
