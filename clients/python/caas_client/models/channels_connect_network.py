from typing import Literal

ChannelsConnectNetwork = Literal["linkedin", "mastodon", "x"]

CHANNELS_CONNECT_NETWORK_VALUES: set[ChannelsConnectNetwork] = {
    "linkedin",
    "mastodon",
    "x",
}


def check_channels_connect_network(value: str) -> ChannelsConnectNetwork:
    if value in CHANNELS_CONNECT_NETWORK_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CHANNELS_CONNECT_NETWORK_VALUES!r}")
