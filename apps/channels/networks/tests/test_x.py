import base64
import hashlib
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from apps.channels.networks import x
from apps.channels.networks.base import AccountAuth, MediaItem, NetworkAuthError, NetworkError
from tests.fakes.networks.fixtures import PNG


@pytest.fixture
def fake(network_fakes, settings):
    settings.X_API_BASE_URL = network_fakes.url
    settings.X_AUTHORIZE_URL = f"{network_fakes.url}/i/oauth2/authorize"
    return network_fakes.x


@pytest.fixture
def auth(fake):
    return AccountAuth("x", fake.issue_token(), "1500000000000000001", extra={"handle": "alice"})


def test_x_publish_uploads_image_in_chunks_with_alt_text(network_fakes, fake, auth, call, monkeypatch):
    monkeypatch.setattr(x, "CHUNK_BYTES", 50)  # the 70-byte PNG in two APPENDs
    image = MediaItem("image", "image/png", network_fakes.files.host(PNG, "image/png"), alt_text="A red square")

    published = call(lambda http: x.X().publish(auth=auth, text="Hello X", media=[image], http=http))

    tweet = fake.tweets[published.platform_post_id]
    [media_id] = tweet["media_ids"]
    upload = fake.uploads[media_id]
    assert b"".join(upload["chunks"][i] for i in sorted(upload["chunks"])) == PNG
    assert sorted(upload["chunks"]) == [0, 1]
    assert (upload["category"], upload["alt_text"]) == ("tweet_image", "A red square")
    assert published.url == f"https://x.com/alice/status/{published.platform_post_id}"


def test_x_publish_video_waits_for_processing(network_fakes, fake, auth, call):
    video = MediaItem("video", "video/mp4", network_fakes.files.host(b"\x00" * 300, "video/mp4"))

    published = call(lambda http: x.X().publish(auth=auth, text="A video", media=[video], http=http))

    [media_id] = fake.tweets[published.platform_post_id]["media_ids"]
    assert fake.uploads[media_id]["category"] == "tweet_video"
    assert [r.query["command"] for r in fake.calls("/2/media/upload$", "GET")][-1:] == [["STATUS"]]


def test_x_profile_and_metrics_with_impressions(fake, auth, call):
    network = x.X()
    profile = call(lambda http: network.fetch_profile(auth=auth, http=http))
    published = call(lambda http: network.publish(auth=auth, text="counted", media=[], http=http))
    fake.set_metrics(published.platform_post_id, like_count=9, retweet_count=2, quote_count=1, impression_count=420)

    metrics = call(lambda http: network.read_metrics(auth=auth, platform_post_id=published.platform_post_id, http=http))

    assert (profile.account_id, profile.handle, profile.display_name) == ("1500000000000000001", "alice", "Alice")
    assert (metrics.likes, metrics.reposts, metrics.replies, metrics.impressions) == (9, 3, 0, 420)


def test_x_rate_limit_gives_the_reset_time(fake, auth, call):
    fake.rate_limit_next(reset_in=900)

    with pytest.raises(NetworkError) as caught:
        call(lambda http: x.X().publish(auth=auth, text="later", media=[], http=http))

    assert not caught.value.permanent and caught.value.code == "network_rate_limited"
    assert 890 < caught.value.retry_after <= 900


def test_x_daily_posting_cap_waits_for_the_24_hour_reset_not_the_15_minute_one(fake, auth, call):
    fake.daily_cap_next(reset_in=20000)

    with pytest.raises(NetworkError) as caught:
        call(lambda http: x.X().publish(auth=auth, text="tomorrow", media=[], http=http))

    assert 19990 < caught.value.retry_after <= 20000


def test_x_revoked_token_is_an_auth_error(fake, auth, call):
    fake.revoke(auth.access_token)

    with pytest.raises(NetworkAuthError):
        call(lambda http: x.X().fetch_profile(auth=auth, http=http))


def test_x_retry_whose_first_answer_was_lost_finds_the_post_instead_of_failing(fake, auth, call):
    first = call(lambda http: x.X().publish(auth=auth, text="lost answer", media=[], http=http))

    again = call(lambda http: x.X().publish(auth=auth, text="lost answer", media=[], http=http))

    assert again == first
    assert [t["text"] for t in fake.tweets.values()].count("lost answer") == 1


def test_x_duplicate_of_an_older_post_is_a_permanent_refusal_with_the_reason(fake, auth, call):
    first = call(lambda http: x.X().publish(auth=auth, text="only once", media=[], http=http))
    fake.age(first.platform_post_id, 2 * 3600)

    with pytest.raises(NetworkError) as caught:
        call(lambda http: x.X().publish(auth=auth, text="only once", media=[], http=http))

    assert caught.value.permanent
    assert caught.value.message == "You are not allowed to create a Tweet with duplicate content."


def _authorize(call, endpoints, client, redirect):
    verifier = "x" * 64
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    query = {
        "response_type": "code",
        "client_id": client.client_id,
        "redirect_uri": redirect,
        "scope": " ".join(endpoints.scopes),
        "state": "st",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }

    async def go(http):
        answer = await http.get(f"{endpoints.authorize_url}?{urlencode(query)}")
        return parse_qs(urlsplit(answer.headers["location"]).query)

    return call(go), verifier


def test_x_code_with_pkce_then_refresh_rotates_and_a_reused_refresh_token_is_invalid_grant(fake, call):
    redirect = "http://localhost:8000/cb"
    client = fake.oauth.add_client([redirect])
    endpoints = x.oauth_endpoints()
    params, verifier = _authorize(call, endpoints, client, redirect)
    form = {"grant_type": "authorization_code", "code": params["code"][0], "redirect_uri": redirect}
    form["code_verifier"] = verifier

    async def exchange(http):
        answer = await http.post(endpoints.token_url, data=form, auth=(client.client_id, client.client_secret))
        return answer.json()

    first = call(exchange)
    tokens = call(
        lambda http: x.refresh(
            refresh_token=first["refresh_token"],
            client_id=client.client_id,
            client_secret=client.client_secret,
            http=http,
        )
    )

    assert params["state"] == ["st"] and tokens.refresh_token != first["refresh_token"]
    assert tokens.expires_at is not None and fake.tokens[tokens.access_token] == "1500000000000000001"
    with pytest.raises(NetworkAuthError) as caught:
        call(
            lambda http: x.refresh(
                refresh_token=first["refresh_token"],
                client_id=client.client_id,
                client_secret=client.client_secret,
                http=http,
            )
        )
    assert caught.value.code == "oauth_invalid_grant"
