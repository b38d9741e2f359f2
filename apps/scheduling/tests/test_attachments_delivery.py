"""Attachments on their way out (docs/scheduler-contract.md, docs/content.md#attachments): the media
rules at scheduling, the local publisher's and the Node.js scheduler's requests carrying each
attachment with a link that downloads its bytes, the webhook events naming the media, and the media
library's "in use" question."""

import json
import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from apps.content.models import ContentVersionMedia
from apps.media.storage import media_storage
from apps.media.usage import media_used_by
from apps.scheduling.models import ScheduledPost
from apps.scheduling.outbox import outbox_sweep
from apps.scheduling.state import post_event_data
from tests.factories import ContentFactory
from tests.support.attachments import jpeg_bytes, make_media, media_root  # noqa: F401
from tests.support.scheduling import SCHEDULE, TOKEN, schedule

SECRET = "webhook-secret-for-tests"


@pytest.fixture
def picture(org, user):
    return make_media(org.workspaces.get(), user, width=1080, height=1080, alt_text="A red square", jpeg=True)


@pytest.fixture
def instagram_post(org, user, picture):
    """Instagram content whose current version carries ``picture``."""
    content = ContentFactory(organization=org, created_by=user, platform="instagram", versions=("Look at this.",))
    ContentVersionMedia.objects.create(version=content.versions.get(), media=picture, position=1, alt_text="Red")
    return content


def stored_bytes(url: str) -> bytes:
    """The bytes a link of the filesystem storage names (served under MEDIA_URL in development only)."""
    path = urlsplit(url).path
    assert path.startswith("/media/")
    with media_storage().open(path.removeprefix("/media/")) as handle:
        return handle.read()


@pytest.mark.django_db
def test_scheduling_applies_the_media_rules_instagram_needs_an_image(auth_client, org, user, instagram_post):
    bare = ContentFactory(organization=org, created_by=user, platform="instagram", versions=("No picture.",))
    when = (timezone.now() + timedelta(hours=1)).isoformat()

    refused = auth_client.post(SCHEDULE, {"content_id": str(bare.id), "scheduled_at": when}, format="json")
    accepted = auth_client.post(SCHEDULE, {"content_id": str(instagram_post.id), "scheduled_at": when}, format="json")

    assert refused.status_code == 400
    assert refused.json()["error"]["details"] == {"media": ["Instagram needs at least 1 image or video."]}
    assert accepted.status_code == 201, accepted.json()


@pytest.mark.django_db
def test_local_webhook_publisher_sends_each_attachment_with_a_link_to_its_bytes(
    auth_client, instagram_post, picture, settings, httpserver, django_capture_on_commit_callbacks
):
    settings.SCHEDULER_PUBLISHER = "webhook"
    settings.SCHEDULER_PUBLISHER_WEBHOOK_URL = httpserver.url_for("/publish")
    settings.SCHEDULER_PUBLISHER_WEBHOOK_SECRET = SECRET
    httpserver.expect_oneshot_request("/publish", method="POST").respond_with_json({"platform_post_id": "wh-1"})
    when = timezone.now() + timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.post(
            SCHEDULE, {"content_id": str(instagram_post.id), "scheduled_at": when.isoformat()}, format="json"
        )
    assert response.status_code == 201, response.json()
    time.sleep(max(0.0, (when - timezone.now()).total_seconds()) + 0.05)

    outbox_sweep()

    [(request, _)] = httpserver.log
    [attachment] = json.loads(request.get_data())["media"]
    assert attachment | {"url": None, "url_expires_at": None} == {
        "id": str(picture.id),
        "type": "image",
        "mime_type": "image/jpeg",
        "size": picture.size_bytes,
        "width": 1080,
        "height": 1080,
        "duration_seconds": None,
        "alt_text": "Red",
        "url": None,
        "url_expires_at": None,
    }
    assert stored_bytes(attachment["url"]) == jpeg_bytes(1080, 1080)
    assert ScheduledPost.objects.get().status == "published"


@pytest.mark.django_db
def test_the_node_scheduler_gets_the_attachments_with_links_valid_past_scheduled_at(
    auth_client, instagram_post, picture, fake_scheduler, django_capture_on_commit_callbacks
):
    post = schedule(auth_client, instagram_post, django_capture_on_commit_callbacks)

    [request] = fake_scheduler.requests
    [attachment] = request["body"]["media"]
    assert (attachment["id"], attachment["alt_text"], attachment["type"]) == (str(picture.id), "Red", "image")
    assert attachment["url"].startswith("http://api.test/media/org/")  # absolute: followable from elsewhere
    assert stored_bytes(attachment["url"]) == jpeg_bytes(1080, 1080)
    expires = timezone.datetime.fromisoformat(attachment["url_expires_at"])
    assert expires >= post.scheduled_at + timedelta(hours=6) - timedelta(seconds=5)


@pytest.mark.django_db
def test_post_events_and_the_post_name_its_media_in_order(
    auth_client, org, user, instagram_post, picture, django_capture_on_commit_callbacks
):
    second = make_media(org.workspaces.get(), user, jpeg=True)
    ContentVersionMedia.objects.create(version=instagram_post.versions.get(), media=second, position=2)

    post = schedule(auth_client, instagram_post, django_capture_on_commit_callbacks)

    assert post.media_ids == [str(picture.id), str(second.id)]
    assert post_event_data(post)["media_ids"] == [str(picture.id), str(second.id)]


@pytest.mark.django_db
def test_media_of_a_post_still_to_go_out_is_in_use_until_the_post_is_cancelled(
    auth_client, org, user, instagram_post, picture, django_capture_on_commit_callbacks
):
    unused = make_media(org.workspaces.get(), user)
    post = schedule(auth_client, instagram_post, django_capture_on_commit_callbacks)

    during, unused_during = media_used_by([picture.id]), media_used_by([unused.id])
    assert auth_client.post(f"/api/v1/scheduling/{post.id}/cancel/", {}, format="json").status_code == 200
    after = media_used_by([picture.id])

    assert during == ["scheduling"] and unused_during == []
    assert after == []


@pytest.mark.django_db
def test_the_scheduler_gets_fresh_links_with_its_token_only_while_the_post_is_to_go_out(
    auth_client, instagram_post, picture, fake_scheduler, django_capture_on_commit_callbacks
):
    post = schedule(auth_client, instagram_post, django_capture_on_commit_callbacks)
    url = fake_scheduler.requests[0]["body"]["media_url"]
    assert url == f"http://api.test/api/v1/scheduling/{post.id}/media/"
    service = APIClient()
    service.credentials(HTTP_AUTHORIZATION=f"Bearer {TOKEN}")

    fresh = service.get(f"/api/v1/scheduling/{post.id}/media/")
    as_user = auth_client.get(f"/api/v1/scheduling/{post.id}/media/")
    ScheduledPost.objects.filter(pk=post.pk).update(status="published")
    after = service.get(f"/api/v1/scheduling/{post.id}/media/")

    assert fresh.status_code == 200
    [attachment] = fresh.json()["media"]
    assert (attachment["id"], attachment["alt_text"]) == (str(picture.id), "Red")
    assert stored_bytes(attachment["url"]) == jpeg_bytes(1080, 1080)
    assert as_user.status_code == 401
    assert after.status_code == 404
