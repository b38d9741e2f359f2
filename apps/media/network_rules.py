"""Each network's media rules, one table (docs/content.md#media-rules, with the source of each figure).

The figures are those of each network's own API documentation (X media best practices, LinkedIn
Posts/Images/Videos API, Instagram Graph API content publishing, Facebook Graph page photos and
videos, Threads API), checked for issue 27. Applied wherever a post is judged (validate, schedule,
campaign, CSV import: ``apps.content.attachments.media_rules_check``); the worker's derivatives read
the aspect-ratio bounds to offer a fitted variant.
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024**2
GB = 1024**3


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
    alt_text_max: int | None  # None: the network documents no alt text bound
    # The image formats the network takes (None: every format of the library: JPEG, PNG, WebP, GIF).
    image_mime_types: frozenset[str] | None = None


MEDIA_RULES: dict[str, MediaRules] = {
    # X: 4 photos, or 1 GIF, or 1 video per post; image 5 MB; Post video 0.5 s to 20 min and 8 GB
    # (default accounts; Premium: 125 min, 16 GB), aspect ratio 1:3 to 3:1; alt text 1000 characters.
    "twitter": MediaRules(
        min_items=0,
        max_items=4,
        max_videos=1,
        mixed=False,
        image_max_bytes=5 * MB,
        video_max_bytes=8 * GB,
        image_aspect_min=None,
        image_aspect_max=None,
        video_aspect_min=1 / 3,
        video_aspect_max=3.0,
        video_min_seconds=0.5,
        video_max_seconds=20 * 60,
        alt_text_max=1000,
    ),
    # LinkedIn: a multi-image post has 2 to 20 images, a video post one video (no mix); images are
    # bounded in pixels (36,152,320), not bytes: the first cut's 36 MB is kept as a byte bound; JPG,
    # PNG, GIF;
    # video 75 KB to 500 MB, 3 s to 30 min, aspect ratio 1:2.4 to 2.4:1; altText 4086 characters.
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
        image_mime_types=frozenset({"image/jpeg", "image/png", "image/gif"}),
    ),
    # Instagram: a post needs an image or a video; a carousel has up to 10, images and videos mixed;
    # image 8 MB, aspect ratio 4:5 to 1.91:1; video (published as a reel) 3 s to 15 min, 300 MB,
    # aspect ratio 0.01:1 to 10:1; JPEG images only. The API documents no alt text bound.
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
        image_mime_types=frozenset({"image/jpeg"}),  # "JPEG is the only image format supported"
    ),
    # Facebook Page: photos under 4 MB, several per post (10 is what the composer takes), one video per
    # post and no mix; video up to 10 GB and 240 min; no documented aspect-ratio refusal.
    "facebook": MediaRules(
        min_items=0,
        max_items=10,
        max_videos=1,
        mixed=False,
        image_max_bytes=4 * MB,
        video_max_bytes=10 * GB,
        image_aspect_min=None,
        image_aspect_max=None,
        video_aspect_min=None,
        video_aspect_max=None,
        video_min_seconds=1,
        video_max_seconds=240 * 60,
        alt_text_max=None,
    ),
    # Threads: a carousel has up to 20 images and videos, mixed; image (JPEG, PNG) 8 MB, aspect ratio
    # limit 10:1;
    # video up to 5 min and 1 GB, aspect ratio 0.01:1 to 10:1; alt_text 1000 characters.
    "threads": MediaRules(
        min_items=0,
        max_items=20,
        max_videos=20,
        mixed=True,
        image_max_bytes=8 * MB,
        video_max_bytes=1 * GB,
        image_aspect_min=1 / 10,
        image_aspect_max=10.0,
        video_aspect_min=0.01,
        video_aspect_max=10.0,
        video_min_seconds=None,
        video_max_seconds=5 * 60,
        alt_text_max=1000,
        image_mime_types=frozenset({"image/jpeg", "image/png"}),
    ),
    # Mastodon (a default instance; each instance may set its own, read from /api/v2/instance): 4
    # images or 1 video, no mix; image 16 MB, video 99 MB; media description (alt) 1500 characters.
    "mastodon": MediaRules(
        min_items=0,
        max_items=4,
        max_videos=1,
        mixed=False,
        image_max_bytes=16 * MB,
        video_max_bytes=99 * MB,
        image_aspect_min=None,
        image_aspect_max=None,
        video_aspect_min=None,
        video_aspect_max=None,
        video_min_seconds=None,
        video_max_seconds=None,
        alt_text_max=1500,
    ),
    # Bluesky (app.bsky.embed.images / app.bsky.embed.video lexicons): 4 images or 1 video, no mix;
    # an image blob at most 1,000,000 bytes (JPEG, PNG, WebP, GIF), a video 100 MB and 3 minutes;
    # the lexicon sets no bound on alt text.
    "bluesky": MediaRules(
        min_items=0,
        max_items=4,
        max_videos=1,
        mixed=False,
        image_max_bytes=1_000_000,
        video_max_bytes=100 * MB,
        image_aspect_min=None,
        image_aspect_max=None,
        video_aspect_min=None,
        video_aspect_max=None,
        video_min_seconds=None,
        video_max_seconds=3 * 60,
        alt_text_max=None,
    ),
}
