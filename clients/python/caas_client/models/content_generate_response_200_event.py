from typing import Literal

ContentGenerateResponse200Event = Literal["delta", "done", "error"]

CONTENT_GENERATE_RESPONSE_200_EVENT_VALUES: set[ContentGenerateResponse200Event] = {
    "delta",
    "done",
    "error",
}


def check_content_generate_response_200_event(value: str) -> ContentGenerateResponse200Event:
    if value in CONTENT_GENERATE_RESPONSE_200_EVENT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CONTENT_GENERATE_RESPONSE_200_EVENT_VALUES!r}")
