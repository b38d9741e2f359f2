"""A scheduled post with a channel, published for real by the local backend through the network
module (here the Mastodon and Bluesky stand-ins): the platform post id and URL recorded, the image
uploaded with its alt text, a rate limit waited out, a permanent refusal failing the post with the
network's reason, a refused token holding the post until the channel is connected again."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.channels.models import Channel, ChannelState
from apps.channels.vault import decrypt
from apps.content.models import ContentVersionMedia
from apps.scheduling.models import OutboxMessage, ScheduledPost
from apps.scheduling.outbox import HELD_PREFIX, outbox_sweep
from tests.factories import ContentFactory
from tests.support.attachments import make_media
from tests.support.channels import connected_channel
from tests.support.clients import client_for
from tests.support.organizations import organization_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def mastodon_channel(org, user, network_fakes):
    token = network_fakes.mastodon.issue_token("109")
    return connected_channel(
        org, user, network="mastodon", account_id="109", access_token=token, instance_url=network_fakes.url
    )


def _schedule(user, content, channel, capture, seconds: float = 2.0, **extra) -> ScheduledPost:
    when = timezone.now() + timedelta(seconds=seconds)
    body = {"content_id": str(content.id), "scheduled_at": when.isoformat(), "channel_id": str(channel.pk), **extra}
    with capture(execute=True):
        response = client_for(user).post(reverse("scheduling:schedule"), body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["channel_id"] == str(channel.pk)
    return ScheduledPost.objects.get(pk=response.json()["id"])


def _publish_when_due(post: ScheduledPost) -> None:
    delay = (post.scheduled_at - timezone.now()).total_seconds()
    if delay > 0:
        time.sleep(delay + 0.05)
    outbox_sweep()
    post.refresh_from_db()


def test_a_post_with_a_channel_is_published_through_the_network(
    org, user, mastodon_channel, network_fakes, django_capture_on_commit_callbacks
):
    content = ContentFactory(organization=org, created_by=user, platform="twitter", versions=("Hello fediverse!",))

    post = _schedule(user, content, mastodon_channel, django_capture_on_commit_callbacks)
    _publish_when_due(post)

    assert post.platform == "mastodon"  # the channel's network, not the content's platform
    assert post.status == "published", post.last_error
    status = network_fakes.mastodon.statuses[post.platform_post_id]
    assert status["content"] == "Hello fediverse!" and status["account"]["id"] == "109"
    assert post.platform_post_url.endswith(post.platform_post_id)


def test_a_channel_post_carries_its_image_with_the_alt_text(
    org, user, mastodon_channel, network_fakes, media_s3, django_capture_on_commit_callbacks
):
    content = ContentFactory(organization=org, created_by=user, platform="mastodon", versions=("A red square.",))
    picture = make_media(org.workspaces.get(), user, alt_text="library alt", jpeg=True)
    ContentVersionMedia.objects.create(version=content.versions.get(), media=picture, position=1, alt_text="Red")

    post = _schedule(user, content, mastodon_channel, django_capture_on_commit_callbacks)
    _publish_when_due(post)

    assert post.status == "published", post.last_error
    [media_id] = network_fakes.mastodon.statuses[post.platform_post_id]["media_ids"]
    assert network_fakes.mastodon.media[str(media_id)]["description"] == "Red"


def test_a_channel_of_another_workspace_or_inactive_is_refused(org, user, mastodon_channel, make_user):
    content = ContentFactory(organization=org, created_by=user, platform="mastodon", versions=("Hi.",))
    stranger = make_user(email="stranger@example.com")
    foreign = connected_channel(organization_of(stranger), stranger)
    when = (timezone.now() + timedelta(hours=1)).isoformat()
    client = client_for(user)

    answers = [
        client.post(
            reverse("scheduling:schedule"),
            {"content_id": str(content.id), "scheduled_at": when, "channel_id": str(channel_id)},
            format="json",
        )
        for channel_id in (foreign.pk, "00000000-0000-0000-0000-000000000000")
    ]
    mastodon_channel.state = ChannelState.DISCONNECTED
    mastodon_channel.save(update_fields=["state"])
    inactive = client.post(
        reverse("scheduling:schedule"),
        {"content_id": str(content.id), "scheduled_at": when, "channel_id": str(mastodon_channel.pk)},
        format="json",
    )

    for answer in [*answers, inactive]:
        assert answer.status_code == 400
        assert answer.json()["error"]["details"] == {
            "channel_id": ["Not an active channel of the content's workspace."]
        }
    assert not ScheduledPost.objects.exists()


def test_a_platform_that_is_not_the_channels_is_refused(org, user, mastodon_channel):
    content = ContentFactory(organization=org, created_by=user, platform="mastodon", versions=("Hi.",))

    answer = client_for(user).post(
        reverse("scheduling:schedule"),
        {
            "content_id": str(content.id),
            "scheduled_at": (timezone.now() + timedelta(hours=1)).isoformat(),
            "channel_id": str(mastodon_channel.pk),
            "platform": "linkedin",
        },
        format="json",
    )

    assert answer.status_code == 400 and "platform" in answer.json()["error"]["details"]


def test_a_rate_limited_post_is_retried_when_the_network_says(
    org, user, mastodon_channel, network_fakes, django_capture_on_commit_callbacks
):
    content = ContentFactory(organization=org, created_by=user, platform="mastodon", versions=("Later.",))
    post = _schedule(user, content, mastodon_channel, django_capture_on_commit_callbacks)
    network_fakes.mastodon.rate_limit_next(reset_in=120, count=10)
    try:
        _publish_when_due(post)
    finally:
        network_fakes.mastodon.queued.clear()

    message = OutboxMessage.objects.get(scheduled_post=post, kind="publish")
    assert post.status == "queued"
    assert message.status == "pending"
    wait = (message.next_attempt_at - timezone.now()).total_seconds()
    assert 100 < wait <= 125  # the instance's X-RateLimit-Reset, not our backoff


def test_a_permanent_refusal_fails_the_post_with_the_networks_reason(
    org, user, mastodon_channel, network_fakes, django_capture_on_commit_callbacks
):
    content = ContentFactory(organization=org, created_by=user, platform="mastodon", versions=("Refused.",))
    post = _schedule(user, content, mastodon_channel, django_capture_on_commit_callbacks)
    network_fakes.mastodon.refuse_next("Validation failed: Text is spam", status=422)

    _publish_when_due(post)

    assert post.status == "failed"
    assert "Validation failed: Text is spam" in post.last_error


def test_a_refused_token_holds_the_post_until_the_channel_is_reconnected(
    org, user, mastodon_channel, network_fakes, django_capture_on_commit_callbacks
):
    content = ContentFactory(organization=org, created_by=user, platform="mastodon", versions=("Held.",))
    post = _schedule(user, content, mastodon_channel, django_capture_on_commit_callbacks)
    network_fakes.mastodon.revoke(decrypt(mastodon_channel.access_token))

    _publish_when_due(post)
    mastodon_channel.refresh_from_db()

    assert mastodon_channel.state == ChannelState.RECONNECT_REQUIRED
    assert post.status == "queued" and post.last_error.startswith(HELD_PREFIX)
    assert AuditEntry.objects.filter(action="channel.reconnect_required").exists()
    assert OutboxMessage.objects.get(scheduled_post=post, kind="publish").status == "pending"

    with django_capture_on_commit_callbacks(execute=True):  # an admin connects the account again
        connected_channel(
            org,
            user,
            network="mastodon",
            account_id="109",
            access_token=network_fakes.mastodon.issue_token("109"),
            instance_url=network_fakes.url,
        )
    outbox_sweep()
    post.refresh_from_db()

    assert post.status == "published", post.last_error


def test_media_links_of_the_filesystem_storage_are_made_absolute(settings):
    from apps.scheduling.publishers import media_items

    settings.API_BASE_URL = "http://localhost:8000"
    items = media_items(
        [
            {"type": "image", "mime_type": "image/png", "url": "/media/org/a.png", "alt_text": "A"},
            {"type": "image", "mime_type": "image/png", "url": "https://s3.test/b.png?X-Amz-Signature=1"},
        ]
    )

    assert [item.url for item in items] == [
        "http://localhost:8000/media/org/a.png",
        "https://s3.test/b.png?X-Amz-Signature=1",
    ]
    assert items[0].alt_text == "A" and items[0].kind == "image"


def test_an_expired_token_is_refreshed_once_and_the_post_goes(
    org, user, network_fakes, settings, django_capture_on_commit_callbacks
):
    settings.CHANNEL_ALLOW_PRIVATE_INSTANCES = True
    connected = client_for(user).post(
        reverse("channels:connect-bluesky"),
        {"handle": "alice.test", "app_password": "app-pass-word-1234", "pds_url": network_fakes.url},
        format="json",
    )
    channel = Channel.objects.get(pk=connected.json()["id"])
    stale = decrypt(channel.access_token)
    network_fakes.bluesky.expire(stale)  # the worker's refresh came too late: the PDS says ExpiredToken
    content = ContentFactory(organization=org, created_by=user, platform="bluesky", versions=("Still here.",))

    post = _schedule(user, content, channel, django_capture_on_commit_callbacks)
    _publish_when_due(post)
    channel.refresh_from_db()

    assert post.status == "published", post.last_error
    assert channel.state == ChannelState.ACTIVE
    assert decrypt(channel.access_token) != stale
