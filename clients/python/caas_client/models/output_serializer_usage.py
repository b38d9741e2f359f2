from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.limit import Limit
    from ..models.members import Members
    from ..models.metered import Metered


T = TypeVar("T", bound="OutputSerializerUsage")


@_attrs_define
class OutputSerializerUsage:
    """
    Attributes:
        period_start (datetime.datetime):
        resets_at (datetime.datetime):
        tokens (Metered):
        posts (Metered):
        images (Metered):
        workspaces (Limit):
        members (Members):
        storage (Limit):
    """

    period_start: datetime.datetime
    resets_at: datetime.datetime
    tokens: Metered
    posts: Metered
    images: Metered
    workspaces: Limit
    members: Members
    storage: Limit
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        period_start = self.period_start.isoformat()

        resets_at = self.resets_at.isoformat()

        tokens = self.tokens.to_dict()

        posts = self.posts.to_dict()

        images = self.images.to_dict()

        workspaces = self.workspaces.to_dict()

        members = self.members.to_dict()

        storage = self.storage.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "period_start": period_start,
                "resets_at": resets_at,
                "tokens": tokens,
                "posts": posts,
                "images": images,
                "workspaces": workspaces,
                "members": members,
                "storage": storage,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.limit import Limit  # noqa: PLC0415
        from ..models.members import Members  # noqa: PLC0415
        from ..models.metered import Metered  # noqa: PLC0415

        d = dict(src_dict)
        period_start = datetime.datetime.fromisoformat(d.pop("period_start"))

        resets_at = datetime.datetime.fromisoformat(d.pop("resets_at"))

        tokens = Metered.from_dict(d.pop("tokens"))

        posts = Metered.from_dict(d.pop("posts"))

        images = Metered.from_dict(d.pop("images"))

        workspaces = Limit.from_dict(d.pop("workspaces"))

        members = Members.from_dict(d.pop("members"))

        storage = Limit.from_dict(d.pop("storage"))

        output_serializer_usage = cls(
            period_start=period_start,
            resets_at=resets_at,
            tokens=tokens,
            posts=posts,
            images=images,
            workspaces=workspaces,
            members=members,
            storage=storage,
        )

        output_serializer_usage.additional_properties = d
        return output_serializer_usage

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
