from typing import Literal

PlatformEnum = Literal["bluesky", "facebook", "instagram", "linkedin", "mastodon", "threads", "twitter"]

PLATFORM_ENUM_VALUES: set[PlatformEnum] = {
    "bluesky",
    "facebook",
    "instagram",
    "linkedin",
    "mastodon",
    "threads",
    "twitter",
}


def check_platform_enum(value: str) -> PlatformEnum:
    if value in PLATFORM_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PLATFORM_ENUM_VALUES!r}")
