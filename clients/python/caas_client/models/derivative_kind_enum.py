from typing import Literal

DerivativeKindEnum = Literal["fit_crop", "fit_pad", "thumbnail"]

DERIVATIVE_KIND_ENUM_VALUES: set[DerivativeKindEnum] = {
    "fit_crop",
    "fit_pad",
    "thumbnail",
}


def check_derivative_kind_enum(value: str) -> DerivativeKindEnum:
    if value in DERIVATIVE_KIND_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DERIVATIVE_KIND_ENUM_VALUES!r}")
