from typing import Literal

DeliveryOutputStatusEnum = Literal["delivered", "failed", "pending"]

DELIVERY_OUTPUT_STATUS_ENUM_VALUES: set[DeliveryOutputStatusEnum] = {
    "delivered",
    "failed",
    "pending",
}


def check_delivery_output_status_enum(value: str) -> DeliveryOutputStatusEnum:
    if value in DELIVERY_OUTPUT_STATUS_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DELIVERY_OUTPUT_STATUS_ENUM_VALUES!r}")
