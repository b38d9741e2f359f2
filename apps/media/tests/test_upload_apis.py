"""The direct upload and the presigned upload through the API, against the real S3 server."""

import io

import pytest
import requests
from PIL import ExifTags, Image

from apps.common.request_limits import body_refusal
from apps.media.models import Media, MediaState
from tests.support.clients import client_for
from tests.support.media import HTML, SVG, image_bytes, jpeg_with_gps, mp4_bytes, png_bomb
from tests.support.organizations import organization_of

pytestmark = pytest.mark.django_db


def _upload(client, data: bytes, name: str = "photo.png", **fields):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post("/api/v1/media/", {"file": upload, **fields}, format="multipart")


def test_direct_upload_stores_the_bytes_and_reads_the_type_from_them(user, media_s3):
    data = image_bytes(size=(64, 48))
    response = _upload(client_for(user), data, name="not-really.gif", alt_text="A red square")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["mime_type"], body["width"], body["height"]) == ("image", "image/png", 64, 48)
    assert body["size_bytes"] == len(data) and body["state"] == "ready" and body["alt_text"] == "A red square"
    media = Media.objects.get(pk=body["id"])
    assert media_s3.get(media.storage_key) == data
    assert requests.get(body["url"], timeout=5).content == data


def test_direct_upload_of_an_mp4_reads_its_duration(user):
    response = _upload(client_for(user), mp4_bytes(seconds=12), name="clip.mp4")
    assert response.status_code == 201, response.content
    assert (response.json()["kind"], response.json()["duration_seconds"]) == ("video", 12.0)


@pytest.mark.parametrize(
    "data", [SVG, HTML, b"%PDF-1.7 not an image", b"\x00" * 100], ids=["svg", "html", "pdf", "zeros"]
)
def test_direct_upload_refuses_what_is_not_an_image_or_an_mp4(user, media_s3, data):
    response = _upload(client_for(user), data, name="photo.png")
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "media_type_unsupported"
    assert not Media.objects.exists() and media_s3.keys() == []


def test_direct_upload_refuses_a_decompression_bomb_from_its_header(user, media_s3):
    response = _upload(client_for(user), png_bomb(), name="bomb.png")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "media_too_many_pixels"
    assert media_s3.keys() == []


def test_direct_upload_refuses_an_image_above_the_pixel_bound(user, settings):
    settings.MEDIA_MAX_IMAGE_PIXELS = 64 * 48 - 1
    response = _upload(client_for(user), image_bytes(size=(64, 48)))
    assert response.status_code == 422
    assert response.json()["error"]["details"] == {"width": 64, "height": 48, "max_pixels": 64 * 48 - 1}


def test_direct_upload_removes_gps_metadata_and_keeps_the_rest(user, media_s3):
    response = _upload(client_for(user), jpeg_with_gps(), name="holiday.jpg")
    assert response.status_code == 201, response.content
    stored = media_s3.get(Media.objects.get().storage_key)
    with Image.open(io.BytesIO(stored)) as image:
        exif = image.getexif()
        assert ExifTags.IFD.GPSInfo not in exif
        assert exif[ExifTags.Base.Model] == "TestCam"
        assert image.size == (80, 60)


def test_direct_upload_refuses_a_file_above_the_documented_size(user, settings, media_s3):
    settings.MEDIA_DIRECT_UPLOAD_MAX_BYTES = 1000
    response = _upload(client_for(user), image_bytes(size=(400, 400), fmt="BMP"), name="big.bmp")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "media_too_large"
    assert media_s3.keys() == []


def test_direct_upload_needs_the_editor_role(team):
    response = _upload(client_for(team.user("viewer")), image_bytes(), organization_id=str(team.organization.pk))
    assert response.status_code == 403


def test_presigned_upload_then_completion_makes_the_media_ready(user, media_s3):
    client = client_for(user)
    started = client.post("/api/v1/media/uploads/", {"filename": "holiday.jpg", "alt_text": "Beach"}, format="json")
    assert started.status_code == 201, started.content
    body = started.json()
    assert body["media"]["state"] == "pending" and body["media"]["url"] is None
    assert body["upload"]["method"] == "PUT"
    put = requests.put(body["upload"]["url"], data=jpeg_with_gps(), timeout=5)
    assert put.status_code == 200

    completed = client.post(f"/api/v1/media/{body['media']['id']}/complete/")

    assert completed.status_code == 200, completed.content
    ready = completed.json()
    assert (ready["state"], ready["kind"], ready["mime_type"], ready["width"]) == ("ready", "image", "image/jpeg", 80)
    stored = media_s3.get(Media.objects.get().storage_key)
    assert ready["size_bytes"] == len(stored)
    with Image.open(io.BytesIO(stored)) as image:
        assert ExifTags.IFD.GPSInfo not in image.getexif()
    again = client.post(f"/api/v1/media/{body['media']['id']}/complete/")
    assert again.status_code == 409 and again.json()["error"]["code"] == "media_not_pending"


def test_presigned_completion_refuses_svg_and_removes_the_object(user, media_s3):
    client = client_for(user)
    body = client.post("/api/v1/media/uploads/", {}, format="json").json()
    requests.put(body["upload"]["url"], data=SVG, timeout=5)

    completed = client.post(f"/api/v1/media/{body['media']['id']}/complete/")

    assert completed.status_code == 415
    assert media_s3.keys() == []
    assert Media.objects.get().state == MediaState.PENDING


def test_presigned_completion_before_any_upload_is_a_conflict(user):
    client = client_for(user)
    body = client.post("/api/v1/media/uploads/", {}, format="json").json()
    completed = client.post(f"/api/v1/media/{body['media']['id']}/complete/")
    assert completed.status_code == 409
    assert completed.json()["error"]["code"] == "media_upload_missing"


def test_presigned_link_names_exactly_the_media_key_and_expires(user, settings):
    settings.MEDIA_UPLOAD_URL_EXPIRES_SECONDS = 120
    body = client_for(user).post("/api/v1/media/uploads/", {}, format="json").json()
    media = Media.objects.get(pk=body["media"]["id"])
    url = body["upload"]["url"]
    assert f"/{media.storage_key}?" in url
    assert "X-Amz-Expires=120" in url and "X-Amz-Signature=" in url
    assert media.storage_key.startswith(f"org/{organization_of(user).pk}/")


def test_presigned_upload_needs_object_storage(user, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "media": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": "/tmp/x"}},
    }
    response = client_for(user).post("/api/v1/media/uploads/", {}, format="json")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "media_presigned_upload_unavailable"


def test_the_direct_upload_route_takes_a_larger_body_than_json_routes_and_no_more(settings):
    settings.MEDIA_DIRECT_UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    assert body_refusal("/api/v1/media/", 5 * 1024 * 1024) is None
    assert body_refusal("/api/v1/content/generate/", 5 * 1024 * 1024).code == "payload_too_large"
    refused = body_refusal("/api/v1/media/", 5 * 1024 * 1024 + 64 * 1024 + 1)
    assert (refused.status, refused.code, refused.details) == (413, "media_too_large", {"max_bytes": 5 * 1024 * 1024})
