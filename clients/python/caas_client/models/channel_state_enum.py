from typing import Literal

ChannelStateEnum = Literal["active", "disconnected", "reconnect_required"]

CHANNEL_STATE_ENUM_VALUES: set[ChannelStateEnum] = {
    "active",
    "disconnected",
    "reconnect_required",
}


def check_channel_state_enum(value: str) -> ChannelStateEnum:
    if value in CHANNEL_STATE_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CHANNEL_STATE_ENUM_VALUES!r}")
