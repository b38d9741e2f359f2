"""Files for the media tests, made here (no fixture files): images by Pillow, an MP4 by its boxes,
and the hostile ones (SVG, HTML, a PNG whose header claims billions of pixels); and the fixture that
puts the media storage on a temporary directory (never the checkout's media/)."""

import io
import struct
import zlib

import pytest
from PIL import ExifTags, Image


def image_bytes(*, size: tuple[int, int] = (64, 48), fmt: str = "PNG", color: str = "red", exif=None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    options = {"exif": exif} if exif is not None else {}
    image.save(out, format=fmt, **options)
    return out.getvalue()


def jpeg_with_gps(size: tuple[int, int] = (80, 60)) -> bytes:
    """A JPEG whose EXIF carries a camera model and a GPS position (Paris)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = "TestCam"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (48.0, 51.0, 24.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (2.0, 21.0, 7.0),
    }
    return image_bytes(size=size, fmt="JPEG", exif=exif)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A valid PNG header claiming ``width`` x ``height`` pixels (10 billion by default), a few bytes of
    data: decoding it would need tens of gigabytes."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels) + _chunk(b"IEND", b"")


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def mp4_bytes(*, seconds: int = 12, padding: int = 1024) -> bytes:
    """An MP4 container: ftyp (isom), moov with an mvhd of ``seconds`` (timescale 1000), an mdat."""
    ftyp = _box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2avc1mp41")
    mvhd = _box(b"mvhd", bytes(4) + struct.pack(">IIII", 0, 0, 1000, seconds * 1000) + bytes(80))
    return ftyp + _box(b"moov", mvhd) + _box(b"mdat", bytes(padding))


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


@pytest.fixture
def media_in_tmp(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "media": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media", "base_url": "/media/"},
        },
    }
    return tmp_path / "media"
