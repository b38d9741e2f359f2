from typing import Literal

GranularityEnum = Literal["day", "week"]

GRANULARITY_ENUM_VALUES: set[GranularityEnum] = {
    "day",
    "week",
}


def check_granularity_enum(value: str) -> GranularityEnum:
    if value in GRANULARITY_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {GRANULARITY_ENUM_VALUES!r}")
