"""Each network's media rules (apps.media.network_rules, docs/content.md#media-rules), applied by
``media_rules_check`` and by ``POST /api/v1/content/validate/`` with ``media``."""

import pytest

from apps.content.attachments import Attachment, media_rules_check
from apps.media.models import Media
from apps.media.network_rules import MB
from tests.factories import OrganizationFactory
from tests.support.attachments import make_media, media_root  # noqa: F401
from tests.support.clients import client_for

VALIDATE = "/api/v1/content/validate/"


def image(width=1080, height=1080, size=100_000) -> Attachment:
    return Attachment(media=Media(kind="image", mime_type="image/jpeg", width=width, height=height, size_bytes=size))


def video(seconds=None, size=1_000_000, width=1080, height=1920) -> Attachment:
    media = Media(kind="video", mime_type="video/mp4", width=width, height=height, size_bytes=size)
    media.duration_seconds = seconds
    return Attachment(media=media)


def codes(platform, attachments) -> list[str]:
    return [reason.code for reason in media_rules_check(platform=platform, attachments=attachments)]


def test_instagram_needs_an_image_or_a_video_and_the_others_do_not():
    assert codes("instagram", []) == ["media_required"]
    assert [codes(platform, []) for platform in ("twitter", "linkedin", "facebook", "threads")] == [[], [], [], []]
    assert codes("instagram", [image()]) == []


def test_counts_kinds_and_mixing_follow_each_network():
    assert codes("twitter", [image()] * 5) == ["too_many_media"]
    assert codes("twitter", [image()] * 4) == []
    assert codes("twitter", [video(), video()]) == ["media_kind_not_allowed"]  # one video per post
    assert codes("twitter", [image(), video()]) == ["mixed_media"]
    assert codes("instagram", [image(), video(seconds=10)]) == []  # a carousel may mix
    assert codes("threads", [image()] * 21) == ["too_many_media"]
    assert codes("threads", [image()] * 20) == []


def test_sizes_aspect_ratios_durations_and_alt_text_are_bounded():
    assert codes("facebook", [image(size=5 * MB)]) == ["media_too_large"]
    assert codes("instagram", [image(width=1910, height=1000)]) == []  # 1.91:1, the bound itself
    assert codes("instagram", [image(width=300, height=100)]) == ["aspect_ratio"]
    assert codes("instagram", [image(width=100, height=200)]) == ["aspect_ratio"]  # taller than 4:5
    assert codes("linkedin", [video(seconds=2)]) == ["video_too_short"]
    assert codes("twitter", [video(seconds=21 * 60)]) == ["video_too_long"]
    assert codes("twitter", [video(seconds=None)]) == []  # a duration not measured is not judged
    long_alt = Attachment(media=image().media, alt_text="x" * 1001)
    assert codes("twitter", [long_alt]) == ["alt_text_too_long"]
    assert codes("linkedin", [long_alt]) == []


def test_image_formats_follow_each_network_instagram_takes_jpeg_only():
    png = Attachment(media=Media(kind="image", mime_type="image/png", width=1080, height=1080, size_bytes=1000))
    webp = Attachment(media=Media(kind="image", mime_type="image/webp", width=1080, height=1080, size_bytes=1000))

    assert codes("instagram", [png]) == ["media_kind_not_allowed"]
    assert codes("threads", [png]) == [] and codes("threads", [webp]) == ["media_kind_not_allowed"]
    assert codes("twitter", [webp]) == [] and codes("facebook", [webp]) == []


def test_a_deleted_media_cannot_go_out():
    assert codes("twitter", [Attachment(media=None)]) == ["media_deleted"]


@pytest.mark.django_db
def test_validate_reports_the_media_rules_after_the_text_in_one_list(owner, org):
    workspace = org.workspaces.get()
    wide = make_media(workspace, owner, width=300, height=100, jpeg=True)
    client = client_for(owner)

    without = client.post(VALIDATE, {"platform": "instagram", "text": "Hello", "media": []}, format="json").json()
    too_wide = client.post(
        VALIDATE, {"platform": "instagram", "text": "", "media": [{"id": str(wide.id)}]}, format="json"
    ).json()
    text_only = client.post(VALIDATE, {"platform": "instagram", "text": "Hello"}, format="json").json()

    assert (without["valid"], [r["code"] for r in without["reasons"]]) == (False, ["media_required"])
    assert [r["code"] for r in too_wide["reasons"]] == ["empty", "aspect_ratio"]
    assert "3.00" in too_wide["reasons"][1]["message"]
    assert text_only["valid"] is True  # no "media" in the body: the text alone is judged


@pytest.mark.django_db
def test_validate_answers_404_for_a_media_of_another_organization(owner, org):
    foreign = make_media(OrganizationFactory().workspaces.get(), None)

    response = client_for(owner).post(
        VALIDATE, {"platform": "twitter", "text": "Hi", "media": [{"id": str(foreign.id)}]}, format="json"
    )

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
