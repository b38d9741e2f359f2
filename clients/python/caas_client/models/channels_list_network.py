from typing import Literal

ChannelsListNetwork = Literal["bluesky", "linkedin", "mastodon", "x"]

CHANNELS_LIST_NETWORK_VALUES: set[ChannelsListNetwork] = {
    "bluesky",
    "linkedin",
    "mastodon",
    "x",
}


def check_channels_list_network(value: str) -> ChannelsListNetwork:
    if value in CHANNELS_LIST_NETWORK_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CHANNELS_LIST_NETWORK_VALUES!r}")
