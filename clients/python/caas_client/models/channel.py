from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.channel_state_enum import ChannelStateEnum, check_channel_state_enum
from ..models.network_enum import NetworkEnum, check_network_enum

T = TypeVar("T", bound="Channel")


@_attrs_define
class Channel:
    """
    Attributes:
        id (UUID):
        organization_id (UUID):
        workspace_id (UUID):
        network (NetworkEnum): * `x` - X
            * `linkedin` - LinkedIn
            * `mastodon` - Mastodon
            * `bluesky` - Bluesky
        account_id (str): X user id, LinkedIn URN, Mastodon account id or Bluesky DID.
        handle (str):
        display_name (str):
        avatar_url (str):
        instance_url (str): Mastodon instance or Bluesky PDS; blank otherwise.
        scopes (list[str]):
        state (ChannelStateEnum): * `active` - Active
            * `reconnect_required` - Reconnect required
            * `disconnected` - Disconnected
        state_reason (str): Why the channel needs reconnecting.
        token_expires_at (datetime.datetime | None): null: the token does not expire.
        connected_by (None | UUID):
        connected_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: UUID
    organization_id: UUID
    workspace_id: UUID
    network: NetworkEnum
    account_id: str
    handle: str
    display_name: str
    avatar_url: str
    instance_url: str
    scopes: list[str]
    state: ChannelStateEnum
    state_reason: str
    token_expires_at: datetime.datetime | None
    connected_by: None | UUID
    connected_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        organization_id = str(self.organization_id)

        workspace_id = str(self.workspace_id)

        network: str = self.network

        account_id = self.account_id

        handle = self.handle

        display_name = self.display_name

        avatar_url = self.avatar_url

        instance_url = self.instance_url

        scopes = self.scopes

        state: str = self.state

        state_reason = self.state_reason

        token_expires_at: None | str
        if isinstance(self.token_expires_at, datetime.datetime):
            token_expires_at = self.token_expires_at.isoformat()
        else:
            token_expires_at = self.token_expires_at

        connected_by: None | str
        if isinstance(self.connected_by, UUID):
            connected_by = str(self.connected_by)
        else:
            connected_by = self.connected_by

        connected_at = self.connected_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "organization_id": organization_id,
                "workspace_id": workspace_id,
                "network": network,
                "account_id": account_id,
                "handle": handle,
                "display_name": display_name,
                "avatar_url": avatar_url,
                "instance_url": instance_url,
                "scopes": scopes,
                "state": state,
                "state_reason": state_reason,
                "token_expires_at": token_expires_at,
                "connected_by": connected_by,
                "connected_at": connected_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        organization_id = UUID(d.pop("organization_id"))

        workspace_id = UUID(d.pop("workspace_id"))

        network = check_network_enum(d.pop("network"))

        account_id = d.pop("account_id")

        handle = d.pop("handle")

        display_name = d.pop("display_name")

        avatar_url = d.pop("avatar_url")

        instance_url = d.pop("instance_url")

        scopes = cast(list[str], d.pop("scopes"))

        state = check_channel_state_enum(d.pop("state"))

        state_reason = d.pop("state_reason")

        def _parse_token_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                token_expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return token_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        token_expires_at = _parse_token_expires_at(d.pop("token_expires_at"))

        def _parse_connected_by(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                connected_by_type_0 = UUID(data)

                return connected_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        connected_by = _parse_connected_by(d.pop("connected_by"))

        connected_at = datetime.datetime.fromisoformat(d.pop("connected_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        channel = cls(
            id=id,
            organization_id=organization_id,
            workspace_id=workspace_id,
            network=network,
            account_id=account_id,
            handle=handle,
            display_name=display_name,
            avatar_url=avatar_url,
            instance_url=instance_url,
            scopes=scopes,
            state=state,
            state_reason=state_reason,
            token_expires_at=token_expires_at,
            connected_by=connected_by,
            connected_at=connected_at,
            updated_at=updated_at,
        )

        channel.additional_properties = d
        return channel

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
