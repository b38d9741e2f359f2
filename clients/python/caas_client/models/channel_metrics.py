from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ChannelMetrics")


@_attrs_define
class ChannelMetrics:
    """
    Attributes:
        channel_id (UUID):
        network (str):
        handle (str):
        state (str):
        posts (int): Posts published through the channel.
        likes (int | None): Sum of each post's latest reading.
        reposts (int | None):
        replies (int | None):
        impressions (int | None):
    """

    channel_id: UUID
    network: str
    handle: str
    state: str
    posts: int
    likes: int | None
    reposts: int | None
    replies: int | None
    impressions: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        channel_id = str(self.channel_id)

        network = self.network

        handle = self.handle

        state = self.state

        posts = self.posts

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
                "channel_id": channel_id,
                "network": network,
                "handle": handle,
                "state": state,
                "posts": posts,
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
        channel_id = UUID(d.pop("channel_id"))

        network = d.pop("network")

        handle = d.pop("handle")

        state = d.pop("state")

        posts = d.pop("posts")

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

        channel_metrics = cls(
            channel_id=channel_id,
            network=network,
            handle=handle,
            state=state,
            posts=posts,
            likes=likes,
            reposts=reposts,
            replies=replies,
            impressions=impressions,
        )

        channel_metrics.additional_properties = d
        return channel_metrics

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
