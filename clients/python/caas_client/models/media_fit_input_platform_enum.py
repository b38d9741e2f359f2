from typing import Literal

MediaFitInputPlatformEnum = Literal["bluesky", "facebook", "instagram", "linkedin", "mastodon", "threads", "twitter"]

MEDIA_FIT_INPUT_PLATFORM_ENUM_VALUES: set[MediaFitInputPlatformEnum] = {
    "bluesky",
    "facebook",
    "instagram",
    "linkedin",
    "mastodon",
    "threads",
    "twitter",
}


def check_media_fit_input_platform_enum(value: str) -> MediaFitInputPlatformEnum:
    if value in MEDIA_FIT_INPUT_PLATFORM_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {MEDIA_FIT_INPUT_PLATFORM_ENUM_VALUES!r}")
