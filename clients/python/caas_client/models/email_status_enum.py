from typing import Literal

EmailStatusEnum = Literal["failed", "pending", "sent"]

EMAIL_STATUS_ENUM_VALUES: set[EmailStatusEnum] = {
    "failed",
    "pending",
    "sent",
}


def check_email_status_enum(value: str) -> EmailStatusEnum:
    if value in EMAIL_STATUS_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {EMAIL_STATUS_ENUM_VALUES!r}")
