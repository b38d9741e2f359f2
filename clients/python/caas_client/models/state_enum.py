from typing import Literal

StateEnum = Literal["pending", "ready"]

STATE_ENUM_VALUES: set[StateEnum] = {
    "pending",
    "ready",
}


def check_state_enum(value: str) -> StateEnum:
    if value in STATE_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {STATE_ENUM_VALUES!r}")
