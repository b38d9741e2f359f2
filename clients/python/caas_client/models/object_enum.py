from typing import Literal

ObjectEnum = Literal["event"]

OBJECT_ENUM_VALUES: set[ObjectEnum] = {
    "event",
}


def check_object_enum(value: str) -> ObjectEnum:
    if value in OBJECT_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {OBJECT_ENUM_VALUES!r}")
