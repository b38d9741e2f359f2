from typing import Literal

ContentRegenerateFormat = Literal["json", "sse"]

CONTENT_REGENERATE_FORMAT_VALUES: set[ContentRegenerateFormat] = {
    "json",
    "sse",
}


def check_content_regenerate_format(value: str) -> ContentRegenerateFormat:
    if value in CONTENT_REGENERATE_FORMAT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CONTENT_REGENERATE_FORMAT_VALUES!r}")
