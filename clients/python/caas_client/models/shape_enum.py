from typing import Literal

ShapeEnum = Literal["landscape", "portrait", "square"]

SHAPE_ENUM_VALUES: set[ShapeEnum] = {
    "landscape",
    "portrait",
    "square",
}


def check_shape_enum(value: str) -> ShapeEnum:
    if value in SHAPE_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SHAPE_ENUM_VALUES!r}")
