"""The connect flows, end to end against the network stand-ins (tests/fakes/networks): Mastodon by
OAuth 2.0 + PKCE (app registered on the instance once, then reused), Bluesky by app password; the
state single use, bound to the user, the network, and 10 minutes."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from apps.channels import vault
from apps.channels.models import Channel, ChannelState, ConnectAttempt, MastodonApp
from apps.organizations.models import Role
from tests.support.clients import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_instances")]


@pytest.fixture
def private_instances():
    with override_settings(
        CHANNEL_ALLOW_PRIVATE_INSTANCES=True, CHANNEL_OAUTH_REDIRECT_URL="https://app.test/cb/{network}"
    ):
        yield


def _start_mastodon(client, team, network_fakes):
    return client.post(
        reverse("channels:connect", kwargs={"network": "mastodon"}),
        {"organization_id": str(team.organization.pk), "instance_url": network_fakes.url},
        format="json",
    )


def _consent(authorization_url: str) -> dict[str, str]:
    """What the user's browser does: open the consent page, follow it back to our redirect URI."""
    answer = httpx.get(authorization_url, follow_redirects=False)
    assert answer.status_code == 302, answer.text
    location = answer.headers["location"]
    assert location.startswith("https://app.test/cb/mastodon?")
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


def test_connect_mastodon_creates_an_active_channel_with_encrypted_tokens(team, network_fakes):
    admin = client_for(team.user(Role.ADMIN))

    start = _start_mastodon(admin, team, network_fakes)
    assert start.status_code == 200, start.content
    query = parse_qs(urlsplit(start.json()["authorization_url"]).query)
    assert query["code_challenge_method"] == ["S256"] and query["state"] == [start.json()["state"]]
    back = _consent(start.json()["authorization_url"])
    done = admin.post(reverse("channels:callback", kwargs={"network": "mastodon"}), back, format="json")

    assert done.status_code == 201, done.content
    channel = Channel.objects.get(pk=done.json()["id"])
    assert (channel.network, channel.account_id, channel.state) == ("mastodon", "109", ChannelState.ACTIVE)
    assert channel.handle.startswith("@alice@") and channel.instance_url == network_fakes.url
    token = vault.decrypt(channel.access_token)
    assert network_fakes.mastodon.tokens[token] == "109"  # the token the instance issued, stored encrypted
    assert token not in done.content.decode() and token not in channel.access_token


def test_connect_mastodon_registers_the_app_once_per_instance(team, network_fakes):
    admin = client_for(team.user(Role.ADMIN))
    before = len(network_fakes.mastodon.calls(r"/api/v1/apps", "POST"))

    first = _start_mastodon(admin, team, network_fakes)
    second = _start_mastodon(admin, team, network_fakes)

    assert first.status_code == second.status_code == 200
    assert len(network_fakes.mastodon.calls(r"/api/v1/apps", "POST")) == before + 1
    app = MastodonApp.objects.get(instance_url=network_fakes.url)
    assert app.client_secret != vault.decrypt(app.client_secret)  # the secret is ciphertext at rest


def test_connect_again_refreshes_the_same_channel(team, network_fakes):
    admin = client_for(team.user(Role.ADMIN))
    url = reverse("channels:callback", kwargs={"network": "mastodon"})
    first = admin.post(
        url, _consent(_start_mastodon(admin, team, network_fakes).json()["authorization_url"]), format="json"
    )
    Channel.objects.filter(pk=first.json()["id"]).update(state=ChannelState.RECONNECT_REQUIRED, state_reason="revoked")

    again = admin.post(
        url, _consent(_start_mastodon(admin, team, network_fakes).json()["authorization_url"]), format="json"
    )

    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert again.json()["state"] == "active" and again.json()["state_reason"] == ""


def test_connect_state_is_single_use(team, network_fakes):
    admin = client_for(team.user(Role.ADMIN))
    back = _consent(_start_mastodon(admin, team, network_fakes).json()["authorization_url"])
    url = reverse("channels:callback", kwargs={"network": "mastodon"})
    assert admin.post(url, back, format="json").status_code == 201

    replay = admin.post(url, back, format="json")

    assert replay.status_code == 400 and replay.json()["error"]["code"] == "connect_state_invalid"


def test_connect_state_is_bound_to_the_user_and_the_network(team, network_fakes):
    admin = client_for(team.user(Role.ADMIN))
    back = _consent(_start_mastodon(admin, team, network_fakes).json()["authorization_url"])

    other_user = client_for(team.owner).post(
        reverse("channels:callback", kwargs={"network": "mastodon"}), back, format="json"
    )
    other_network = admin.post(reverse("channels:callback", kwargs={"network": "x"}), back, format="json")

    assert other_user.json()["error"]["code"] == other_network.json()["error"]["code"] == "connect_state_invalid"
    assert not Channel.objects.exists()


def test_connect_state_expires_after_ten_minutes(team, network_fakes):
    admin = client_for(team.user(Role.ADMIN))
    back = _consent(_start_mastodon(admin, team, network_fakes).json()["authorization_url"])
    attempt = ConnectAttempt.objects.get(state=back["state"])
    assert timedelta(minutes=9) < attempt.expires_at - attempt.created_at <= timedelta(minutes=10)
    ConnectAttempt.objects.filter(pk=attempt.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    late = admin.post(reverse("channels:callback", kwargs={"network": "mastodon"}), back, format="json")

    assert late.status_code == 400 and late.json()["error"]["code"] == "connect_state_invalid"


def test_connect_refused_code_is_a_400_with_the_networks_reason(team, network_fakes):
    admin = client_for(team.user(Role.ADMIN))
    back = _consent(_start_mastodon(admin, team, network_fakes).json()["authorization_url"])

    refused = admin.post(
        reverse("channels:callback", kwargs={"network": "mastodon"}), {**back, "code": "forged"}, format="json"
    )

    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "connect_refused"
    assert refused.json()["error"]["details"]["network_code"] == "oauth_invalid_grant"


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_connect_refuses_below_admin(team, network_fakes, role):
    response = _start_mastodon(client_for(team.user(role)), team, network_fakes)

    assert response.status_code == 403
    assert not ConnectAttempt.objects.exists()


def test_connect_mastodon_refuses_a_private_instance_in_production_mode(team):
    with override_settings(CHANNEL_ALLOW_PRIVATE_INSTANCES=False):
        response = client_for(team.owner).post(
            reverse("channels:connect", kwargs={"network": "mastodon"}),
            {"organization_id": str(team.organization.pk), "instance_url": "http://127.0.0.1:9/"},
            format="json",
        )

    assert response.status_code == 400
    assert "instance_url" in response.json()["error"]["details"]


@override_settings(X_CLIENT_ID="", X_CLIENT_SECRET="")
def test_connect_to_an_unconfigured_network_is_503(team):
    response = client_for(team.owner).post(
        reverse("channels:connect", kwargs={"network": "x"}),
        {"organization_id": str(team.organization.pk)},
        format="json",
    )

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "network_not_configured"


def test_connect_bluesky_with_an_app_password_keeps_the_session_not_the_password(team, network_fakes):
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
    channel = Channel.objects.get(pk=response.json()["id"])
    assert (channel.network, channel.account_id, channel.handle) == (
        "bluesky",
        "did:plc:alice0000000000000000000",
        "alice.test",
    )
    assert vault.decrypt(channel.refresh_token) in network_fakes.bluesky.refresh_tokens
    stored = " ".join(str(v) for v in Channel.objects.filter(pk=channel.pk).values().get().values())
    assert "app-pass-word-1234" not in stored


def test_connect_bluesky_wrong_password_is_connect_refused(team, network_fakes):
    response = client_for(team.owner).post(
        reverse("channels:connect-bluesky"),
        {
            "handle": "alice.test",
            "app_password": "wrong-pass-word",
            "pds_url": network_fakes.url,
            "organization_id": str(team.organization.pk),
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "connect_refused"
    assert not Channel.objects.exists()


def _consent_at(authorization_url: str, network: str) -> dict[str, str]:
    answer = httpx.get(authorization_url, follow_redirects=False)
    assert answer.status_code == 302, answer.text
    location = answer.headers["location"]
    assert location.startswith(f"https://app.test/cb/{network}?"), location
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


@pytest.fixture
def x_app(settings, network_fakes):
    client = network_fakes.x.oauth.add_client(["https://app.test/cb/x"], "tweet.read tweet.write users.read")
    settings.X_CLIENT_ID, settings.X_CLIENT_SECRET = client.client_id, client.client_secret
    settings.X_AUTHORIZE_URL = f"{network_fakes.url}/i/oauth2/authorize"
    settings.X_API_BASE_URL = network_fakes.url
    return client


@pytest.fixture
def linkedin_app(settings, network_fakes):
    client = network_fakes.linkedin.oauth.add_client(["https://app.test/cb/linkedin"], "")
    settings.LINKEDIN_CLIENT_ID, settings.LINKEDIN_CLIENT_SECRET = client.client_id, client.client_secret
    settings.LINKEDIN_OAUTH_BASE_URL = f"{network_fakes.url}/oauth/v2"
    settings.LINKEDIN_API_BASE_URL = network_fakes.url
    return client


def test_connect_x_with_pkce_keeps_the_rotating_refresh_token(team, network_fakes, x_app):
    admin = client_for(team.owner)
    start = admin.post(
        reverse("channels:connect", kwargs={"network": "x"}),
        {"organization_id": str(team.organization.pk)},
        format="json",
    )
    assert start.status_code == 200, start.content
    assert "code_challenge=" in start.json()["authorization_url"]  # X requires PKCE (the stand-in too)

    done = admin.post(
        reverse("channels:callback", kwargs={"network": "x"}),
        _consent_at(start.json()["authorization_url"], "x"),
        format="json",
    )

    assert done.status_code == 201, done.content
    channel = Channel.objects.get(pk=done.json()["id"])
    assert (channel.network, channel.account_id) == ("x", "1500000000000000001")
    assert vault.decrypt(channel.refresh_token) in network_fakes.x.oauth.refresh_tokens
    assert channel.token_expires_at is not None


def test_connect_linkedin_member_and_its_pages(team, network_fakes, linkedin_app):
    admin = client_for(team.owner)
    start = admin.post(
        reverse("channels:connect", kwargs={"network": "linkedin"}),
        {"organization_id": str(team.organization.pk), "organizations": True},
        format="json",
    )
    assert start.status_code == 200, start.content
    assert "w_organization_social" in parse_qs(urlsplit(start.json()["authorization_url"]).query)["scope"][0]

    done = admin.get(
        reverse("channels:callback", kwargs={"network": "linkedin"}),
        _consent_at(start.json()["authorization_url"], "linkedin"),
    )

    assert done.status_code == 201, done.content
    accounts = set(Channel.objects.filter(network="linkedin").values_list("account_id", "handle"))
    assert {account for account, _ in accounts} == {"urn:li:person:782bbtaQ", "urn:li:organization:5515715"}
