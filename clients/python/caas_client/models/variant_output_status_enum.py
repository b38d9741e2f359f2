from typing import Literal

VariantOutputStatusEnum = Literal["failed", "generated", "pending"]

VARIANT_OUTPUT_STATUS_ENUM_VALUES: set[VariantOutputStatusEnum] = {
    "failed",
    "generated",
    "pending",
}


def check_variant_output_status_enum(value: str) -> VariantOutputStatusEnum:
    if value in VARIANT_OUTPUT_STATUS_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VARIANT_OUTPUT_STATUS_ENUM_VALUES!r}")
