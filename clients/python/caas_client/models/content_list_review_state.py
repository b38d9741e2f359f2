from typing import Literal

ContentListReviewState = Literal["approved", "changes_requested", "draft", "in_review"]

CONTENT_LIST_REVIEW_STATE_VALUES: set[ContentListReviewState] = {
    "approved",
    "changes_requested",
    "draft",
    "in_review",
}


def check_content_list_review_state(value: str) -> ContentListReviewState:
    if value in CONTENT_LIST_REVIEW_STATE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CONTENT_LIST_REVIEW_STATE_VALUES!r}")
