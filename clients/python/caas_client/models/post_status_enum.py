from typing import Literal

PostStatusEnum = Literal["cancelled", "failed", "pending", "published", "queued"]

POST_STATUS_ENUM_VALUES: set[PostStatusEnum] = {
    "cancelled",
    "failed",
    "pending",
    "published",
    "queued",
}


def check_post_status_enum(value: str) -> PostStatusEnum:
    if value in POST_STATUS_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {POST_STATUS_ENUM_VALUES!r}")
