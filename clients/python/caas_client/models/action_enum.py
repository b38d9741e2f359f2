from typing import Literal

ActionEnum = Literal["approve", "request_changes", "reset", "submit"]

ACTION_ENUM_VALUES: set[ActionEnum] = {
    "approve",
    "request_changes",
    "reset",
    "submit",
}


def check_action_enum(value: str) -> ActionEnum:
    if value in ACTION_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ACTION_ENUM_VALUES!r}")
