from typing import Literal

ContentListPlatform = Literal["facebook", "instagram", "linkedin", "threads", "twitter"]

CONTENT_LIST_PLATFORM_VALUES: set[ContentListPlatform] = {
    "facebook",
    "instagram",
    "linkedin",
    "threads",
    "twitter",
}


def check_content_list_platform(value: str) -> ContentListPlatform:
    if value in CONTENT_LIST_PLATFORM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CONTENT_LIST_PLATFORM_VALUES!r}")
