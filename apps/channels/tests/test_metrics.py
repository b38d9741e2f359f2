"""The issue's walk, end to end against the stand-ins: a user connects a Mastodon (OAuth) and a
Bluesky (app password) channel, schedules a post with an image to both, both publish for real
through the local backend, and the worker reads their metrics back at 1 h, 24 h and 7 days; the
analytics answer them per post and per channel."""

import time
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from apps.content.models import ContentVersionMedia
from apps.scheduling.metrics import post_metrics_read_due
from apps.scheduling.models import PostMetrics, ScheduledPost
from apps.scheduling.outbox import outbox_sweep
from tests.factories import ContentFactory
from tests.support.attachments import make_media
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db


def _connect_mastodon(client, network_fakes) -> str:
    start = client.post(
        reverse("channels:connect", kwargs={"network": "mastodon"}), {"instance_url": network_fakes.url}, format="json"
    )
    assert start.status_code == 200, start.content
    location = httpx.get(start.json()["authorization_url"], follow_redirects=False).headers["location"]
    back = {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}
    done = client.post(reverse("channels:callback", kwargs={"network": "mastodon"}), back, format="json")
    assert done.status_code == 201, done.content
    return done.json()["id"]


def _connect_bluesky(client, network_fakes) -> str:
    done = client.post(
        reverse("channels:connect-bluesky"),
        {"handle": "alice.test", "app_password": "app-pass-word-1234", "pds_url": network_fakes.url},
        format="json",
    )
    assert done.status_code == 201, done.content
    return done.json()["id"]


def _published_ago(post_ids, delay: timedelta) -> None:
    ScheduledPost.objects.filter(pk__in=post_ids).update(published_at=timezone.now() - delay - timedelta(seconds=5))


@override_settings(CHANNEL_ALLOW_PRIVATE_INSTANCES=True, CHANNEL_OAUTH_REDIRECT_URL="https://app.test/cb/{network}")
def test_connect_schedule_with_an_image_publish_and_read_metrics_on_mastodon_and_bluesky(
    org, user, network_fakes, media_s3, django_capture_on_commit_callbacks
):
    client = client_for(user)
    channels = {
        "mastodon": _connect_mastodon(client, network_fakes),
        "bluesky": _connect_bluesky(client, network_fakes),
    }
    picture = make_media(org.workspaces.get(), user, alt_text="A red square", jpeg=True)
    when = timezone.now() + timedelta(seconds=4)  # room for two schedule requests on a loaded machine
    posts = {}
    for network, channel_id in channels.items():
        content = ContentFactory(organization=org, created_by=user, platform=network, versions=("Hello #caas",))
        ContentVersionMedia.objects.create(version=content.versions.get(), media=picture, position=1, alt_text="Red")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("scheduling:schedule"),
                {"content_id": str(content.id), "scheduled_at": when.isoformat(), "channel_id": channel_id},
                format="json",
            )
        assert response.status_code == 201, response.json()
        posts[network] = response.json()["id"]

    time.sleep(max(0.0, (when - timezone.now()).total_seconds()) + 0.05)
    outbox_sweep()

    published = {p.platform: p for p in ScheduledPost.objects.filter(pk__in=posts.values())}
    assert {p.status for p in published.values()} == {"published"}, [p.last_error for p in published.values()]
    toot = network_fakes.mastodon.statuses[published["mastodon"].platform_post_id]
    assert network_fakes.mastodon.media[str(toot["media_ids"][0])]["description"] == "Red"
    record = network_fakes.bluesky.records[published["bluesky"].platform_post_id]["record"]
    assert record["embed"]["images"][0]["alt"] == "Red"

    assert post_metrics_read_due() == {}  # nothing due before an hour
    network_fakes.mastodon.set_counts(published["mastodon"].platform_post_id, favourites=3, reblogs=1, replies=2)
    network_fakes.bluesky.set_counts(published["bluesky"].platform_post_id, likes=5, reposts=2, replies=1)
    _published_ago(posts.values(), timedelta(hours=1))
    assert post_metrics_read_due() == {"read": 2}
    network_fakes.mastodon.set_counts(published["mastodon"].platform_post_id, favourites=10, reblogs=4, replies=2)
    _published_ago(posts.values(), timedelta(hours=24))
    assert post_metrics_read_due() == {"read": 2}
    assert post_metrics_read_due() == {}  # each checkpoint once

    series = list(
        PostMetrics.objects.filter(post_id=posts["mastodon"]).order_by("read_at").values_list("checkpoint", "likes")
    )
    assert series == [("1h", 3), ("24h", 10)]

    listed = client.get(reverse("analytics:posts"), {"network": "mastodon"}).json()
    [row] = listed["results"]
    assert row["scheduled_post_id"] == posts["mastodon"]
    assert [(r["checkpoint"], r["likes"], r["impressions"]) for r in row["readings"]] == [
        ("1h", 3, None),
        ("24h", 10, None),
    ]
    totals = {row["network"]: row for row in client.get(reverse("analytics:channels")).json()}
    assert (totals["mastodon"]["posts"], totals["mastodon"]["likes"], totals["mastodon"]["reposts"]) == (1, 10, 4)
    assert (totals["bluesky"]["likes"], totals["bluesky"]["replies"]) == (5, 1)


def test_metrics_of_a_refused_token_turn_the_channel_reconnect_required(org, user, network_fakes):
    from apps.channels.models import Channel, ChannelState
    from tests.factories import ScheduledPostFactory
    from tests.support.channels import connected_channel

    token = network_fakes.mastodon.issue_token("109")
    channel = connected_channel(org, user, account_id="109", access_token=token, instance_url=network_fakes.url)
    content = ContentFactory(organization=org, created_by=user, platform="mastodon", versions=("Hi.",))
    ScheduledPostFactory(
        content=content,
        status="published",
        scheduled_at=timezone.now() - timedelta(hours=2),
        published_at=timezone.now() - timedelta(hours=1, minutes=1),
        platform_post_id="110000000000000999",
        channel=channel,
    )
    network_fakes.mastodon.revoke(token)

    assert post_metrics_read_due() == {"refused": 1}
    assert Channel.objects.get(pk=channel.pk).state == ChannelState.RECONNECT_REQUIRED
    assert not PostMetrics.objects.exists()


def test_analytics_posts_reads_as_many_queries_for_one_post_as_for_many(org, user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ScheduledPostFactory
    from tests.support.channels import connected_channel

    channel = connected_channel(org, user)
    content = ContentFactory(organization=org, created_by=user, platform="mastodon", versions=("Hi.",))
    client = client_for(user)

    def add_post(n: int) -> None:
        post = ScheduledPostFactory(
            content=content,
            status="published",
            scheduled_at=timezone.now() - timedelta(hours=3, minutes=n),
            published_at=timezone.now() - timedelta(hours=3, minutes=n),
            platform_post_id=f"11000000000000{n:04d}",
            channel=channel,
        )
        PostMetrics.objects.create(post=post, checkpoint="1h", read_at=timezone.now(), likes=n)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("analytics:posts")).status_code == 200
            assert client.get(reverse("analytics:channels")).status_code == 200
        return len(queries)

    add_post(0)
    count()  # the first request also fills the caches (plan, memberships)
    one = count()
    for n in range(1, 6):
        add_post(n)

    assert count() == one
