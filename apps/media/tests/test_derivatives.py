"""Derivatives by the worker: thumbnails of every image and fitted variants for a network's
aspect-ratio rule (POST /api/v1/media/{id}/fit/), and how a media reads with them."""

import io

import pytest
from PIL import Image

from apps.media.derivatives import (
    THUMBNAIL_MAX_SIDE,
    fit_bytes,
    fit_target,
    fits_offered,
    media_fit_make,
    media_thumbnail_make,
)
from apps.media.models import DerivativeKind, Media, MediaSource
from apps.media.network_rules import MEDIA_RULES
from apps.media.serializers import MediaSerializer
from apps.media.services import media_create
from apps.media.tasks import media_thumbnail_request
from apps.organizations.models import OrganizationMember, Role
from tests.fakes.ai import png_bytes
from tests.support.clients import client_for
from tests.support.media import media_in_tmp  # noqa: F401
from tests.support.organizations import organization_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]


def size_of(data: bytes) -> tuple[str, int, int]:
    with Image.open(io.BytesIO(data)) as image:
        return (image.format, *image.size)


@pytest.fixture
def owner(make_user):
    return make_user(email="owner@example.com")


@pytest.fixture
def workspace(owner):
    return organization_of(owner).workspaces.order_by("created_at").first()


def image(workspace, owner, width, height) -> Media:
    return media_create(workspace=workspace, created_by=owner, data=png_bytes(width, height), filename="x.png")


def test_thumbnail_of_an_image_is_a_webp_within_the_bound_keeping_its_shape(workspace, owner):
    original = image(workspace, owner, 1600, 900)

    thumbnail = media_thumbnail_make(media_id=original.pk)

    assert (thumbnail.parent_id, thumbnail.derivative_kind) == (original.pk, DerivativeKind.THUMBNAIL)
    assert (thumbnail.source, thumbnail.mime_type) == (MediaSource.DERIVATIVE, "image/webp")
    assert (thumbnail.width, thumbnail.height) == (THUMBNAIL_MAX_SIDE, 180)
    assert thumbnail.workspace_id == original.workspace_id and thumbnail.size_bytes > 0


def test_thumbnail_is_made_once(workspace, owner):
    original = image(workspace, owner, 400, 400)

    first, again = media_thumbnail_make(media_id=original.pk), media_thumbnail_make(media_id=original.pk)

    assert first.pk == again.pk and original.derivatives.count() == 1


def test_thumbnail_of_a_small_image_is_not_enlarged(workspace, owner):
    assert (media_thumbnail_make(media_id=image(workspace, owner, 100, 50).pk).width) == 100


def test_thumbnail_requested_after_commit_is_made_by_the_worker_task(
    workspace, owner, django_capture_on_commit_callbacks
):
    original = image(workspace, owner, 640, 480)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        media_thumbnail_request(media=original)

    assert len(callbacks) == 1
    assert original.derivatives.get().derivative_kind == DerivativeKind.THUMBNAIL


def test_no_thumbnail_is_asked_for_a_derivative(workspace, owner, django_capture_on_commit_callbacks):
    thumbnail = media_thumbnail_make(media_id=image(workspace, owner, 640, 480).pk)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        media_thumbnail_request(media=thumbnail)

    assert callbacks == []


@pytest.mark.parametrize(
    ("width", "height", "mode", "expected"),
    [
        (2000, 1000, "crop", (1910, 1000)),  # too wide for Instagram's 1.91: the sides cut
        (2000, 1000, "pad", (2000, 1048)),  # ... or white bands above and below
        (800, 1600, "crop", (800, 1000)),  # too tall for 4:5: top and bottom cut
        (800, 1600, "pad", (1280, 1600)),  # ... or white bands on the sides
    ],
)
def test_fit_for_instagram_meets_its_aspect_rule(width, height, mode, expected):
    target = fit_target(width=width, height=height, platform="instagram")

    fmt, new_width, new_height = size_of(fit_bytes(png_bytes(width, height), target=target, mode=mode))

    rules = MEDIA_RULES["instagram"]
    assert (fmt, new_width, new_height) == ("JPEG", *expected)
    assert rules.image_aspect_min <= new_width / new_height <= rules.image_aspect_max


def test_fits_are_offered_only_where_a_rule_refuses_the_original(workspace, owner):
    assert fits_offered(image(workspace, owner, 200, 100)) == ["instagram"]
    assert fits_offered(image(workspace, owner, 100, 100)) == []


def test_media_reads_with_its_thumbnail_link_derivatives_and_offered_fits(workspace, owner):
    original = image(workspace, owner, 2000, 1000)
    thumbnail = media_thumbnail_make(media_id=original.pk)
    fitted = media_fit_make(media_id=original.pk, platform="instagram", mode="pad")

    data = MediaSerializer(Media.objects.get(pk=original.pk)).data

    assert data["thumbnail_url"] == f"/media/{thumbnail.storage_key}"
    assert [(d["id"], d["derivative_kind"], d["platform"]) for d in data["derivatives"]] == [
        (str(thumbnail.pk), "thumbnail", None),
        (str(fitted.pk), "fit_pad", "instagram"),
    ]
    assert data["fits_offered"] == ["instagram"]
    assert fitted.provenance["mode"] == "pad" and fitted.provenance["platform"] == "instagram"


def fit(user, media, django_capture_on_commit_callbacks, **body):
    with django_capture_on_commit_callbacks(execute=True):
        return client_for(user).post(f"/api/v1/media/{media.pk}/fit/", body, format="json")


def test_fit_api_has_the_worker_make_the_variant_once(workspace, owner, django_capture_on_commit_callbacks):
    original = image(workspace, owner, 2000, 1000)

    first = fit(owner, original, django_capture_on_commit_callbacks, platform="instagram", mode="crop")
    again = fit(owner, original, django_capture_on_commit_callbacks, platform="instagram", mode="crop")

    assert (first.status_code, again.status_code) == (202, 202)
    variant = original.derivatives.get(derivative_kind=DerivativeKind.FIT_CROP)
    assert (variant.width, variant.height) == (1910, 1000)
    assert [d["id"] for d in again.json()["derivatives"]] == [str(variant.pk)]


def test_fit_api_refuses_an_image_the_rule_takes_as_it_is(workspace, owner, django_capture_on_commit_callbacks):
    response = fit(
        owner, image(workspace, owner, 100, 100), django_capture_on_commit_callbacks, platform="instagram", mode="pad"
    )

    assert response.status_code == 400 and response.json()["error"]["code"] == "media_fit_not_needed"


def test_fit_api_refuses_a_derivative(workspace, owner, django_capture_on_commit_callbacks):
    thumbnail = media_thumbnail_make(media_id=image(workspace, owner, 2000, 1000).pk)

    response = fit(owner, thumbnail, django_capture_on_commit_callbacks, platform="instagram", mode="pad")

    assert response.status_code == 400 and response.json()["error"]["code"] == "media_not_image"


def test_fit_api_needs_an_editor(workspace, owner, make_user, django_capture_on_commit_callbacks):
    viewer = make_user(email="viewer@example.com")
    OrganizationMember.objects.create(organization=workspace.organization, user=viewer, role=Role.VIEWER)
    original = image(workspace, owner, 2000, 1000)

    response = fit(viewer, original, django_capture_on_commit_callbacks, platform="instagram", mode="pad")

    assert response.status_code == 403 and not original.derivatives.exists()


def test_thumbnail_is_turned_upright_by_the_exif_orientation():
    from apps.media.derivatives import thumbnail_bytes

    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (10, 20, 30)).save(out, format="JPEG", exif=exif)

    assert size_of(thumbnail_bytes(out.getvalue())) == ("WEBP", 240, 320)
