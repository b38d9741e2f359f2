from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.output_serializer_member import OutputSerializerMember
    from ..models.output_serializer_provider import OutputSerializerProvider


T = TypeVar("T", bound="ContentUsageOutput")


@_attrs_define
class ContentUsageOutput:
    """
    Attributes:
        organization_id (UUID):
        plan (str):
        period_start (datetime.datetime):
        period_end (datetime.datetime):
        tokens_used (int): Settled tokens in the ledger.
        tokens_reserved (int): Held by generations in flight.
        tokens_limit (int | None): null = unlimited.
        posts_used (int):
        posts_limit (int | None):
        images_used (int): AI images made this period (image credits).
        images_limit (int | None):
        by_member (list[OutputSerializerMember]):
        by_provider (list[OutputSerializerProvider]):
    """

    organization_id: UUID
    plan: str
    period_start: datetime.datetime
    period_end: datetime.datetime
    tokens_used: int
    tokens_reserved: int
    tokens_limit: int | None
    posts_used: int
    posts_limit: int | None
    images_used: int
    images_limit: int | None
    by_member: list[OutputSerializerMember]
    by_provider: list[OutputSerializerProvider]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        organization_id = str(self.organization_id)

        plan = self.plan

        period_start = self.period_start.isoformat()

        period_end = self.period_end.isoformat()

        tokens_used = self.tokens_used

        tokens_reserved = self.tokens_reserved

        tokens_limit: int | None
        tokens_limit = self.tokens_limit

        posts_used = self.posts_used

        posts_limit: int | None
        posts_limit = self.posts_limit

        images_used = self.images_used

        images_limit: int | None
        images_limit = self.images_limit

        by_member = []
        for by_member_item_data in self.by_member:
            by_member_item = by_member_item_data.to_dict()
            by_member.append(by_member_item)

        by_provider = []
        for by_provider_item_data in self.by_provider:
            by_provider_item = by_provider_item_data.to_dict()
            by_provider.append(by_provider_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "organization_id": organization_id,
                "plan": plan,
                "period_start": period_start,
                "period_end": period_end,
                "tokens_used": tokens_used,
                "tokens_reserved": tokens_reserved,
                "tokens_limit": tokens_limit,
                "posts_used": posts_used,
                "posts_limit": posts_limit,
                "images_used": images_used,
                "images_limit": images_limit,
                "by_member": by_member,
                "by_provider": by_provider,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.output_serializer_member import OutputSerializerMember  # noqa: PLC0415
        from ..models.output_serializer_provider import OutputSerializerProvider  # noqa: PLC0415

        d = dict(src_dict)
        organization_id = UUID(d.pop("organization_id"))

        plan = d.pop("plan")

        period_start = datetime.datetime.fromisoformat(d.pop("period_start"))

        period_end = datetime.datetime.fromisoformat(d.pop("period_end"))

        tokens_used = d.pop("tokens_used")

        tokens_reserved = d.pop("tokens_reserved")

        def _parse_tokens_limit(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        tokens_limit = _parse_tokens_limit(d.pop("tokens_limit"))

        posts_used = d.pop("posts_used")

        def _parse_posts_limit(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        posts_limit = _parse_posts_limit(d.pop("posts_limit"))

        images_used = d.pop("images_used")

        def _parse_images_limit(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        images_limit = _parse_images_limit(d.pop("images_limit"))

        by_member = []
        _by_member = d.pop("by_member")
        for by_member_item_data in _by_member:
            by_member_item = OutputSerializerMember.from_dict(by_member_item_data)

            by_member.append(by_member_item)

        by_provider = []
        _by_provider = d.pop("by_provider")
        for by_provider_item_data in _by_provider:
            by_provider_item = OutputSerializerProvider.from_dict(by_provider_item_data)

            by_provider.append(by_provider_item)

        content_usage_output = cls(
            organization_id=organization_id,
            plan=plan,
            period_start=period_start,
            period_end=period_end,
            tokens_used=tokens_used,
            tokens_reserved=tokens_reserved,
            tokens_limit=tokens_limit,
            posts_used=posts_used,
            posts_limit=posts_limit,
            images_used=images_used,
            images_limit=images_limit,
            by_member=by_member,
            by_provider=by_provider,
        )

        content_usage_output.additional_properties = d
        return content_usage_output

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
