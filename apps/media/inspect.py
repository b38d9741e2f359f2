"""What a file is, decided from its bytes alone (never the name or the Content-Type).

Minimal first cut (the skeleton): Pillow for JPEG, PNG, WebP and GIF; MP4 by its ``ftyp`` box.
Anything else raises ``MediaUnsupported``. Hardened by the media library work (pixel bound, GPS
stripping, video duration).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
MP4_BRANDS = {b"isom", b"iso2", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash"}


class MediaUnsupported(Exception):
    """The bytes are not an image or a video we accept."""


@dataclass(frozen=True)
class Inspected:
    kind: str  # MediaKind value
    mime_type: str
    width: int | None = None
    height: int | None = None
    duration_seconds: float | None = None


def inspect_bytes(data: bytes) -> Inspected:
    if len(data) >= 12 and data[4:8] == b"ftyp" and data[8:12] in MP4_BRANDS:
        return Inspected(kind="video", mime_type="video/mp4")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            width, height = image.size
    except (UnidentifiedImageError, OSError) as exc:
        raise MediaUnsupported("not a JPEG, PNG, WebP, GIF or MP4 file") from exc
    if image_format not in IMAGE_FORMATS:
        raise MediaUnsupported(f"{image_format} images are not accepted")
    return Inspected(kind="image", mime_type=IMAGE_FORMATS[image_format], width=width, height=height)
