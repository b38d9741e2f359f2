from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.connect_method_enum import ConnectMethodEnum, check_connect_method_enum
from ..models.network_enum import NetworkEnum, check_network_enum

T = TypeVar("T", bound="Network")


@_attrs_define
class Network:
    """
    Attributes:
        network (NetworkEnum): * `x` - X
            * `linkedin` - LinkedIn
            * `mastodon` - Mastodon
            * `bluesky` - Bluesky
        name (str):
        connect_method (ConnectMethodEnum): * `oauth2_pkce` - oauth2_pkce
            * `oauth2_instance` - oauth2_instance
            * `app_password` - app_password
        available (bool):
        reason (str): Why the network is unavailable on this server.
    """

    network: NetworkEnum
    name: str
    connect_method: ConnectMethodEnum
    available: bool
    reason: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        network: str = self.network

        name = self.name

        connect_method: str = self.connect_method

        available = self.available

        reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "network": network,
                "name": name,
                "connect_method": connect_method,
                "available": available,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        network = check_network_enum(d.pop("network"))

        name = d.pop("name")

        connect_method = check_connect_method_enum(d.pop("connect_method"))

        available = d.pop("available")

        reason = d.pop("reason")

        network = cls(
            network=network,
            name=name,
            connect_method=connect_method,
            available=available,
            reason=reason,
        )

        network.additional_properties = d
        return network

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
