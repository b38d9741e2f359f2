from typing import Literal

SchedulingListStatus = Literal["cancelled", "failed", "pending", "published", "queued"]

SCHEDULING_LIST_STATUS_VALUES: set[SchedulingListStatus] = {
    "cancelled",
    "failed",
    "pending",
    "published",
    "queued",
}


def check_scheduling_list_status(value: str) -> SchedulingListStatus:
    if value in SCHEDULING_LIST_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SCHEDULING_LIST_STATUS_VALUES!r}")
