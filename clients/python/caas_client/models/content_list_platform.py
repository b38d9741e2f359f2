from typing import Literal

ContentListPlatform = Literal["bluesky", "facebook", "instagram", "linkedin", "mastodon", "threads", "twitter"]

CONTENT_LIST_PLATFORM_VALUES: set[ContentListPlatform] = {
    "bluesky",
    "facebook",
    "instagram",
    "linkedin",
    "mastodon",
    "threads",
    "twitter",
}


def check_content_list_platform(value: str) -> ContentListPlatform:
    if value in CONTENT_LIST_PLATFORM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CONTENT_LIST_PLATFORM_VALUES!r}")
