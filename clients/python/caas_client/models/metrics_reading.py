from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.checkpoint_enum import CheckpointEnum, check_checkpoint_enum

T = TypeVar("T", bound="MetricsReading")


@_attrs_define
class MetricsReading:
    """
    Attributes:
        checkpoint (CheckpointEnum): * `1h` - 1h
            * `24h` - 24h
            * `7d` - 7d
        read_at (datetime.datetime):
        likes (int | None):
        reposts (int | None):
        replies (int | None):
        impressions (int | None): null where the network does not give it.
    """

    checkpoint: CheckpointEnum
    read_at: datetime.datetime
    likes: int | None
    reposts: int | None
    replies: int | None
    impressions: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        checkpoint: str = self.checkpoint

        read_at = self.read_at.isoformat()

        likes: int | None
        likes = self.likes

        reposts: int | None
        reposts = self.reposts

        replies: int | None
        replies = self.replies

        impressions: int | None
        impressions = self.impressions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "checkpoint": checkpoint,
                "read_at": read_at,
                "likes": likes,
                "reposts": reposts,
                "replies": replies,
                "impressions": impressions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        checkpoint = check_checkpoint_enum(d.pop("checkpoint"))

        read_at = datetime.datetime.fromisoformat(d.pop("read_at"))

        def _parse_likes(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        likes = _parse_likes(d.pop("likes"))

        def _parse_reposts(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        reposts = _parse_reposts(d.pop("reposts"))

        def _parse_replies(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        replies = _parse_replies(d.pop("replies"))

        def _parse_impressions(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        impressions = _parse_impressions(d.pop("impressions"))

        metrics_reading = cls(
            checkpoint=checkpoint,
            read_at=read_at,
            likes=likes,
            reposts=reposts,
            replies=replies,
            impressions=impressions,
        )

        metrics_reading.additional_properties = d
        return metrics_reading

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
