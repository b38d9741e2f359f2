from typing import Literal

ContentListArchived = Literal["exclude", "include", "only"]

CONTENT_LIST_ARCHIVED_VALUES: set[ContentListArchived] = {
    "exclude",
    "include",
    "only",
}


def check_content_list_archived(value: str) -> ContentListArchived:
    if value in CONTENT_LIST_ARCHIVED_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CONTENT_LIST_ARCHIVED_VALUES!r}")
