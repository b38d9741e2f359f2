from typing import Literal

MediaFitInputPlatformEnum = Literal["facebook", "instagram", "linkedin", "threads", "twitter"]

MEDIA_FIT_INPUT_PLATFORM_ENUM_VALUES: set[MediaFitInputPlatformEnum] = {
    "facebook",
    "instagram",
    "linkedin",
    "threads",
    "twitter",
}


def check_media_fit_input_platform_enum(value: str) -> MediaFitInputPlatformEnum:
    if value in MEDIA_FIT_INPUT_PLATFORM_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {MEDIA_FIT_INPUT_PLATFORM_ENUM_VALUES!r}")
