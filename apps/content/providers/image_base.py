"""The interface every image provider implements, its request and result, and its refusal error."""

from dataclasses import dataclass

# The shapes an image may be asked in (each provider maps them to its sizes or aspect ratios).
IMAGE_SHAPES = ("square", "landscape", "portrait")


@dataclass(frozen=True)
class ImageRequest:
    prompt: str
    shape: str = "square"


@dataclass(frozen=True)
class ImageResult:
    data: bytes
    provider: str
    model: str
    revised_prompt: str  # the provider's rewrite of the prompt ("" when it reports none)
    latency_ms: int


class ImageProvider:
    """Base of the image providers: ``generate_image`` answers one image's bytes."""

    name: str = ""
    model: str = ""

    async def generate_image(self, request: ImageRequest) -> ImageResult:  # pragma: no cover - interface
        raise NotImplementedError
