from typing import Literal

MediaListKind = Literal["image", "video"]

MEDIA_LIST_KIND_VALUES: set[MediaListKind] = {
    "image",
    "video",
}


def check_media_list_kind(value: str) -> MediaListKind:
    if value in MEDIA_LIST_KIND_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {MEDIA_LIST_KIND_VALUES!r}")
