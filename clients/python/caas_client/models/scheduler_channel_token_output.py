from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SchedulerChannelTokenOutput")


@_attrs_define
class SchedulerChannelTokenOutput:
    """
    Attributes:
        scheduled_post_id (UUID):
        channel_id (UUID):
        network (str):
        account_id (str):
        instance_url (str):
        access_token (str): Bearer token for the network's API. Never the refresh token.
        expires_at (datetime.datetime | None): null: the network's token does not expire.
    """

    scheduled_post_id: UUID
    channel_id: UUID
    network: str
    account_id: str
    instance_url: str
    access_token: str
    expires_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        scheduled_post_id = str(self.scheduled_post_id)

        channel_id = str(self.channel_id)

        network = self.network

        account_id = self.account_id

        instance_url = self.instance_url

        access_token = self.access_token

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "scheduled_post_id": scheduled_post_id,
                "channel_id": channel_id,
                "network": network,
                "account_id": account_id,
                "instance_url": instance_url,
                "access_token": access_token,
                "expires_at": expires_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        scheduled_post_id = UUID(d.pop("scheduled_post_id"))

        channel_id = UUID(d.pop("channel_id"))

        network = d.pop("network")

        account_id = d.pop("account_id")

        instance_url = d.pop("instance_url")

        access_token = d.pop("access_token")

        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))

        scheduler_channel_token_output = cls(
            scheduled_post_id=scheduled_post_id,
            channel_id=channel_id,
            network=network,
            account_id=account_id,
            instance_url=instance_url,
            access_token=access_token,
            expires_at=expires_at,
        )

        scheduler_channel_token_output.additional_properties = d
        return scheduler_channel_token_output

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
