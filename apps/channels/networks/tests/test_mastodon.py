import base64
import hashlib
from urllib.parse import urlencode

import pytest

from apps.channels.networks import mastodon
from apps.channels.networks.base import AccountAuth, MediaItem, NetworkAuthError, NetworkError
from tests.fakes.networks.fixtures import PNG


@pytest.fixture
def fake(network_fakes, monkeypatch):
    monkeypatch.setattr(mastodon, "MEDIA_POLL_SECONDS", 0.01)
    return network_fakes.mastodon


@pytest.fixture
def auth(fake):
    return AccountAuth(
        network="mastodon", access_token=fake.issue_token("109"), account_id="109", instance_url=fake.base_url
    )


def _image(network_fakes, alt="A red square"):
    return MediaItem(kind="image", mime_type="image/png", url=network_fakes.files.host(PNG, "image/png"), alt_text=alt)


def test_mastodon_publish_uploads_media_with_alt_text_and_waits_for_processing(network_fakes, fake, auth, call):
    image = _image(network_fakes)

    published = call(
        lambda http: mastodon.Mastodon().publish(auth=auth, text="Hello fediverse", media=[image], http=http)
    )

    status = fake.statuses[published.platform_post_id]
    assert status["content"] == "Hello fediverse"
    [media_id] = status["media_ids"]
    assert fake.media[media_id]["description"] == "A red square"
    assert fake.media[media_id]["size"] == len(PNG)
    assert fake.calls(rf"/api/v1/media/{media_id}$", "GET")  # polled until processed
    assert published.url == f"{fake.base_url}/@alice/{published.platform_post_id}"


def test_mastodon_publish_twice_with_the_same_post_key_is_one_status(network_fakes, fake, call):
    token = fake.issue_token("109")
    auth = AccountAuth("mastodon", token, "109", fake.base_url, extra={"idempotency_key": "post-42"})
    network = mastodon.Mastodon()

    first = call(lambda http: network.publish(auth=auth, text="once", media=[], http=http))
    second = call(lambda http: network.publish(auth=auth, text="once", media=[], http=http))

    assert first == second
    assert [r.headers["idempotency-key"] for r in fake.calls("/api/v1/statuses$", "POST")][-2:] == ["post-42"] * 2


def test_mastodon_fetch_profile_and_metrics(fake, auth, call):
    network = mastodon.Mastodon()
    profile = call(lambda http: network.fetch_profile(auth=auth, http=http))
    published = call(lambda http: network.publish(auth=auth, text="counted", media=[], http=http))
    fake.set_counts(published.platform_post_id, favourites=7, reblogs=3, replies=2)

    metrics = call(lambda http: network.read_metrics(auth=auth, platform_post_id=published.platform_post_id, http=http))

    assert profile.account_id == "109"
    assert profile.handle == f"@alice@{fake.base_url.split('://')[1]}"
    assert (metrics.likes, metrics.reposts, metrics.replies, metrics.impressions) == (7, 3, 2, None)


def test_mastodon_rate_limit_gives_the_reset_time(fake, auth, call):
    fake.rate_limit_next(reset_in=120)

    with pytest.raises(NetworkError) as caught:
        call(lambda http: mastodon.Mastodon().publish(auth=auth, text="later", media=[], http=http))

    assert not caught.value.permanent
    assert caught.value.code == "network_rate_limited"
    assert 110 < caught.value.retry_after <= 120


def test_mastodon_revoked_token_is_an_auth_error(fake, auth, call):
    fake.revoke(auth.access_token)

    with pytest.raises(NetworkAuthError) as caught:
        call(lambda http: mastodon.Mastodon().fetch_profile(auth=auth, http=http))

    assert caught.value.message == "The access token is invalid"


def test_mastodon_permanent_refusal_carries_the_instance_reason(fake, auth, call):
    with pytest.raises(NetworkError) as caught:
        call(lambda http: mastodon.Mastodon().publish(auth=auth, text="x" * 501, media=[], http=http))

    assert caught.value.permanent
    assert caught.value.message == "Validation failed: Text character limit of 500 exceeded"


def test_mastodon_app_register_then_code_exchange_with_pkce(fake, call):
    redirect = "http://localhost:8000/api/v1/channels/oauth/callback"
    app = call(
        lambda http: mastodon.app_register(
            instance_url=fake.base_url,
            redirect_uri=redirect,
            client_name="CaaS",
            website="https://example.com",
            http=http,
        )
    )
    verifier = "v" * 50
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    endpoints = mastodon.oauth_endpoints(fake.base_url)
    query = "?" + urlencode(
        {
            "response_type": "code",
            "client_id": app.client_id,
            "redirect_uri": redirect,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
            "state": "s1",
        }
    )

    async def flow(http):
        answer = await http.get(endpoints.authorize_url + query)
        code = answer.headers["location"].split("code=")[1].split("&")[0]
        return await mastodon.exchange_code(app=app, code=code, code_verifier=verifier, http=http)

    tokens = call(flow)

    assert app.client_secret and fake.oauth.clients[app.client_id].redirect_uris == [redirect]
    assert tokens.expires_at is None and tokens.refresh_token == ""
    assert fake.tokens[tokens.access_token] == "109"


def test_mastodon_pkce_support_is_read_from_the_instance_metadata(fake, call):
    assert call(lambda http: mastodon.supports_pkce(instance_url=fake.base_url, http=http)) is True
    assert call(lambda http: mastodon.supports_pkce(instance_url=f"{fake.base_url}/old", http=http)) is False
