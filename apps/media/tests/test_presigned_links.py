"""A presigned link works only for the object it names (issue 27, item 8).

moto's server does not verify presigned signatures (docs/media.md, "Tests against a real
S3-compatible server"), so the check a signing server makes is made here with botocore:
``presigned_signature_valid`` recomputes the SigV4 signature for what a request names."""

import pytest
import requests

from apps.media.models import Media
from tests.support.clients import client_for
from tests.support.media import image_bytes
from tests.support.s3 import presigned_signature_valid

pytestmark = pytest.mark.django_db


def _start(user) -> tuple[Media, str]:
    body = client_for(user).post("/api/v1/media/uploads/", {}, format="json").json()
    return Media.objects.get(pk=body["media"]["id"]), body["upload"]["url"]


def test_presigned_upload_link_is_signed_for_its_own_key_and_the_put_method(user, media_s3):
    media, url = _start(user)

    assert presigned_signature_valid(url, "PUT")
    assert requests.put(url, data=image_bytes(), timeout=5).status_code == 200
    assert media_s3.keys() == [media.storage_key]


def test_presigned_upload_link_altered_to_name_another_object_is_refused(user, make_user):
    media, url = _start(user)
    other, _ = _start(make_user(email="mallory@example.com"))  # another organization's pending media

    assert not presigned_signature_valid(url.replace(media.storage_key, other.storage_key), "PUT")
    assert not presigned_signature_valid(url.replace(str(media.pk), "00000000-0000-0000-0000-000000000000"), "PUT")
    assert not presigned_signature_valid(url, "GET")  # nor read with it
    assert not presigned_signature_valid(url.replace("X-Amz-Expires=900", "X-Amz-Expires=90000"), "PUT")


def test_download_link_is_signed_for_its_own_key_only(user):
    media, url = _start(user)
    requests.put(url, data=image_bytes(), timeout=5)
    download = client_for(user).post(f"/api/v1/media/{media.pk}/complete/").json()["url"]

    assert presigned_signature_valid(download, "GET")
    assert not presigned_signature_valid(download, "PUT")
    assert not presigned_signature_valid(download.replace(str(media.pk), "00000000-0000-0000-0000-000000000000"), "GET")
