from typing import Literal

MediaListSource = Literal["ai", "derivative", "upload"]

MEDIA_LIST_SOURCE_VALUES: set[MediaListSource] = {
    "ai",
    "derivative",
    "upload",
}


def check_media_list_source(value: str) -> MediaListSource:
    if value in MEDIA_LIST_SOURCE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {MEDIA_LIST_SOURCE_VALUES!r}")
