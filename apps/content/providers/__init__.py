"""The AI providers behind one interface, and which of them this server has configured."""

from django.conf import settings

from apps.content.providers.base import (
    AIContentRefused,
    AIProvider,
    AIProviderError,
    AIProviderNotConfigured,
    AITimeout,
    GenerationRequest,
    GenerationResult,
    Message,
)

PROVIDER_NAMES = ("openai", "gemini", "offline")

__all__ = [
    "PROVIDER_NAMES",
    "AIContentRefused",
    "AIProvider",
    "AIProviderError",
    "AIProviderNotConfigured",
    "AITimeout",
    "GenerationRequest",
    "GenerationResult",
    "Message",
    "provider_default_name",
    "provider_fallback_name",
    "provider_get",
    "provider_is_configured",
]


def provider_is_configured(name: str) -> bool:
    if name == "openai":
        return bool(settings.OPENAI_API_KEY)
    if name == "gemini":
        return bool(settings.GEMINI_API_KEY)
    return name == "offline"


def provider_default_name() -> str:
    """OpenAI when its key is set, else Gemini when its key is set, else offline."""
    for name in ("openai", "gemini"):
        if provider_is_configured(name):
            return name
    return "offline"


def provider_fallback_name(primary: str) -> str | None:
    """AI_FALLBACK_PROVIDER when it is set, configured and not the primary itself."""
    fallback = (settings.AI_FALLBACK_PROVIDER or "").strip().lower()
    if not fallback or fallback == primary or fallback not in PROVIDER_NAMES or not provider_is_configured(fallback):
        return None
    return fallback


def provider_get(name: str) -> AIProvider:
    """The provider called ``name``; 503 ai_provider_not_configured when its key is missing."""
    if name not in PROVIDER_NAMES:
        raise AIProviderNotConfigured(f"Unknown AI provider {name!r}.")
    if not provider_is_configured(name):
        raise AIProviderNotConfigured(
            f"The AI provider {name!r} is not configured on this server.",
            details={"provider": name, "configured": [n for n in PROVIDER_NAMES if provider_is_configured(n)]},
        )
    if name == "openai":
        from apps.content.providers.openai_provider import OpenAIProvider

        return OpenAIProvider()
    if name == "gemini":
        from apps.content.providers.gemini_provider import GeminiProvider

        return GeminiProvider()
    from apps.content.providers.offline import OfflineProvider

    return OfflineProvider()
