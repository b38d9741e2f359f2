"""The stand-ins refuse what their network refuses, so the module tests that pass against them
mean something: a missing header, a missing PKCE challenge, a missing token, a facet outside the
text are turned down the network's way."""

import httpx

from tests.fakes.networks.bluesky import jwt


def test_linkedin_standin_refuses_a_rest_call_without_linkedin_version(network_fakes):
    token = network_fakes.linkedin.issue_token()

    answer = httpx.post(
        f"{network_fakes.url}/rest/posts",
        json={"author": "urn:li:person:782bbtaQ", "commentary": "x"},
        headers={"Authorization": f"Bearer {token}", "X-Restli-Protocol-Version": "2.0.0"},
    )

    assert answer.status_code == 426 and answer.json()["code"] == "NONEXISTENT_VERSION"


def test_x_standin_requires_pkce_on_authorize(network_fakes):
    client = network_fakes.x.oauth.add_client(["http://localhost/cb"])
    params = {"response_type": "code", "client_id": client.client_id, "redirect_uri": "http://localhost/cb"}

    answer = httpx.get(f"{network_fakes.url}/i/oauth2/authorize", params=params)

    assert answer.status_code == 302 and "error=invalid_request" in answer.headers["location"]


def test_mastodon_standin_refuses_a_status_without_token_in_mastodons_shape(network_fakes):
    answer = httpx.post(f"{network_fakes.url}/api/v1/statuses", json={"status": "hi"})

    assert answer.status_code == 401 and answer.json() == {"error": "The access token is invalid"}


def test_bluesky_standin_validates_facets_against_the_texts_bytes(network_fakes):
    did = "did:plc:alice0000000000000000000"
    token = network_fakes.bluesky.issue_token(did)
    record = {
        "$type": "app.bsky.feed.post",
        "text": "été",  # 5 bytes
        "createdAt": "2026-01-01T00:00:00.000Z",
        "facets": [{"index": {"byteStart": 0, "byteEnd": 6}, "features": []}],
    }

    answer = httpx.post(
        f"{network_fakes.url}/xrpc/com.atproto.repo.createRecord",
        json={"repo": did, "collection": "app.bsky.feed.post", "record": record},
        headers={"Authorization": f"Bearer {token}"},
    )
    forged = httpx.get(
        f"{network_fakes.url}/xrpc/com.atproto.server.getSession",
        headers={"Authorization": f"Bearer {jwt({'sub': did})}"},  # well-formed, never issued
    )

    assert answer.status_code == 400 and answer.json()["error"] == "InvalidRequest"
    assert forged.status_code == 401 and forged.json()["error"] == "InvalidToken"
