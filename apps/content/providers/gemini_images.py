"""Gemini Imagen via the official ``google-genai`` SDK: ``client.aio.models.generate_images``.

In the installed SDK (google-genai 3.x) ``generate_images`` speaks the Vertex AI ``:predict`` API
only, so the client is made with ``vertexai=True`` and an API key (Vertex AI "express mode"):
GEMINI_IMAGE_API_KEY, else GEMINI_API_KEY; GEMINI_BASE_URL as for text; GEMINI_IMAGE_MODEL. Google
has deprecated the method in favour of image models behind ``generate_content`` (the SDK warns;
not before 2027-01-01): switching is this module only. An image the provider filters out (its
Responsible-AI filter) comes back without bytes, with ``raiFilteredReason``, or not at all: 422
``image_refused`` here.
"""

import time
import warnings

import httpx2
from django.conf import settings
from google import genai
from google.genai import types

from apps.content.providers.base import AIImageRefused, AIProviderError, LoopClientCache, call_with_retries
from apps.content.providers.gemini_provider import _map_error
from apps.content.providers.image_base import ImageProvider, ImageRequest, ImageResult

NAME = "gemini"
ASPECT_RATIOS = {"square": "1:1", "landscape": "4:3", "portrait": "3:4"}

# The SDK's deprecation notice of generate_images, once per call: known, documented above.
warnings.filterwarnings("ignore", message=r"The generate_images method is deprecated")

_clients = LoopClientCache()


def _client():
    key = settings.GEMINI_IMAGE_API_KEY or settings.GEMINI_API_KEY
    return _clients.get(
        (key, settings.GEMINI_BASE_URL, settings.AI_TIMEOUT_SECONDS),
        lambda: genai.Client(
            vertexai=True,
            api_key=key,
            http_options=types.HttpOptions(
                base_url=settings.GEMINI_BASE_URL or None,
                timeout=int(settings.AI_TIMEOUT_SECONDS * 1000),  # milliseconds
                async_client_args={"transport": httpx2.AsyncHTTPTransport()},
            ),
        ),
    ).aio


class GeminiImageProvider(ImageProvider):
    name = NAME

    def __init__(self) -> None:
        self.model = settings.GEMINI_IMAGE_MODEL

    async def generate_image(self, request: ImageRequest) -> ImageResult:
        client = _client()
        config = types.GenerateImagesConfig(
            number_of_images=1,
            aspect_ratio=ASPECT_RATIOS[request.shape],
            include_rai_reason=True,
            output_mime_type="image/png",
        )

        async def once():
            try:
                return await client.models.generate_images(model=self.model, prompt=request.prompt, config=config)
            except Exception as exc:
                raise _map_error(exc) from exc

        started = time.monotonic()
        response = await call_with_retries(once)
        generated = (response.generated_images or [None])[0]
        image = generated.image if generated is not None else None
        if image is None or not image.image_bytes:
            reason = generated.rai_filtered_reason if generated is not None else None
            if generated is None or reason:
                raise AIImageRefused(details={"reason": reason or "filtered"})
            raise AIProviderError("The AI provider returned no image.")
        return ImageResult(
            data=image.image_bytes,
            provider=NAME,
            model=self.model,
            revised_prompt=generated.enhanced_prompt or "",
            latency_ms=int((time.monotonic() - started) * 1000),
        )
