from typing import Literal

EventTypesEnum = Literal[
    "channel.reconnect_required",
    "content.approved",
    "content.generated",
    "post.cancelled",
    "post.failed",
    "post.published",
    "post.scheduled",
    "quota.threshold",
    "subscription.changed",
]

EVENT_TYPES_ENUM_VALUES: set[EventTypesEnum] = {
    "channel.reconnect_required",
    "content.approved",
    "content.generated",
    "post.cancelled",
    "post.failed",
    "post.published",
    "post.scheduled",
    "quota.threshold",
    "subscription.changed",
}


def check_event_types_enum(value: str) -> EventTypesEnum:
    if value in EVENT_TYPES_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {EVENT_TYPES_ENUM_VALUES!r}")
