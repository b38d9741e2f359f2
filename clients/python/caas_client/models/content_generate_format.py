from typing import Literal

ContentGenerateFormat = Literal["json", "sse"]

CONTENT_GENERATE_FORMAT_VALUES: set[ContentGenerateFormat] = {
    "json",
    "sse",
}


def check_content_generate_format(value: str) -> ContentGenerateFormat:
    if value in CONTENT_GENERATE_FORMAT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CONTENT_GENERATE_FORMAT_VALUES!r}")
