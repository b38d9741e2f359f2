"""AI images behind one small interface, like text: OpenAI Images, Gemini Imagen, offline.

Which provider answers follows the text rule (OpenAI when OPENAI_API_KEY is set, else Gemini when
its key is set, else the offline placeholder); asking for an unconfigured one is a 503, never a
silent switch. Each provider awaits its SDK's async client (no thread held while it works) under
the same timeout and retries as text (``call_with_retries``), and maps its SDK's errors to the same
domain errors; a refusal by the provider's safety system is ``AIImageRefused`` (422 image_refused).
"""

from django.conf import settings

from apps.content.providers.base import AIImageRefused, AIProviderNotConfigured
from apps.content.providers.image_base import IMAGE_SHAPES, ImageProvider, ImageRequest, ImageResult

IMAGE_PROVIDER_NAMES = ("openai", "gemini", "offline")

__all__ = [
    "IMAGE_PROVIDER_NAMES",
    "IMAGE_SHAPES",
    "AIImageRefused",
    "ImageProvider",
    "ImageRequest",
    "ImageResult",
    "image_provider_default_name",
    "image_provider_get",
    "image_provider_is_configured",
]


def image_provider_is_configured(name: str) -> bool:
    if name == "openai":
        return bool(settings.OPENAI_API_KEY)
    if name == "gemini":
        return bool(settings.GEMINI_IMAGE_API_KEY or settings.GEMINI_API_KEY)
    return name == "offline"


def image_provider_default_name() -> str:
    """OpenAI when its key is set, else Gemini when its key is set, else offline (as for text)."""
    for name in ("openai", "gemini"):
        if image_provider_is_configured(name):
            return name
    return "offline"


def image_provider_get(name: str | None) -> ImageProvider:
    """The image provider called ``name`` (None: the default); 503 ai_provider_not_configured
    when its key is missing."""
    name = name or image_provider_default_name()
    if name not in IMAGE_PROVIDER_NAMES:
        raise AIProviderNotConfigured(f"Unknown AI provider {name!r}.")
    if not image_provider_is_configured(name):
        raise AIProviderNotConfigured(
            f"The AI provider {name!r} is not configured on this server.",
            details={
                "provider": name,
                "configured": [n for n in IMAGE_PROVIDER_NAMES if image_provider_is_configured(n)],
            },
        )
    if name == "openai":
        from apps.content.providers.openai_images import OpenAIImageProvider

        return OpenAIImageProvider()
    if name == "gemini":
        from apps.content.providers.gemini_images import GeminiImageProvider

        return GeminiImageProvider()
    from apps.content.providers.offline_images import OfflineImageProvider

    return OfflineImageProvider()
