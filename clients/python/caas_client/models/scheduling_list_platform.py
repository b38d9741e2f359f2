from typing import Literal

SchedulingListPlatform = Literal["bluesky", "facebook", "instagram", "linkedin", "mastodon", "threads", "twitter"]

SCHEDULING_LIST_PLATFORM_VALUES: set[SchedulingListPlatform] = {
    "bluesky",
    "facebook",
    "instagram",
    "linkedin",
    "mastodon",
    "threads",
    "twitter",
}


def check_scheduling_list_platform(value: str) -> SchedulingListPlatform:
    if value in SCHEDULING_LIST_PLATFORM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SCHEDULING_LIST_PLATFORM_VALUES!r}")
