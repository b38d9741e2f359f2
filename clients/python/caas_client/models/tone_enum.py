from typing import Literal

ToneEnum = Literal[
    "casual", "enthusiastic", "friendly", "humorous", "informative", "inspirational", "persuasive", "professional"
]

TONE_ENUM_VALUES: set[ToneEnum] = {
    "casual",
    "enthusiastic",
    "friendly",
    "humorous",
    "informative",
    "inspirational",
    "persuasive",
    "professional",
}


def check_tone_enum(value: str) -> ToneEnum:
    if value in TONE_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {TONE_ENUM_VALUES!r}")
