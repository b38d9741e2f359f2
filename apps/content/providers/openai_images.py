"""OpenAI Images via the official ``openai`` SDK: ``client.images.generate`` on the async client.

The same client as text (``openai_provider._client``: OPENAI_API_KEY, OPENAI_BASE_URL, the SDK's
retries off, ``call_with_retries`` instead) and OPENAI_IMAGE_MODEL. The image comes back as
``b64_json`` (GPT image models always answer so; DALL·E models are asked for it). A request the
provider's safety system blocks is a 400 whose error code is ``moderation_blocked`` (GPT image
models) or ``content_policy_violation`` (DALL·E): 422 ``image_refused`` here.
"""

import base64
import binascii
import time

import openai
from django.conf import settings

from apps.content.providers.base import AIImageRefused, AIProviderError, call_with_retries
from apps.content.providers.image_base import ImageProvider, ImageRequest, ImageResult
from apps.content.providers.openai_provider import _client, _map_error

NAME = "openai"
SIZES = {"square": "1024x1024", "landscape": "1536x1024", "portrait": "1024x1536"}
DALL_E_SIZES = {"square": "1024x1024", "landscape": "1792x1024", "portrait": "1024x1792"}
REFUSAL_CODES = {"moderation_blocked", "content_policy_violation"}


def _refused(exc: openai.OpenAIError) -> bool:
    return isinstance(exc, openai.BadRequestError) and getattr(exc, "code", None) in REFUSAL_CODES


class OpenAIImageProvider(ImageProvider):
    name = NAME

    def __init__(self) -> None:
        self.model = settings.OPENAI_IMAGE_MODEL

    def _params(self, request: ImageRequest) -> dict:
        params = {"model": self.model, "prompt": request.prompt, "n": 1}
        if self.model.startswith("dall-e"):
            params |= {"response_format": "b64_json", "size": DALL_E_SIZES[request.shape]}
        else:
            params["size"] = SIZES[request.shape]
        return params

    async def generate_image(self, request: ImageRequest) -> ImageResult:
        params, client = self._params(request), _client()

        async def once():
            try:
                return await client.images.generate(**params)
            except openai.OpenAIError as exc:
                if _refused(exc):
                    raise AIImageRefused(details={"upstream_code": exc.code}) from exc
                raise _map_error(exc) from exc

        started = time.monotonic()
        response = await call_with_retries(once)
        image = response.data[0] if response.data else None
        if image is None or not image.b64_json:
            raise AIProviderError("The AI provider returned no image.")
        try:
            data = base64.b64decode(image.b64_json, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise AIProviderError("The AI provider returned an unreadable image.") from exc
        return ImageResult(
            data=data,
            provider=NAME,
            model=self.model,
            revised_prompt=image.revised_prompt or "",
            latency_ms=int((time.monotonic() - started) * 1000),
        )
