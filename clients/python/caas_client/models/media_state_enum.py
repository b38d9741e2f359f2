from typing import Literal

MediaStateEnum = Literal["pending", "ready"]

MEDIA_STATE_ENUM_VALUES: set[MediaStateEnum] = {
    "pending",
    "ready",
}


def check_media_state_enum(value: str) -> MediaStateEnum:
    if value in MEDIA_STATE_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {MEDIA_STATE_ENUM_VALUES!r}")
