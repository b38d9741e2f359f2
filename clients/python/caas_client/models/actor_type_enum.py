from typing import Literal

ActorTypeEnum = Literal["anonymous", "api_key", "system", "user"]

ACTOR_TYPE_ENUM_VALUES: set[ActorTypeEnum] = {
    "anonymous",
    "api_key",
    "system",
    "user",
}


def check_actor_type_enum(value: str) -> ActorTypeEnum:
    if value in ACTOR_TYPE_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ACTOR_TYPE_ENUM_VALUES!r}")
