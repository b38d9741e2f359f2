from typing import Literal

ChannelsListState = Literal["active", "disconnected", "reconnect_required"]

CHANNELS_LIST_STATE_VALUES: set[ChannelsListState] = {
    "active",
    "disconnected",
    "reconnect_required",
}


def check_channels_list_state(value: str) -> ChannelsListState:
    if value in CHANNELS_LIST_STATE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CHANNELS_LIST_STATE_VALUES!r}")
