"""The Node.js scheduler's side of channels (docs/scheduler-contract.md): the job payload names the
channel (never a token), and POST /api/v1/scheduling/{id}/channel-token/ with the service token
answers the channel's access token (refreshed when about to expire, never the refresh token), audited."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from apps.audit.models import AuditEntry
from apps.channels import vault
from apps.channels.models import Channel, ChannelState
from apps.scheduling.models import OutboxMessage, ScheduledPost
from tests.factories import ContentFactory
from tests.fakes.scheduler import FakeScheduler
from tests.support.channels import connected_channel
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db
TOKEN = "test-scheduler-token-0123456789"


@pytest.fixture
def http_backend(settings):
    settings.SCHEDULER_BACKEND = "http"
    settings.SCHEDULER_SERVICE_URL = "http://scheduler.invalid"
    settings.SCHEDULER_SERVICE_TOKEN = TOKEN
    settings.API_BASE_URL = "http://api.test"
    return settings


@pytest.fixture
def post_with_channel(org, user, http_backend):
    channel = connected_channel(org, user, access_token="access-AAA", refresh_token="refresh-RRR")
    content = ContentFactory(organization=org, created_by=user, platform="mastodon", versions=("Hello.",))
    response = client_for(user).post(
        reverse("scheduling:schedule"),
        {
            "content_id": str(content.id),
            "scheduled_at": (timezone.now() + timedelta(hours=1)).isoformat(),
            "channel_id": str(channel.pk),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    return ScheduledPost.objects.get(pk=response.json()["id"])


def _service() -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    return client


def test_the_job_payload_names_the_channel_and_no_token(post_with_channel):
    payload = OutboxMessage.objects.get(scheduled_post=post_with_channel, kind="schedule").payload

    assert payload["channel"] == {
        "id": str(post_with_channel.channel_id),
        "network": "mastodon",
        "account_id": "1001",
        "handle": "@victim@social.example",
        "instance_url": "https://social.example",
        "token_url": f"http://api.test/api/v1/scheduling/{post_with_channel.pk}/channel-token/",
    }
    assert "access-AAA" not in str(payload) and "refresh-RRR" not in str(payload)


def test_channel_token_answers_the_access_token_only_and_is_audited(post_with_channel):
    response = _service().post(reverse("scheduling:service-channel-token", kwargs={"id": post_with_channel.pk}))

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["access_token"] == "access-AAA" and body["network"] == "mastodon"
    assert "refresh-RRR" not in response.content.decode()
    entry = AuditEntry.objects.get(action="channel.token_issued")
    assert entry.data["scheduled_post_id"] == str(post_with_channel.pk)
    assert "access-AAA" not in str(entry.data)


def test_channel_token_refuses_a_user_token(post_with_channel, user):
    response = client_for(user).post(reverse("scheduling:service-channel-token", kwargs={"id": post_with_channel.pk}))

    assert response.status_code == 401


def test_channel_token_of_a_channel_needing_reconnection_is_409(post_with_channel):
    Channel.objects.filter(pk=post_with_channel.channel_id).update(state=ChannelState.RECONNECT_REQUIRED)

    response = _service().post(reverse("scheduling:service-channel-token", kwargs={"id": post_with_channel.pk}))

    assert response.status_code == 409 and response.json()["error"]["code"] == "channel_not_active"


def test_channel_token_of_a_post_without_channel_is_409(org, user, http_backend):
    content = ContentFactory(organization=org, created_by=user, versions=("Hello.",))
    response = client_for(user).post(
        reverse("scheduling:schedule"),
        {"content_id": str(content.id), "scheduled_at": (timezone.now() + timedelta(hours=1)).isoformat()},
        format="json",
    )

    token = _service().post(reverse("scheduling:service-channel-token", kwargs={"id": response.json()["id"]}))

    assert token.status_code == 409 and token.json()["error"]["code"] == "post_without_channel"


def test_channel_token_refreshes_a_token_about_to_expire(org, user, http_backend, network_fakes, settings):
    settings.CHANNEL_ALLOW_PRIVATE_INSTANCES = True
    connected = client_for(user).post(
        reverse("channels:connect-bluesky"),
        {"handle": "alice.test", "app_password": "app-pass-word-1234", "pds_url": network_fakes.url},
        format="json",
    )
    channel = Channel.objects.get(pk=connected.json()["id"])
    old = vault.decrypt(channel.access_token)
    Channel.objects.filter(pk=channel.pk).update(token_expires_at=timezone.now() + timedelta(minutes=2))
    content = ContentFactory(organization=org, created_by=user, platform="bluesky", versions=("Hi.",))
    post = client_for(user).post(
        reverse("scheduling:schedule"),
        {
            "content_id": str(content.id),
            "scheduled_at": (timezone.now() + timedelta(hours=1)).isoformat(),
            "channel_id": str(channel.pk),
        },
        format="json",
    )

    response = _service().post(reverse("scheduling:service-channel-token", kwargs={"id": post.json()["id"]}))

    assert response.status_code == 200, response.json()
    assert response.json()["access_token"] != old
    assert network_fakes.bluesky.tokens[response.json()["access_token"]] == channel.account_id


def test_the_scheduler_receives_the_channel_in_the_job(org, user, settings, django_capture_on_commit_callbacks):
    fake = FakeScheduler(token=TOKEN).start()
    try:
        settings.SCHEDULER_BACKEND, settings.SCHEDULER_SERVICE_URL = "http", fake.url
        settings.SCHEDULER_SERVICE_TOKEN, settings.API_BASE_URL = TOKEN, "http://api.test"
        channel = connected_channel(org, user)
        content = ContentFactory(organization=org, created_by=user, platform="mastodon", versions=("Hello.",))
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(user).post(
                reverse("scheduling:schedule"),
                {
                    "content_id": str(content.id),
                    "scheduled_at": (timezone.now() + timedelta(hours=1)).isoformat(),
                    "channel_id": str(channel.pk),
                },
                format="json",
            )
        [job] = fake.jobs.values()
    finally:
        fake.stop()

    post = ScheduledPost.objects.get(pk=response.json()["id"])
    assert post.status == "queued"
    assert job["body"]["channel"]["id"] == str(channel.pk)
    assert job["body"]["channel"]["token_url"].endswith(f"/api/v1/scheduling/{post.pk}/channel-token/")
