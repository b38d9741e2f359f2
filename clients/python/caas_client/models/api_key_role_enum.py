from typing import Literal

ApiKeyRoleEnum = Literal["editor", "viewer"]

API_KEY_ROLE_ENUM_VALUES: set[ApiKeyRoleEnum] = {
    "editor",
    "viewer",
}


def check_api_key_role_enum(value: str) -> ApiKeyRoleEnum:
    if value in API_KEY_ROLE_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {API_KEY_ROLE_ENUM_VALUES!r}")
