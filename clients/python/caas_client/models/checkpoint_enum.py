from typing import Literal

CheckpointEnum = Literal["1h", "24h", "7d"]

CHECKPOINT_ENUM_VALUES: set[CheckpointEnum] = {
    "1h",
    "24h",
    "7d",
}


def check_checkpoint_enum(value: str) -> CheckpointEnum:
    if value in CHECKPOINT_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CHECKPOINT_ENUM_VALUES!r}")
