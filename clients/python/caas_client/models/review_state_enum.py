from typing import Literal

ReviewStateEnum = Literal["approved", "changes_requested", "draft", "in_review"]

REVIEW_STATE_ENUM_VALUES: set[ReviewStateEnum] = {
    "approved",
    "changes_requested",
    "draft",
    "in_review",
}


def check_review_state_enum(value: str) -> ReviewStateEnum:
    if value in REVIEW_STATE_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {REVIEW_STATE_ENUM_VALUES!r}")
