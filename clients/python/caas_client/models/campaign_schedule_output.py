from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.scheduled_post_output import ScheduledPostOutput


T = TypeVar("T", bound="CampaignScheduleOutput")


@_attrs_define
class CampaignScheduleOutput:
    """
    Attributes:
        scheduled_posts (list[ScheduledPostOutput]):
    """

    scheduled_posts: list[ScheduledPostOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        scheduled_posts = []
        for scheduled_posts_item_data in self.scheduled_posts:
            scheduled_posts_item = scheduled_posts_item_data.to_dict()
            scheduled_posts.append(scheduled_posts_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "scheduled_posts": scheduled_posts,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.scheduled_post_output import ScheduledPostOutput  # noqa: PLC0415

        d = dict(src_dict)
        scheduled_posts = []
        _scheduled_posts = d.pop("scheduled_posts")
        for scheduled_posts_item_data in _scheduled_posts:
            scheduled_posts_item = ScheduledPostOutput.from_dict(scheduled_posts_item_data)

            scheduled_posts.append(scheduled_posts_item)

        campaign_schedule_output = cls(
            scheduled_posts=scheduled_posts,
        )

        campaign_schedule_output.additional_properties = d
        return campaign_schedule_output

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
