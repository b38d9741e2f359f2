from typing import Literal

NetworkEnum = Literal["bluesky", "linkedin", "mastodon", "x"]

NETWORK_ENUM_VALUES: set[NetworkEnum] = {
    "bluesky",
    "linkedin",
    "mastodon",
    "x",
}


def check_network_enum(value: str) -> NetworkEnum:
    if value in NETWORK_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {NETWORK_ENUM_VALUES!r}")
