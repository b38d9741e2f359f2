from typing import Literal

MediaSourceEnum = Literal["ai", "derivative", "upload"]

MEDIA_SOURCE_ENUM_VALUES: set[MediaSourceEnum] = {
    "ai",
    "derivative",
    "upload",
}


def check_media_source_enum(value: str) -> MediaSourceEnum:
    if value in MEDIA_SOURCE_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {MEDIA_SOURCE_ENUM_VALUES!r}")
