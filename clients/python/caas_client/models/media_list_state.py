from typing import Literal

MediaListState = Literal["pending", "ready"]

MEDIA_LIST_STATE_VALUES: set[MediaListState] = {
    "pending",
    "ready",
}


def check_media_list_state(value: str) -> MediaListState:
    if value in MEDIA_LIST_STATE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {MEDIA_LIST_STATE_VALUES!r}")
