"""The offline image provider: a deterministic placeholder drawn with Pillow, no network.

The default when no AI key is configured, so the embedded setup generates images out of the box.
It is never mistaken for AI output: the picture says "OFFLINE PLACEHOLDER" in a banner, its colours
come from the SHA-256 of the prompt (the same prompt gives the same JPEG, byte for byte), and the
prompt is written on it, wrapped. JPEG, because that is the one format every network takes (Instagram
takes nothing else: docs/content.md#media-rules). Sizes as OpenAI's: 1024x1024, 1536x1024, 1024x1536.
"""

import asyncio
import hashlib
import io
import textwrap
import time

from PIL import Image, ImageDraw, ImageFont

from apps.content.providers.image_base import ImageProvider, ImageRequest, ImageResult

NAME = "offline"
MODEL = "offline-placeholder-v1"
SIZES = {"square": (1024, 1024), "landscape": (1536, 1024), "portrait": (1024, 1536)}
LABEL = "OFFLINE PLACEHOLDER - no AI provider configured"
_MAX_LINES = 12


def _colours(prompt: str) -> tuple[tuple[int, int, int], tuple[int, int, int], tuple[int, int, int]]:
    """Background, band and text colours from the prompt's hash (text: black or white, readable)."""
    digest = hashlib.sha256(prompt.encode("utf-8")).digest()
    background = (digest[0], digest[1], digest[2])
    band = (digest[3], digest[4], digest[5])
    luminance = 0.299 * background[0] + 0.587 * background[1] + 0.114 * background[2]
    return background, band, (0, 0, 0) if luminance > 140 else (255, 255, 255)


def placeholder_jpeg(*, prompt: str, shape: str = "square") -> bytes:
    """The placeholder's JPEG bytes (deterministic for a prompt and a shape)."""
    width, height = SIZES.get(shape, SIZES["square"])
    background, band, ink = _colours(prompt)
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height - height // 6, width, height), fill=band)
    draw.rectangle((0, 0, width, 96), fill=(20, 20, 20))
    draw.text((32, 24), LABEL, fill=(255, 255, 255), font=ImageFont.load_default(size=40))
    lines = textwrap.wrap(prompt, width=max(20, width // 28))[:_MAX_LINES]
    draw.multiline_text((48, 160), "\n".join(lines), fill=ink, font=ImageFont.load_default(size=44), spacing=12)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90)
    return out.getvalue()


class OfflineImageProvider(ImageProvider):
    name = NAME
    model = MODEL

    async def generate_image(self, request: ImageRequest) -> ImageResult:
        started = time.monotonic()
        # Drawing is CPU work: off the event loop, so other requests go on meanwhile.
        data = await asyncio.to_thread(placeholder_jpeg, prompt=request.prompt, shape=request.shape)
        return ImageResult(
            data=data,
            provider=NAME,
            model=MODEL,
            revised_prompt="",
            latency_ms=int((time.monotonic() - started) * 1000),
        )
