from typing import Literal

FrequencyEnum = Literal["daily", "monthly", "weekly"]

FREQUENCY_ENUM_VALUES: set[FrequencyEnum] = {
    "daily",
    "monthly",
    "weekly",
}


def check_frequency_enum(value: str) -> FrequencyEnum:
    if value in FREQUENCY_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {FREQUENCY_ENUM_VALUES!r}")
