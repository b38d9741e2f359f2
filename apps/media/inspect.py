"""What a file is, decided from its bytes alone (never the name or the Content-Type).

- Images: Pillow reads the header only (``Image.open`` is lazy) and accepts JPEG, PNG, WebP and GIF.
  The pixel count (width x height, from the header) is checked against ``MEDIA_MAX_IMAGE_PIXELS``
  before anything is decoded: a decompression bomb is refused without being decoded (Pillow's own
  ``DecompressionBombError``, raised past twice ``Image.MAX_IMAGE_PIXELS``, is answered the same).
- Videos: MP4 by its first box (``ftyp`` with an MP4 brand); the duration from ``moov/mvhd``.
- Anything else (SVG, HTML, PDF, QuickTime, a truncated header...) raises ``MediaUnsupported``.

Location metadata: ``Inspected.has_location`` says whether the image carries a GPS IFD in its EXIF
(or GPS fields in XMP); ``without_location`` re-encodes it without them (JPEG with its own
quantisation tables, ``quality="keep"``, so the picture is not degraded; XMP is not carried over).
"""

from __future__ import annotations

import io
import struct
import tempfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from PIL import ExifTags, Image, UnidentifiedImageError

from apps.media.exceptions import MediaEmpty, MediaTooManyPixels, MediaUnsupported

__all__ = ["Inspected", "MediaUnsupported", "inspect_bytes", "inspect_file", "without_location"]

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso3",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"M4V ",
    b"dash",
    b"MSNV",
}
_MAX_BOXES = 256  # top-level boxes walked looking for moov (and boxes inside it for mvhd)
_SPOOL_BYTES = 2_621_440  # a re-encoded image stays in memory up to this size, then on disk


@dataclass(frozen=True)
class Inspected:
    kind: str  # MediaKind value
    mime_type: str
    width: int | None = None
    height: int | None = None
    duration_seconds: float | None = None
    has_location: bool = False


def inspect_bytes(data: bytes) -> Inspected:
    return inspect_file(io.BytesIO(data))


def inspect_file(file: IO[bytes]) -> Inspected:
    """Inspect a seekable binary file from its start (left at an unspecified position)."""
    file.seek(0)
    head = file.read(64)
    if not head:
        raise MediaEmpty()
    if _is_mp4(head, file):
        return Inspected(kind="video", mime_type="video/mp4", duration_seconds=_mp4_duration(file))
    return _inspect_image(file)


def _is_mp4(head: bytes, file: IO[bytes]) -> bool:
    if len(head) < 16 or head[4:8] != b"ftyp":
        return False
    size = struct.unpack(">I", head[:4])[0]
    if size < 16 or size > 4096:
        return False
    file.seek(8)
    brands = file.read(size - 8)
    # major brand, minor version, then the compatible brands
    candidates = [brands[0:4]] + [brands[i : i + 4] for i in range(8, len(brands) - 3, 4)]
    return any(brand in MP4_BRANDS for brand in candidates)


def _boxes(file: IO[bytes], start: int, end: int | None):
    """(type, payload start, box end) of the boxes between ``start`` and ``end`` (None: end of file)."""
    position = start
    for _ in range(_MAX_BOXES):
        if end is not None and position + 8 > end:
            return
        file.seek(position)
        header = file.read(8)
        if len(header) < 8:
            return
        size, kind = struct.unpack(">I4s", header)
        payload = position + 8
        if size == 1:
            large = file.read(8)
            if len(large) < 8:
                return
            size, payload = struct.unpack(">Q", large)[0], position + 16
        elif size == 0:  # to the end of the file
            yield kind, payload, None
            return
        if size < 8:
            return
        yield kind, payload, position + size
        position += size


def _mp4_duration(file: IO[bytes]) -> float | None:
    for kind, payload, end in _boxes(file, 0, None):
        if kind != b"moov":
            continue
        for inner, inner_payload, _ in _boxes(file, payload, end):
            if inner == b"mvhd":
                return _mvhd_duration(file, inner_payload)
        return None
    return None


def _mvhd_duration(file: IO[bytes], payload: int) -> float | None:
    file.seek(payload)
    data = file.read(32)
    if len(data) < 20:
        return None
    if data[0] == 1:  # version 1: 64-bit times
        if len(data) < 32:
            return None
        timescale, duration = struct.unpack(">IQ", data[20:32])
    else:
        timescale, duration = struct.unpack(">II", data[12:20])
    return round(duration / timescale, 3) if timescale else None


def _inspect_image(file: IO[bytes]) -> Inspected:
    file.seek(0)
    try:
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            has_location = image_format in IMAGE_FORMATS and _has_location(image, width, height)
    except Image.DecompressionBombError as exc:
        raise MediaTooManyPixels(details={"max_pixels": settings.MEDIA_MAX_IMAGE_PIXELS}) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise MediaUnsupported() from exc
    if image_format not in IMAGE_FORMATS:
        raise MediaUnsupported(f"{image_format} images are not accepted: JPEG, PNG, WebP or GIF.")
    return Inspected(
        kind="image",
        mime_type=IMAGE_FORMATS[image_format],
        width=width,
        height=height,
        has_location=has_location,
    )


def _check_pixels(width: int, height: int) -> None:
    limit = settings.MEDIA_MAX_IMAGE_PIXELS
    if width * height > limit:
        raise MediaTooManyPixels(details={"width": width, "height": height, "max_pixels": limit})


def _has_location(image: Image.Image, width: int, height: int) -> bool:
    _check_pixels(width, height)  # before anything else is read from the file
    if ExifTags.IFD.GPSInfo in image.getexif():
        return True
    xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
    return b"GPS" in (xmp.encode() if isinstance(xmp, str) else xmp)


def without_location(file: IO[bytes]) -> IO[bytes]:
    """The image re-encoded in its own format without its GPS IFD (nor XMP): a new file, at its start."""
    file.seek(0)
    out = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)
    with Image.open(file) as image:
        exif = image.getexif()
        exif.pop(ExifTags.IFD.GPSInfo, None)
        options: dict = {"exif": exif.tobytes()}
        if image.format == "JPEG":
            options["quality"] = "keep"
        elif image.format == "WEBP":
            options.update(save_all=True, lossless=image.info.get("lossless", False), quality=95)
        elif image.format == "PNG":
            options["optimize"] = False
        image.save(out, format=image.format, **options)
    out.seek(0)
    return out
