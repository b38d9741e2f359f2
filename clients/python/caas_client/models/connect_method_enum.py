from typing import Literal

ConnectMethodEnum = Literal["app_password", "oauth2_instance", "oauth2_pkce"]

CONNECT_METHOD_ENUM_VALUES: set[ConnectMethodEnum] = {
    "app_password",
    "oauth2_instance",
    "oauth2_pkce",
}


def check_connect_method_enum(value: str) -> ConnectMethodEnum:
    if value in CONNECT_METHOD_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CONNECT_METHOD_ENUM_VALUES!r}")
