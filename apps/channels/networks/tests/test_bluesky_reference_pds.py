"""Our Bluesky module against the reference PDS (@atproto/pds, started by scripts/bluesky_pds.sh),
a real peer instead of the stand-in. Skipped unless BLUESKY_PDS_URL, BLUESKY_PDS_HANDLE and
BLUESKY_PDS_APP_PASSWORD name one (the script prints them); the metrics test also needs the
AppView (``start-appview``, BLUESKY_PDS_APPVIEW=1)."""

import asyncio
import os
import secrets
from datetime import UTC, datetime

import httpx
import pytest

from apps.channels.networks import bluesky
from apps.channels.networks.base import AccountAuth, MediaItem, NetworkAuthError, NetworkError
from tests.fakes.networks.fixtures import PNG

PDS_URL = os.environ.get("BLUESKY_PDS_URL", "")
HANDLE = os.environ.get("BLUESKY_PDS_HANDLE", "")
APP_PASSWORD = os.environ.get("BLUESKY_PDS_APP_PASSWORD", "")
WITH_APPVIEW = os.environ.get("BLUESKY_PDS_APPVIEW") == "1"  # scripts/bluesky_pds.sh start-appview

pytestmark = pytest.mark.skipif(not (PDS_URL and HANDLE and APP_PASSWORD), reason="no reference PDS (BLUESKY_PDS_URL)")


def _login(call):
    return call(lambda http: bluesky.create_session(identifier=HANDLE, password=APP_PASSWORD, pds=PDS_URL, http=http))


def test_reference_pds_post_with_image_and_facets_reads_back(network_fakes, call):
    session = _login(call)
    auth = AccountAuth("bluesky", session.access_jwt, session.did, PDS_URL, extra={"handle": session.handle})
    image = MediaItem(
        "image", "image/png", network_fakes.files.host(PNG, "image/png"), "Un carré rouge", width=1, height=1
    )
    text = f"Über café ☕ @{HANDLE} https://example.com/é #tést"

    published = call(lambda http: bluesky.Bluesky().publish(auth=auth, text=text, media=[image], http=http))

    repo, collection, rkey = published.platform_post_id.removeprefix("at://").split("/")
    answer = httpx.get(
        f"{PDS_URL}/xrpc/com.atproto.repo.getRecord", params={"repo": repo, "collection": collection, "rkey": rkey}
    )
    record = answer.raise_for_status().json()["value"]
    [stored] = record["embed"]["images"]
    assert stored["alt"] == "Un carré rouge" and stored["aspectRatio"] == {"width": 1, "height": 1}
    blob = httpx.get(
        f"{PDS_URL}/xrpc/com.atproto.sync.getBlob", params={"did": session.did, "cid": stored["image"]["ref"]["$link"]}
    )
    assert blob.content == PNG
    raw = text.encode()
    spans = {
        f["features"][0]["$type"]: raw[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode()
        for f in record["facets"]
    }
    assert spans == {
        "app.bsky.richtext.facet#mention": f"@{HANDLE}",
        "app.bsky.richtext.facet#link": "https://example.com/é",
        "app.bsky.richtext.facet#tag": "#tést",
    }
    profile = call(lambda http: bluesky.Bluesky().fetch_profile(auth=auth, http=http))
    assert (profile.account_id, profile.handle) == (session.did, HANDLE)


def test_reference_pds_refresh_rotates_and_a_wrong_password_is_an_auth_error(call):
    session = _login(call)
    renewed = call(lambda http: bluesky.refresh(refresh_jwt=session.refresh_jwt, pds=PDS_URL, http=http))
    auth = AccountAuth("bluesky", renewed.access_jwt, renewed.did, PDS_URL)

    profile = call(lambda http: bluesky.Bluesky().fetch_profile(auth=auth, http=http))

    assert renewed.refresh_jwt != session.refresh_jwt and renewed.access_expires_at is not None
    assert profile.account_id == session.did
    with pytest.raises(NetworkAuthError):
        call(lambda http: bluesky.create_session(identifier=HANDLE, password="wrong-pass-word", pds=PDS_URL, http=http))


@pytest.mark.skipif(not WITH_APPVIEW, reason="no AppView behind the PDS (scripts/bluesky_pds.sh start-appview)")
def test_reference_appview_counts_a_like_from_another_account(call):
    session = _login(call)
    auth = AccountAuth("bluesky", session.access_jwt, session.did, PDS_URL, extra={"handle": session.handle})
    published = call(lambda http: bluesky.Bluesky().publish(auth=auth, text="count me #metrics", media=[], http=http))
    _like_from_a_new_account(published.platform_post_id)

    async def metrics_once_indexed(http):
        metrics = None
        for _ in range(40):  # the AppView indexes the PDS's firehose asynchronously
            try:
                metrics = await bluesky.Bluesky().read_metrics(
                    auth=auth, platform_post_id=published.platform_post_id, http=http
                )
            except NetworkError as exc:  # not indexed yet: transient, as the module says
                assert exc.code == "post_not_indexed" and not exc.permanent
            if metrics and metrics.likes:
                return metrics
            await asyncio.sleep(0.25)
        return metrics

    metrics = call(metrics_once_indexed)
    profile = call(lambda http: bluesky.Bluesky().fetch_profile(auth=auth, http=http))

    assert (metrics.likes, metrics.reposts, metrics.replies, metrics.impressions) == (1, 0, 0, None)
    assert profile.handle == HANDLE


def _like_from_a_new_account(uri: str) -> None:
    name = f"bob{secrets.token_hex(3)}"
    account = (
        httpx.post(
            f"{PDS_URL}/xrpc/com.atproto.server.createAccount",
            json={"handle": f"{name}.test", "email": f"{name}@example.test", "password": "bob-password-1"},
        )
        .raise_for_status()
        .json()
    )
    repo, collection, rkey = uri.removeprefix("at://").split("/")
    params = {"repo": repo, "collection": collection, "rkey": rkey}
    cid = httpx.get(f"{PDS_URL}/xrpc/com.atproto.repo.getRecord", params=params).raise_for_status().json()["cid"]
    created = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    record = {"$type": "app.bsky.feed.like", "subject": {"uri": uri, "cid": cid}, "createdAt": created}
    httpx.post(
        f"{PDS_URL}/xrpc/com.atproto.repo.createRecord",
        json={"repo": account["did"], "collection": "app.bsky.feed.like", "record": record},
        headers={"Authorization": f"Bearer {account['accessJwt']}"},
    ).raise_for_status()


def test_reference_pds_retry_after_a_lost_answer_does_not_post_twice(call):
    session = _login(call)
    auth = AccountAuth("bluesky", session.access_jwt, session.did, PDS_URL, extra={"handle": session.handle})
    text = f"once only {secrets.token_hex(4)}"

    first = call(lambda http: bluesky.Bluesky().publish(auth=auth, text=text, media=[], http=http))
    again = call(lambda http: bluesky.Bluesky().publish(auth=auth, text=text, media=[], http=http))

    listed = httpx.get(
        f"{PDS_URL}/xrpc/com.atproto.repo.listRecords",
        params={"repo": session.did, "collection": "app.bsky.feed.post", "limit": 100},
    ).raise_for_status()
    assert again == first
    assert [r["value"]["text"] for r in listed.json()["records"]].count(text) == 1
