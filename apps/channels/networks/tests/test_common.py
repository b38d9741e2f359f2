from datetime import UTC, datetime

import httpx
import pytest

from apps.channels.networks import NETWORKS, common, network_get
from apps.channels.networks.base import AccountAuth, MediaItem, NetworkError

NOW = datetime(2027, 1, 15, 8, 0, 0, tzinfo=UTC).timestamp()


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "120"}, 120.0),
        ({"Retry-After": "Fri, 15 Jan 2027 08:00:30 GMT"}, 30.0),  # an HTTP date (RFC 9110 §10.2.3)
        ({"x-rate-limit-reset": str(int(NOW) + 900)}, 900.0),  # X: epoch seconds
        ({"ratelimit-reset": str(int(NOW) + 300)}, 300.0),  # Bluesky: epoch seconds
        ({"X-RateLimit-Reset": "2027-01-15T08:05:00.000Z"}, 300.0),  # Mastodon: ISO 8601
        ({"x-rate-limit-reset": str(int(NOW) - 5)}, 0.0),  # already past
        ({}, None),
    ],
)
def test_retry_after_reads_each_networks_header(headers, expected):
    assert common.retry_after(headers, now=NOW) == expected


def test_registry_knows_the_four_networks_and_refuses_others():
    assert set(NETWORKS) == {"bluesky", "linkedin", "mastodon", "x"}
    assert all(network_get(name).name == name for name in NETWORKS)
    with pytest.raises(KeyError):
        network_get("myspace")


def test_unreachable_network_is_a_transient_error(call):
    auth = AccountAuth("mastodon", "t", "1", instance_url="http://127.0.0.1:9")  # discard port: refused

    with pytest.raises(NetworkError) as caught:
        call(lambda http: network_get("mastodon").fetch_profile(auth=auth, http=http))

    assert not caught.value.permanent and caught.value.code == "network_unavailable"


def test_a_media_link_that_is_gone_fails_the_post_for_good(network_fakes, call):
    gone = MediaItem("image", "image/png", f"{network_fakes.url}/_files/nothing-here")

    with pytest.raises(NetworkError) as caught:
        call(lambda http: common.download(http, gone))

    assert caught.value.permanent and caught.value.code == "media_unavailable"


def test_server_error_is_transient_with_its_retry_after():
    response = httpx.Response(503, json={"error": "down"}, headers={"Retry-After": "7"})

    with pytest.raises(NetworkError) as caught:
        common.raise_for_refusal(response, reason=lambda b: b["error"], is_auth=lambda s, b: False)

    assert (caught.value.permanent, caught.value.retry_after, caught.value.message) == (False, 7.0, "down")
