"""Media to attach in tests: PNG bytes made with Pillow, a media library row made by the library's own
service (``media_create``), and the media storage on a temporary folder (filesystem storage)."""

import io

import pytest
from PIL import Image

from apps.media.models import Media
from apps.media.services import media_create

# An MP4 file's first box as the library recognises it (``ftyp``, brand ``isom``): a video.
MP4_BYTES = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 64


def png_bytes(
    width: int = 120, height: int = 120, color: tuple[int, int, int] = (200, 40, 40), image_format: str = "PNG"
) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format=image_format)
    return buffer.getvalue()


def jpeg_bytes(width: int = 120, height: int = 120) -> bytes:
    return png_bytes(width, height, image_format="JPEG")


def make_media(
    workspace, user, *, width: int = 120, height: int = 120, alt_text: str = "", data=None, jpeg: bool = False
) -> Media:
    """A ready image of ``workspace`` (PNG; ``jpeg``: JPEG, the one format Instagram takes)."""
    return media_create(
        workspace=workspace,
        created_by=user,
        data=data if data is not None else png_bytes(width, height, image_format="JPEG" if jpeg else "PNG"),
        filename="picture.jpg" if jpeg else "picture.png",
        alt_text=alt_text,
    )


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """The media storage on this test's own folder (never the checkout's media/)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "media": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": "/media/"},
        },
    }
    return tmp_path / "media"
