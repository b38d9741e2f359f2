from typing import Literal

PlatformEnum = Literal["facebook", "instagram", "linkedin", "threads", "twitter"]

PLATFORM_ENUM_VALUES: set[PlatformEnum] = {
    "facebook",
    "instagram",
    "linkedin",
    "threads",
    "twitter",
}


def check_platform_enum(value: str) -> PlatformEnum:
    if value in PLATFORM_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PLATFORM_ENUM_VALUES!r}")
