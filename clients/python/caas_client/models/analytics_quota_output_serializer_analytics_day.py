from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AnalyticsQuotaOutputSerializerAnalyticsDay")


@_attrs_define
class AnalyticsQuotaOutputSerializerAnalyticsDay:
    """
    Attributes:
        date (datetime.date):
        tokens (int):
        posts (int):
    """

    date: datetime.date
    tokens: int
    posts: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        date = self.date.isoformat()

        tokens = self.tokens

        posts = self.posts

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "date": date,
                "tokens": tokens,
                "posts": posts,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))

        tokens = d.pop("tokens")

        posts = d.pop("posts")

        analytics_quota_output_serializer_analytics_day = cls(
            date=date,
            tokens=tokens,
            posts=posts,
        )

        analytics_quota_output_serializer_analytics_day.additional_properties = d
        return analytics_quota_output_serializer_analytics_day

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
