from typing import Literal

AiProviderEnum = Literal["gemini", "offline", "openai"]

AI_PROVIDER_ENUM_VALUES: set[AiProviderEnum] = {
    "gemini",
    "offline",
    "openai",
}


def check_ai_provider_enum(value: str) -> AiProviderEnum:
    if value in AI_PROVIDER_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {AI_PROVIDER_ENUM_VALUES!r}")
