from typing import Literal

ReadSourceEnum = Literal["primary", "replica"]

READ_SOURCE_ENUM_VALUES: set[ReadSourceEnum] = {
    "primary",
    "replica",
}


def check_read_source_enum(value: str) -> ReadSourceEnum:
    if value in READ_SOURCE_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {READ_SOURCE_ENUM_VALUES!r}")
