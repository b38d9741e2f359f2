import pytest

from apps.channels.networks import bluesky, bluesky_richtext
from apps.channels.networks.base import AccountAuth, MediaItem, NetworkAuthError, NetworkError
from tests.fakes.networks.fixtures import PNG

DID = "did:plc:alice0000000000000000000"


@pytest.fixture
def fake(network_fakes):
    return network_fakes.bluesky


@pytest.fixture
def auth(fake):
    return AccountAuth("bluesky", fake.issue_token(DID), DID, fake.base_url, extra={"handle": "alice.test"})


def _image(network_fakes, alt="A red square"):
    url = network_fakes.files.host(PNG, "image/png")
    return MediaItem(kind="image", mime_type="image/png", url=url, alt_text=alt, width=1, height=1)


def test_bluesky_app_password_session_then_publish_with_image_alt_and_aspect_ratio(network_fakes, fake, call, settings):
    settings.BLUESKY_WEB_URL = "https://bsky.app"
    session = call(
        lambda http: bluesky.create_session(
            identifier="alice.test", password="app-pass-word-1234", pds=fake.base_url, http=http
        )
    )
    auth = AccountAuth("bluesky", session.access_jwt, session.did, session.pds_url, extra={"handle": session.handle})

    published = call(
        lambda http: bluesky.Bluesky().publish(auth=auth, text="Hello sky", media=[_image(network_fakes)], http=http)
    )

    stored = fake.records[published.platform_post_id]["record"]
    [image] = stored["embed"]["images"]
    assert stored["embed"]["$type"] == "app.bsky.embed.images"
    assert image["alt"] == "A red square" and image["aspectRatio"] == {"width": 1, "height": 1}
    assert fake.blobs[image["image"]["ref"]["$link"]]["size"] == len(PNG)
    assert fake.blobs[image["image"]["ref"]["$link"]]["mimeType"] == "image/png"
    assert published.platform_post_id.startswith(f"at://{DID}/app.bsky.feed.post/")
    assert published.url == f"https://bsky.app/profile/alice.test/post/{bluesky.rkey(published.platform_post_id)}"
    assert session.access_expires_at is not None and session.pds_url == fake.base_url


def test_bluesky_facets_count_utf8_bytes_with_non_ascii_text(fake, auth, call):
    text = "Café ☕ avec @alice.test → https://exemple.fr/été #été! et #123"

    published = call(lambda http: bluesky.Bluesky().publish(auth=auth, text=text, media=[], http=http))

    record = fake.records[published.platform_post_id]["record"]
    raw = text.encode("utf-8")
    found = {
        f["features"][0]["$type"].split("#")[1]: raw[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode()
        for f in record["facets"]
    }
    assert found == {"mention": "@alice.test", "link": "https://exemple.fr/été", "tag": "#été"}
    mention = next(f for f in record["facets"] if "mention" in f["features"][0]["$type"])
    assert mention["features"][0]["did"] == DID
    assert mention["index"]["byteStart"] == len("Café ☕ avec ".encode()) == 15  # 12 characters, 15 bytes
    tag = next(f for f in record["facets"] if "tag" in f["features"][0]["$type"])
    assert tag["features"][0]["tag"] == "été"  # trailing punctuation dropped; "#123" is no tag


def test_bluesky_richtext_unresolved_mention_stays_plain_text():
    assert bluesky_richtext.facets("hi @nobody.example", dids={}) == []
    [span] = bluesky_richtext.detect("(see https://en.wikipedia.org/wiki/Foo_(bar)).")
    assert span.value == "https://en.wikipedia.org/wiki/Foo_(bar)"


def test_bluesky_profile_and_metrics(fake, auth, call):
    network = bluesky.Bluesky()
    profile = call(lambda http: network.fetch_profile(auth=auth, http=http))
    published = call(lambda http: network.publish(auth=auth, text="counted", media=[], http=http))
    fake.set_counts(published.platform_post_id, likes=5, reposts=2, replies=1, quotes=1)

    metrics = call(lambda http: network.read_metrics(auth=auth, platform_post_id=published.platform_post_id, http=http))

    assert (profile.account_id, profile.handle, profile.display_name) == (DID, "alice.test", "Alice")
    assert (metrics.likes, metrics.reposts, metrics.replies, metrics.impressions) == (5, 3, 1, None)


def test_bluesky_rate_limit_gives_the_reset_time(fake, auth, call):
    fake.rate_limit_next(reset_in=300)

    with pytest.raises(NetworkError) as caught:
        call(lambda http: bluesky.Bluesky().publish(auth=auth, text="later", media=[], http=http))

    assert not caught.value.permanent and caught.value.code == "network_rate_limited"
    assert 290 < caught.value.retry_after <= 300
    assert caught.value.message == "RateLimitExceeded: Rate Limit Exceeded"


def test_bluesky_revoked_app_password_is_an_auth_error_and_refresh_refused(fake, call):
    session = call(
        lambda http: bluesky.create_session(identifier=DID, password="app-pass-word-1234", pds=fake.base_url, http=http)
    )
    renewed = call(lambda http: bluesky.refresh(refresh_jwt=session.refresh_jwt, pds=fake.base_url, http=http))
    fake.revoke_sessions(DID)
    auth = AccountAuth("bluesky", renewed.access_jwt, DID, fake.base_url)

    with pytest.raises(NetworkAuthError):
        call(lambda http: bluesky.Bluesky().publish(auth=auth, text="no", media=[], http=http))
    with pytest.raises(NetworkAuthError) as caught:
        call(lambda http: bluesky.refresh(refresh_jwt=renewed.refresh_jwt, pds=fake.base_url, http=http))
    with pytest.raises(NetworkAuthError):  # the first refresh JWT was rotated away
        call(lambda http: bluesky.refresh(refresh_jwt=session.refresh_jwt, pds=fake.base_url, http=http))

    assert renewed.access_jwt != session.access_jwt
    assert caught.value.message == "ExpiredToken: Token has been revoked"


def test_bluesky_wrong_app_password_is_an_auth_error(fake, call):
    with pytest.raises(NetworkAuthError):
        call(
            lambda http: bluesky.create_session(identifier="alice.test", password="nope", pds=fake.base_url, http=http)
        )


def test_bluesky_permanent_refusal_carries_the_lexicon_reason(fake, auth, call):
    with pytest.raises(NetworkError) as caught:
        call(lambda http: bluesky.Bluesky().publish(auth=auth, text="é" * 301, media=[], http=http))

    assert caught.value.permanent
    assert "must not be longer than 300 graphemes" in caught.value.message


def test_bluesky_metrics_of_a_post_not_indexed_yet_are_asked_again_later_and_of_a_deleted_one_never(fake, auth, call):
    network = bluesky.Bluesky()
    lagging = call(lambda http: network.publish(auth=auth, text="just out", media=[], http=http))
    deleted = call(lambda http: network.publish(auth=auth, text="gone soon", media=[], http=http))
    fake.unindexed.add(lagging.platform_post_id)
    fake.delete(deleted.platform_post_id)

    with pytest.raises(NetworkError) as not_yet:
        call(lambda http: network.read_metrics(auth=auth, platform_post_id=lagging.platform_post_id, http=http))
    with pytest.raises(NetworkError) as never:
        call(lambda http: network.read_metrics(auth=auth, platform_post_id=deleted.platform_post_id, http=http))

    assert (not_yet.value.code, not_yet.value.permanent, not_yet.value.retry_after) == ("post_not_indexed", False, 60)
    assert (never.value.code, never.value.permanent) == ("post_not_found", True)


def test_bluesky_video_is_embedded_as_a_video_blob_with_alt(network_fakes, fake, auth, call):
    url = network_fakes.files.host(b"\x00\x00\x00\x18ftypmp42", "video/mp4")
    video = MediaItem(kind="video", mime_type="video/mp4", url=url, alt_text="A clip", width=16, height=9)

    published = call(lambda http: bluesky.Bluesky().publish(auth=auth, text="watch", media=[video], http=http))

    embed = fake.records[published.platform_post_id]["record"]["embed"]
    assert (embed["$type"], embed["alt"], embed["aspectRatio"]) == (
        "app.bsky.embed.video",
        "A clip",
        {"width": 16, "height": 9},
    )
    assert fake.blobs[embed["video"]["ref"]["$link"]]["mimeType"] == "video/mp4"


def test_bluesky_retry_whose_first_answer_was_lost_finds_the_post_instead_of_posting_twice(fake, auth, call):
    first = call(
        lambda http: bluesky.Bluesky().publish(auth=auth, text="posted once, answered never", media=[], http=http)
    )

    again = call(
        lambda http: bluesky.Bluesky().publish(auth=auth, text="posted once, answered never", media=[], http=http)
    )

    assert again == first
    assert [r["record"]["text"] for r in fake.records.values()].count("posted once, answered never") == 1
