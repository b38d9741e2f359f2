"""Derivatives of an image, made by the worker (``apps.media.tasks``): a thumbnail of every image,
and on request a variant fitted to a network's aspect-ratio rule, padded or cropped.

A derivative is a media of its own (``media_create``: it is stored, and counts toward the
organization's storage like any object) whose ``parent`` is the original and whose
``derivative_kind`` says what it is: ``thumbnail`` (at most ``THUMBNAIL_MAX_SIDE`` px on its longest
side, WebP), ``fit_pad`` or ``fit_crop`` (the platform, the target ratio and the mode in its
``provenance``). Making one is idempotent: an original has at most one thumbnail and one fit per
(platform, mode); asking again returns the one made.
"""

from __future__ import annotations

import io
import math
import uuid

from PIL import Image, ImageOps

from apps.common.exceptions import ValidationFailed
from apps.media.exceptions import MediaFitNotNeeded, MediaNotAnImage
from apps.media.models import DerivativeKind, Media, MediaKind, MediaSource, MediaState
from apps.media.network_rules import MEDIA_RULES
from apps.media.services import media_create
from apps.media.storage import media_storage

THUMBNAIL_MAX_SIDE = 320
FIT_MODES = {"pad": DerivativeKind.FIT_PAD, "crop": DerivativeKind.FIT_CROP}
PAD_COLOUR = (255, 255, 255)


# --------------------------------------------------------------------------- pixels


def thumbnail_bytes(data: bytes, *, max_side: int = THUMBNAIL_MAX_SIDE) -> bytes:
    """A WebP of ``data`` (its first frame, upright) whose longest side is at most ``max_side``."""
    with Image.open(io.BytesIO(data)) as original:
        # Reduced first (a JPEG is decoded at 1/2..1/8 scale by ``draft``), turned upright after: the
        # bound is square, so the orientation does not change what fits.
        original.thumbnail((max_side, max_side))
        image = ImageOps.exif_transpose(original)
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "transparency" in image.info or image.mode in ("LA", "PA") else "RGB")
        out = io.BytesIO()
        image.save(out, format="WEBP", quality=80)
    return out.getvalue()


def fit_target(*, width: int, height: int, platform: str) -> float | None:
    """The aspect ratio (width / height) the platform's rule asks of this image: the nearest bound
    it breaks, or None when the rule takes it as it is."""
    rules = MEDIA_RULES[platform]
    ratio = width / height
    if rules.image_aspect_min is not None and ratio < rules.image_aspect_min:
        return rules.image_aspect_min
    if rules.image_aspect_max is not None and ratio > rules.image_aspect_max:
        return rules.image_aspect_max
    return None


def fits_offered(media: Media) -> list[str]:
    """The platforms whose aspect-ratio rule would refuse this image (a fitted variant is offered)."""
    if media.kind != MediaKind.IMAGE or not media.width or not media.height:
        return []
    return [p for p in MEDIA_RULES if fit_target(width=media.width, height=media.height, platform=p) is not None]


def _fitted_size(width: int, height: int, *, target: float, mode: str) -> tuple[int, int]:
    """The canvas (pad) or the window (crop) of ratio ``target``, rounded so that it stays within
    the bound: cropping rounds the cut side down, padding rounds the added side up."""
    too_wide = width / height > target
    if mode == "crop":
        return (math.floor(height * target), height) if too_wide else (width, math.floor(width / target))
    return (width, math.ceil(width / target)) if too_wide else (math.ceil(height * target), height)


def fit_bytes(data: bytes, *, target: float, mode: str) -> bytes:
    """``data`` fitted to the ratio ``target``: centred on a white canvas (pad) or centre-cropped
    (crop); a JPEG (quality 90)."""
    with Image.open(io.BytesIO(data)) as original:
        image = ImageOps.exif_transpose(original).convert("RGB")
        width, height = image.size
        new_width, new_height = _fitted_size(width, height, target=target, mode=mode)
        left, top = (width - new_width) // 2, (height - new_height) // 2
        if mode == "crop":
            fitted = image.crop((left, top, left + new_width, top + new_height))
        else:
            fitted = Image.new("RGB", (new_width, new_height), PAD_COLOUR)
            fitted.paste(image, (-left, -top))
        out = io.BytesIO()
        fitted.save(out, format="JPEG", quality=90)
    return out.getvalue()


# --------------------------------------------------------------------------- media rows


def _original(media_id: uuid.UUID | str) -> Media | None:
    """The ready original image ``media_id`` (None when it is gone, not an image, or a derivative)."""
    return (
        Media.objects.select_related("workspace", "created_by")
        .filter(pk=media_id, state=MediaState.READY, kind=MediaKind.IMAGE, parent__isnull=True)
        .first()
    )


def _read(media: Media) -> bytes:
    with media_storage().open(media.storage_key, "rb") as stored:
        return stored.read()


def media_thumbnail_make(*, media_id: uuid.UUID | str) -> Media | None:
    """The original's thumbnail, made now unless it has one (then that one). None when the
    original is gone or not an image."""
    original = _original(media_id)
    if original is None:
        return None
    existing = original.derivatives.filter(derivative_kind=DerivativeKind.THUMBNAIL).first()
    if existing is not None:
        return existing
    return media_create(
        workspace=original.workspace,
        created_by=original.created_by,
        data=thumbnail_bytes(_read(original)),
        filename=f"thumbnail-{original.pk}.webp",
        alt_text=original.alt_text,
        source=MediaSource.DERIVATIVE,
        provenance={"derived_from": str(original.pk), "max_side": THUMBNAIL_MAX_SIDE},
        parent=original,
        derivative_kind=DerivativeKind.THUMBNAIL,
    )


def fit_check(*, media: Media, platform: str, mode: str) -> float:
    """The ratio a fit of ``media`` for ``platform`` targets; 400 ``media_not_image`` or
    ``media_fit_not_needed`` when there is nothing to fit."""
    if media.kind != MediaKind.IMAGE or media.parent_id is not None or not media.width or not media.height:
        raise MediaNotAnImage()
    target = fit_target(width=media.width, height=media.height, platform=platform)
    if target is None:
        raise MediaFitNotNeeded(
            details={"platform": platform, "aspect_ratio": round(media.width / media.height, 4), "mode": mode}
        )
    return target


def media_fit_make(*, media_id: uuid.UUID | str, platform: str, mode: str) -> Media | None:
    """The original fitted to ``platform``'s aspect-ratio rule by ``mode`` (pad | crop), made now
    unless it exists. None when the original is gone or needs no fit any more."""
    original = _original(media_id)
    if original is None:
        return None
    kind = FIT_MODES[mode]
    existing = original.derivatives.filter(derivative_kind=kind, provenance__platform=platform).first()
    if existing is not None:
        return existing
    try:
        target = fit_check(media=original, platform=platform, mode=mode)
    except ValidationFailed:
        return None
    return media_create(
        workspace=original.workspace,
        created_by=original.created_by,
        data=fit_bytes(_read(original), target=target, mode=mode),
        filename=f"{platform}-{mode}-{original.pk}.jpg",
        alt_text=original.alt_text,
        source=MediaSource.DERIVATIVE,
        provenance={"derived_from": str(original.pk), "platform": platform, "mode": mode, "aspect_ratio": target},
        parent=original,
        derivative_kind=kind,
    )
