from typing import Literal

SignatureSchemeEnum = Literal["legacy", "standard"]

SIGNATURE_SCHEME_ENUM_VALUES: set[SignatureSchemeEnum] = {
    "legacy",
    "standard",
}


def check_signature_scheme_enum(value: str) -> SignatureSchemeEnum:
    if value in SIGNATURE_SCHEME_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SIGNATURE_SCHEME_ENUM_VALUES!r}")
