from typing import Literal

ContentRegenerateResponse200Event = Literal["delta", "done", "error"]

CONTENT_REGENERATE_RESPONSE_200_EVENT_VALUES: set[ContentRegenerateResponse200Event] = {
    "delta",
    "done",
    "error",
}


def check_content_regenerate_response_200_event(value: str) -> ContentRegenerateResponse200Event:
    if value in CONTENT_REGENERATE_RESPONSE_200_EVENT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CONTENT_REGENERATE_RESPONSE_200_EVENT_VALUES!r}")
