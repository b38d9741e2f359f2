"""Token refresh by the worker before expiry: Bluesky sessions against the PDS stand-in, OAuth 2.0
refresh through Authlib (the token endpoint replaced with respx); a refusal turns the channel
reconnect_required, emits channel.reconnect_required and emails the organization's admins."""

import asyncio
from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.channels import oauth, vault
from apps.channels.models import Channel, ChannelState
from apps.channels.networks.base import NetworkAuthError
from apps.channels.networks.common import OAuthEndpoints
from apps.channels.refresh import channels_refresh_run
from apps.organizations.models import Role
from tests.support.channels import connected_channel
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def bluesky_channel(team, network_fakes):
    with override_settings(CHANNEL_ALLOW_PRIVATE_INSTANCES=True):
        response = client_for(team.owner).post(
            reverse("channels:connect-bluesky"),
            {
                "organization_id": str(team.organization.pk),
                "handle": "alice.test",
                "app_password": "app-pass-word-1234",
                "pds_url": network_fakes.url,
            },
            format="json",
        )
    assert response.status_code == 201, response.content
    return Channel.objects.get(pk=response.json()["id"])


def _expiring(channel: Channel) -> None:
    Channel.objects.filter(pk=channel.pk).update(token_expires_at=timezone.now() + timedelta(minutes=5))


def test_refresh_renews_a_bluesky_session_before_it_expires(bluesky_channel, network_fakes):
    old_access, old_refresh = vault.decrypt(bluesky_channel.access_token), vault.decrypt(bluesky_channel.refresh_token)
    _expiring(bluesky_channel)

    outcome = channels_refresh_run()
    bluesky_channel.refresh_from_db()

    assert outcome == {"refreshed": 1}
    assert vault.decrypt(bluesky_channel.access_token) != old_access
    assert vault.decrypt(bluesky_channel.refresh_token) in network_fakes.bluesky.refresh_tokens
    assert old_refresh not in network_fakes.bluesky.refresh_tokens  # the refresh JWT rotated
    assert bluesky_channel.token_expires_at > timezone.now() + timedelta(minutes=30)


def test_refresh_leaves_channels_not_due_alone(bluesky_channel):
    assert channels_refresh_run() == {}


def test_a_refused_refresh_turns_the_channel_reconnect_required_and_emails_the_admins(
    team, bluesky_channel, network_fakes, django_capture_on_commit_callbacks
):
    network_fakes.bluesky.revoke_sessions(bluesky_channel.account_id)
    _expiring(bluesky_channel)

    with django_capture_on_commit_callbacks(execute=True):
        outcome = channels_refresh_run()
    bluesky_channel.refresh_from_db()

    assert outcome == {"refused": 1}
    assert bluesky_channel.state == ChannelState.RECONNECT_REQUIRED
    assert bluesky_channel.state_reason.startswith("Token refresh refused")
    assert AuditEntry.objects.filter(action="channel.reconnect_required").count() == 1
    [email] = mail.outbox
    assert sorted(email.to) == sorted([team.owner.email, team.user(Role.ADMIN).email])
    assert "alice.test" in email.subject
    assert vault.decrypt(bluesky_channel.refresh_token) not in email.body


def test_a_network_that_cannot_be_reached_is_tried_again(team, bluesky_channel, network_fakes):
    Channel.objects.filter(pk=bluesky_channel.pk).update(instance_url="http://127.0.0.1:9")
    _expiring(bluesky_channel)

    with override_settings(CHANNEL_HTTP_TIMEOUT_SECONDS=2):
        outcome = channels_refresh_run()
    bluesky_channel.refresh_from_db()

    assert outcome == {"failed": 1}
    assert (bluesky_channel.state, bluesky_channel.refresh_failures) == (ChannelState.ACTIVE, 1)


def _oauth_config(network_fakes) -> oauth.OAuthClientConfig:
    """Our client at the stand-in's OAuth server (RFC 6749, as the networks run it)."""
    client = network_fakes.mastodon.oauth.add_client(["https://app.test/cb/x"], "write")
    return oauth.OAuthClientConfig(
        endpoints=OAuthEndpoints(
            authorize_url=f"{network_fakes.url}/oauth/authorize",
            token_url=f"{network_fakes.url}/oauth/token",
            scopes=("write",),
        ),
        client_id=client.client_id,
        client_secret=client.client_secret,
        redirect_uri="https://app.test/cb/x",
    )


def test_oauth_refresh_exchanges_the_refresh_token_for_a_new_access_token(network_fakes):
    network_fakes.mastodon.oauth.refresh_tokens["refresh-1"] = ("109", "write")

    tokens = asyncio.run(oauth.refresh(_oauth_config(network_fakes), refresh_token="refresh-1"))

    assert network_fakes.mastodon.tokens[tokens.access_token] == "109"
    assert tokens.refresh_token == "refresh-1"  # the server rotates none: the old one is kept


def test_oauth_refresh_invalid_grant_is_an_auth_refusal(network_fakes):
    with pytest.raises(NetworkAuthError) as refused:
        asyncio.run(oauth.refresh(_oauth_config(network_fakes), refresh_token="revoked"))

    assert refused.value.code == "oauth_invalid_grant"


def test_periodic_refresh_is_registered():
    from apps.common.tasks import periodic_tasks

    assert "channels_refresh" in dict(periodic_tasks.items())


def test_mastodon_channels_without_expiry_are_never_due(team):
    connected_channel(team.organization, team.owner, expires_in=None)

    assert channels_refresh_run() == {}


def test_no_token_reaches_the_logs_of_a_connection_or_a_refresh(team, network_fakes, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    with override_settings(CHANNEL_ALLOW_PRIVATE_INSTANCES=True):
        response = client_for(team.owner).post(
            reverse("channels:connect-bluesky"),
            {
                "organization_id": str(team.organization.pk),
                "handle": "alice.test",
                "app_password": "app-pass-word-1234",
                "pds_url": network_fakes.url,
            },
            format="json",
        )
    channel = Channel.objects.get(pk=response.json()["id"])
    before = vault.decrypt(channel.access_token), vault.decrypt(channel.refresh_token)
    _expiring(channel)
    assert channels_refresh_run() == {"refreshed": 1}
    channel.refresh_from_db()
    after = vault.decrypt(channel.access_token), vault.decrypt(channel.refresh_token)

    assert caplog.records  # the HTTP calls were logged (httpx), without their credentials
    for secret in (*before, *after, "app-pass-word-1234"):
        assert secret not in caplog.text
