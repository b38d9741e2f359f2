from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from apps.channels.networks import linkedin
from apps.channels.networks.base import AccountAuth, MediaItem, NetworkAuthError, NetworkError
from tests.fakes.networks.fixtures import PNG

PERSON = "urn:li:person:782bbtaQ"
ORG = "urn:li:organization:5515715"


@pytest.fixture
def fake(network_fakes, settings):
    settings.LINKEDIN_API_BASE_URL = network_fakes.url
    settings.LINKEDIN_OAUTH_BASE_URL = f"{network_fakes.url}/oauth/v2"
    return network_fakes.linkedin


@pytest.fixture
def auth(fake):
    return AccountAuth("linkedin", fake.issue_token(), PERSON)


def _image(network_fakes, alt):
    return MediaItem("image", "image/png", network_fakes.files.host(PNG, "image/png"), alt_text=alt)


def test_linkedin_publish_with_image_through_the_images_api_keeps_alt_text(network_fakes, fake, auth, call):
    text = "Launch (beta) #news @team_a"

    published = call(
        lambda http: linkedin.LinkedIn().publish(auth=auth, text=text, media=[_image(network_fakes, "Logo")], http=http)
    )

    post = fake.posts[published.platform_post_id]["body"]
    image_urn = post["content"]["media"]["id"]
    assert post["content"]["media"]["altText"] == "Logo"
    assert fake.assets[image_urn]["content"] == PNG and fake.assets[image_urn]["owner"] == PERSON
    assert post["commentary"] == r"Launch \(beta\) \#news \@team\_a"  # little text escaped
    assert post["author"] == PERSON and post["visibility"] == "PUBLIC"
    [request] = fake.calls("/rest/posts$", "POST")[-1:]
    assert request.headers["x-restli-protocol-version"] == "2.0.0" and request.headers["linkedin-version"]
    assert published.url == f"https://www.linkedin.com/feed/update/{published.platform_post_id}/"


def test_linkedin_page_post_with_two_images_and_a_video(network_fakes, fake, call):
    auth = AccountAuth("linkedin", fake.issue_token(), ORG)
    images = [_image(network_fakes, "one"), _image(network_fakes, "two")]
    video = MediaItem("video", "video/mp4", network_fakes.files.host(b"\x01" * 101, "video/mp4"), alt_text="Demo")
    network = linkedin.LinkedIn()

    many = call(lambda http: network.publish(auth=auth, text="Two images", media=images, http=http))
    clip = call(lambda http: network.publish(auth=auth, text="A video", media=[video], http=http))

    multi = fake.posts[many.platform_post_id]["body"]["content"]["multiImage"]["images"]
    assert [i["altText"] for i in multi] == ["one", "two"]
    video_urn = fake.posts[clip.platform_post_id]["body"]["content"]["media"]["id"]
    assert fake.assets[video_urn] == {"owner": ORG, "content": b"\x01" * 101, "status": "AVAILABLE"}


def test_linkedin_profiles_of_member_and_pages(fake, auth, call):
    member = call(lambda http: linkedin.LinkedIn().fetch_profile(auth=auth, http=http))
    pages = call(lambda http: linkedin.organizations(auth=auth, http=http))

    assert (member.account_id, member.display_name) == (PERSON, "Alice Martin")
    assert [(p.account_id, p.handle, p.display_name) for p in pages] == [(ORG, "acme", "Acme Corp")]


def test_linkedin_member_metrics_with_and_without_the_analytics_scope(fake, call):
    plain = AccountAuth("linkedin", fake.issue_token(), PERSON)
    scoped = AccountAuth("linkedin", fake.issue_token(scopes=("w_member_social", "r_member_postAnalytics")), PERSON)
    network = linkedin.LinkedIn()
    published = call(lambda http: network.publish(auth=plain, text="counted", media=[], http=http))
    fake.set_counts(published.platform_post_id, likeCount=4, commentCount=2, impressionCount=77)

    without = call(
        lambda http: network.read_metrics(auth=plain, platform_post_id=published.platform_post_id, http=http)
    )
    with_scope = call(
        lambda http: network.read_metrics(auth=scoped, platform_post_id=published.platform_post_id, http=http)
    )

    assert (without.likes, without.replies, without.impressions) == (4, 2, None)
    assert with_scope.impressions == 77


def test_linkedin_page_metrics_from_share_statistics(fake, call):
    auth = AccountAuth("linkedin", fake.issue_token(), ORG)
    network = linkedin.LinkedIn()
    published = call(lambda http: network.publish(auth=auth, text="page post", media=[], http=http))
    fake.set_counts(published.platform_post_id, likeCount=10, commentCount=3, shareCount=5, impressionCount=900)

    metrics = call(lambda http: network.read_metrics(auth=auth, platform_post_id=published.platform_post_id, http=http))

    assert (metrics.likes, metrics.reposts, metrics.replies, metrics.impressions) == (10, 5, 3, 900)


def test_linkedin_rate_limit_and_revoked_token(fake, auth, call):
    fake.rate_limit_next(reset_in=3600)
    with pytest.raises(NetworkError) as limited:
        call(lambda http: linkedin.LinkedIn().publish(auth=auth, text="later", media=[], http=http))
    fake.revoke(auth.access_token)
    with pytest.raises(NetworkAuthError) as revoked:
        call(lambda http: linkedin.LinkedIn().publish(auth=auth, text="later", media=[], http=http))

    assert limited.value.retry_after == 3600 and not limited.value.permanent
    assert revoked.value.message == "The token used in the request has been revoked by the user"


def test_linkedin_retry_whose_first_answer_was_lost_finds_the_post_instead_of_failing(fake, auth, call):
    first = call(lambda http: linkedin.LinkedIn().publish(auth=auth, text="lost answer", media=[], http=http))

    again = call(lambda http: linkedin.LinkedIn().publish(auth=auth, text="lost answer", media=[], http=http))

    assert again == first
    assert len([p for p in fake.posts.values() if p["body"]["commentary"] == "lost answer"]) == 1


def test_linkedin_duplicate_of_an_older_post_is_a_permanent_refusal_with_the_reason(fake, auth, call):
    first = call(lambda http: linkedin.LinkedIn().publish(auth=auth, text="same words", media=[], http=http))
    fake.age(first.platform_post_id, 2 * 3600)

    with pytest.raises(NetworkError) as caught:
        call(lambda http: linkedin.LinkedIn().publish(auth=auth, text="same words", media=[], http=http))

    assert caught.value.permanent
    assert caught.value.message == f"Content is a duplicate of {first.platform_post_id}"


def test_linkedin_code_exchange_then_refresh_and_invalid_grant_after_revocation(fake, call):
    redirect = "http://localhost:8000/cb"
    client = fake.oauth.add_client([redirect])
    endpoints = linkedin.oauth_endpoints(organizations=True)
    query = {"response_type": "code", "client_id": client.client_id, "redirect_uri": redirect, "state": "s"}
    query["scope"] = " ".join(endpoints.scopes)

    async def connect(http):
        answer = await http.get(f"{endpoints.authorize_url}?{urlencode(query)}")
        code = parse_qs(urlsplit(answer.headers["location"]).query)["code"][0]
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect}
        form |= {"client_id": client.client_id, "client_secret": client.client_secret}
        return (await http.post(endpoints.token_url, data=form)).json()

    granted = call(connect)
    tokens = call(
        lambda http: linkedin.refresh(
            refresh_token=granted["refresh_token"],
            client_id=client.client_id,
            client_secret=client.client_secret,
            http=http,
        )
    )
    fake.oauth.revoke_account("782bbtaQ")

    assert granted["expires_in"] == 5184000 and tokens.refresh_expires_at is not None
    with pytest.raises(NetworkAuthError):
        call(
            lambda http: linkedin.refresh(
                refresh_token=tokens.refresh_token,
                client_id=client.client_id,
                client_secret=client.client_secret,
                http=http,
            )
        )
