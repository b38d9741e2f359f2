"""Each network's media rules, one table (docs/content.md#media-rules, with the sources).

FIRST CUT (skeleton of issue 27): the shape is settled, the figures are to be checked against
each network's own documentation and the sources written into docs/content.md. Applied wherever a
post is judged (validate, schedule, campaign, CSV import); the worker's derivatives read the
aspect-ratio bounds to offer a fitted variant.
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024**2


@dataclass(frozen=True)
class MediaRules:
    min_items: int  # Instagram: a post needs at least one image or video
    max_items: int
    max_videos: int  # videos allowed among the items
    mixed: bool  # images and videos in one post
    image_max_bytes: int
    video_max_bytes: int
    # width / height bounds; None = no bound
    image_aspect_min: float | None
    image_aspect_max: float | None
    video_aspect_min: float | None
    video_aspect_max: float | None
    video_min_seconds: float | None
    video_max_seconds: float | None
    alt_text_max: int | None  # None: the network takes no alt text


MEDIA_RULES: dict[str, MediaRules] = {
    "twitter": MediaRules(
        min_items=0,
        max_items=4,
        max_videos=1,
        mixed=False,
        image_max_bytes=5 * MB,
        video_max_bytes=512 * MB,
        image_aspect_min=None,
        image_aspect_max=None,
        video_aspect_min=1 / 3,
        video_aspect_max=3.0,
        video_min_seconds=0.5,
        video_max_seconds=140,
        alt_text_max=1000,
    ),
    "linkedin": MediaRules(
        min_items=0,
        max_items=20,
        max_videos=1,
        mixed=False,
        image_max_bytes=36 * MB,
        video_max_bytes=500 * MB,
        image_aspect_min=None,
        image_aspect_max=None,
        video_aspect_min=1 / 2.4,
        video_aspect_max=2.4,
        video_min_seconds=3,
        video_max_seconds=30 * 60,
        alt_text_max=4086,
    ),
    "instagram": MediaRules(
        min_items=1,
        max_items=10,
        max_videos=10,
        mixed=True,
        image_max_bytes=8 * MB,
        video_max_bytes=300 * MB,
        image_aspect_min=4 / 5,
        image_aspect_max=1.91,
        video_aspect_min=0.01,
        video_aspect_max=10.0,
        video_min_seconds=3,
        video_max_seconds=15 * 60,
        alt_text_max=None,
    ),
    "facebook": MediaRules(
        min_items=0,
        max_items=10,
        max_videos=1,
        mixed=False,
        image_max_bytes=4 * MB,
        video_max_bytes=1024 * MB,
        image_aspect_min=None,
        image_aspect_max=None,
        video_aspect_min=9 / 16,
        video_aspect_max=16 / 9,
        video_min_seconds=1,
        video_max_seconds=240 * 60,
        alt_text_max=None,
    ),
    "threads": MediaRules(
        min_items=0,
        max_items=20,
        max_videos=20,
        mixed=True,
        image_max_bytes=8 * MB,
        video_max_bytes=1024 * MB,
        image_aspect_min=None,
        image_aspect_max=10.0,
        video_aspect_min=None,
        video_aspect_max=None,
        video_min_seconds=None,
        video_max_seconds=5 * 60,
        alt_text_max=1000,
    ),
}
