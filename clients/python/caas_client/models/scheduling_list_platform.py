from typing import Literal

SchedulingListPlatform = Literal["facebook", "instagram", "linkedin", "threads", "twitter"]

SCHEDULING_LIST_PLATFORM_VALUES: set[SchedulingListPlatform] = {
    "facebook",
    "instagram",
    "linkedin",
    "threads",
    "twitter",
}


def check_scheduling_list_platform(value: str) -> SchedulingListPlatform:
    if value in SCHEDULING_LIST_PLATFORM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SCHEDULING_LIST_PLATFORM_VALUES!r}")
