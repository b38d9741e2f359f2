from typing import Literal

SchedulerCallbackInputStatusEnum = Literal["failed", "published"]

SCHEDULER_CALLBACK_INPUT_STATUS_ENUM_VALUES: set[SchedulerCallbackInputStatusEnum] = {
    "failed",
    "published",
}


def check_scheduler_callback_input_status_enum(value: str) -> SchedulerCallbackInputStatusEnum:
    if value in SCHEDULER_CALLBACK_INPUT_STATUS_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SCHEDULER_CALLBACK_INPUT_STATUS_ENUM_VALUES!r}")
