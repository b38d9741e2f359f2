"""The channels walk of issue 30, end to end, as a new user would do it (docs/channels.md, "Trying it locally").

    .venv/bin/python scripts/walk_channels.py [--keep]

1. Starts the network stand-ins of the tests (``tests.fakes.networks.NetworkFakes``, in this process:
   the walk flips their switches: counts, a revoked grant) and the embedded default exactly as
   ``make run`` does (``bash scripts/serve_dev.sh``: migrate, the task worker, uvicorn), on free ports,
   with a SQLite file and a media directory in a temporary directory (the checkout's db.sqlite3 and
   media/ are untouched) and short worker intervals. Both are stopped at the end, whatever happens
   (the server's process group).
2. Over HTTP only: registers a user, connects a Mastodon channel (connect → the consent page the
   stand-in approves → callback with code and state) and a Bluesky one (handle + app password),
   uploads an image, generates a content with it attached, schedules it to both channels and waits
   until both are published; asks each stand-in, over its own API, for the post, its image and alt text.
3. Metrics read back: sets counts on the stand-ins, moves ``published_at`` back 61 minutes with
   ``manage.py shell -c`` (the 1-hour checkpoint is due an hour after publication; the walk does not
   wait an hour), waits for the worker's ``post_metrics`` and reads /analytics/posts/ and /channels/.
4. Revoked grant: revokes the Mastodon tokens on the stand-in, schedules the next post there: the
   channel turns ``reconnect_required`` and the post is held (``queued``, with the reason), not failed;
   connecting the account again releases it and it is published.

Every check prints one line; the first that fails ends the walk with status 1 (the server's log is
printed then). ``--keep`` keeps the temporary directory (database, media, server log).
"""

import argparse
import contextlib
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fakes.networks import NetworkFakes  # noqa: E402 - the checkout's root is on the path now

PASSWORD = "walk-channels-pass-42"
ALT_TEXT = "A red square on a white field, the walk's test image"
BLUESKY_HANDLE, BLUESKY_APP_PASSWORD = "alice.test", "app-pass-word-1234"
MASTODON_ACCOUNT = "109"  # the stand-in's seeded account
# Blank for the server (blank is "not configured", and wins over a .env): the embedded default as a
# fresh clone has it, whatever this shell or the checkout's .env configure.
BLANK = (
    "REDIS_URL",
    "OPENAI_API_KEY",
    "GEMINI_API_KEY",
    "STRIPE_SECRET_KEY",
    "EMAIL_URL",
    "MEDIA_S3_BUCKET",
    "DATABASE_REPLICA_URL",
    "CHANNEL_TOKEN_KEYS",
)


class WalkFailed(Exception):
    pass


def check(ok: Any, what: str, detail: Any = "") -> None:
    """One checked fact: printed, and the walk stops at the first that does not hold."""
    if not ok:
        print(f"  FAIL {what}" + (f": {detail}" if detail != "" else ""), flush=True)
        raise WalkFailed(what)
    print(f"  ok   {what}", flush=True)


def step(title: str) -> None:
    print(f"\n== {title}", flush=True)


def wait_for(fn: Callable[[], Any], *, seconds: float, interval: float = 0.5) -> Any:
    """``fn()``'s first truthy answer within ``seconds`` (else its last answer)."""
    deadline = time.monotonic() + seconds
    while True:
        found = fn()
        if found or time.monotonic() > deadline:
            return found
        time.sleep(interval)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (220, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


# -- the stand-ins and the server ---------------------------------------------------------------


def server_env(fakes: NetworkFakes, *, port: int, work: Path, redirect: str) -> dict[str, str]:
    """The environment of ``make run`` pointed at the stand-ins (the variables ``python -m
    tests.fakes.networks`` prints; X and LinkedIn get an OAuth client for ``redirect`` as it registers
    them, so that the four networks are available, though the walk uses Mastodon and Bluesky)."""
    url = fakes.url
    uris = [redirect.replace("{network}", name) for name in ("x", "linkedin")]
    x_client, linkedin_client = fakes.x.oauth.add_client(uris), fakes.linkedin.oauth.add_client(uris)
    env = {**os.environ, **dict.fromkeys(BLANK, "")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.development",
        DEBUG="true",  # the development server serves /media/, where the networks download the image
        PORT=str(port),
        DATABASE_URL=f"sqlite:///{work / 'walk.sqlite3'}",
        MEDIA_ROOT=str(work / "media"),
        API_BASE_URL=f"http://127.0.0.1:{port}",
        SCHEDULER_BACKEND="local",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        CHANNEL_ALLOW_PRIVATE_INSTANCES="true",
        CHANNEL_OAUTH_REDIRECT_URL=redirect,
        CHANNEL_HOLD_RECHECK_SECONDS="5",
        CHANNEL_REFRESH_INTERVAL_SECONDS="5",
        POST_METRICS_INTERVAL_SECONDS="2",
        SCHEDULER_SWEEP_INTERVAL_SECONDS="5",
        X_API_BASE_URL=url,
        X_AUTHORIZE_URL=f"{url}/i/oauth2/authorize",
        X_CLIENT_ID=x_client.client_id,
        X_CLIENT_SECRET=x_client.client_secret,
        LINKEDIN_API_BASE_URL=url,
        LINKEDIN_OAUTH_BASE_URL=f"{url}/oauth/v2",
        LINKEDIN_CLIENT_ID=linkedin_client.client_id,
        LINKEDIN_CLIENT_SECRET=linkedin_client.client_secret,
        BLUESKY_DEFAULT_PDS_URL=url,
        BLUESKY_PUBLIC_API_URL=url,
    )
    return env


def start_server(env: dict[str, str], log: Path) -> subprocess.Popen:
    """``bash scripts/serve_dev.sh`` (what ``make run`` runs) in its own process group."""
    with log.open("wb") as out:
        return subprocess.Popen(  # noqa: S603 - our own script
            ["bash", "scripts/serve_dev.sh"],  # noqa: S607
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def stop_server(process: subprocess.Popen) -> None:
    """SIGTERM to the whole group (serve_dev.sh, the worker, uvicorn and its reloader's child), then
    SIGKILL to whatever is left of it after 15 s."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if not group_alive(process.pid):
            break
        os.killpg(process.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=15)
        wait_for(lambda: not group_alive(process.pid), seconds=15, interval=0.2)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


def wait_ready(process: subprocess.Popen, base: str) -> bool:
    def live() -> bool:
        if process.poll() is not None:
            raise WalkFailed(f"serve_dev.sh exited with {process.returncode}")
        try:
            return httpx.get(f"{base}/health/live", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    return wait_for(live, seconds=120)


def manage_shell(env: dict[str, str], code: str) -> str:
    """``manage.py shell -c`` with the server's environment (its database)."""
    done = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    check(done.returncode == 0, "manage.py shell -c ran", done.stderr[-2000:])
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""  # after shell's import banner


# -- the API as a client --------------------------------------------------------------------------


class Api:
    def __init__(self, base: str) -> None:
        self.http = httpx.Client(base_url=base, timeout=30)
        self.token = ""

    def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return self.http.request(method, path, headers=headers, **kwargs)

    def expect(self, method: str, path: str, status: int, what: str, *, quiet: bool = False, **kwargs: Any) -> Any:
        """The answer's JSON; a check that it has ``status`` (printed unless ``quiet``: the polling reads)."""
        response = self.call(method, path, **kwargs)
        if not quiet or response.status_code != status:
            check(response.status_code == status, f"{what} ({method} {path} → {status})", response.text[:1000])
        return response.json() if response.content else None

    def post_of(self, post_id: str) -> dict[str, Any]:
        return self.expect("GET", f"/api/v1/scheduling/{post_id}/", 200, f"post {post_id[:8]} read", quiet=True)


def register(api: Api) -> dict[str, Any]:
    step("1. A new user")
    email = f"walk-{int(time.time())}@example.com"
    api.expect(
        "POST", "/api/v1/auth/register/", 201, f"registered {email}", json={"email": email, "password": PASSWORD}
    )
    tokens = api.expect("POST", "/api/v1/auth/login/", 200, "logged in", json={"email": email, "password": PASSWORD})
    api.token = tokens["access"]
    organizations = api.expect("GET", "/api/v1/organizations/", 200, "organizations listed")
    rows = organizations["results"] if isinstance(organizations, dict) else organizations
    check(len(rows) == 1, "the user has one organization (theirs)", rows)
    networks = api.expect("GET", "/api/v1/channels/networks/", 200, "networks listed")
    rows_by_name = {n["network"]: n for n in (networks["results"] if isinstance(networks, dict) else networks)}
    available = sorted(name for name, n in rows_by_name.items() if n["available"])
    check({"mastodon", "bluesky"} <= set(available), f"networks available here: {', '.join(available)}", networks)
    return rows[0]


def connect_mastodon(api: Api, fakes: NetworkFakes) -> dict[str, Any]:
    step("2a. Connect Mastodon (OAuth 2.0 + PKCE, the app registered on the instance)")
    start = api.expect(
        "POST", "/api/v1/channels/connect/mastodon/", 200, "consent URL issued", json={"instance_url": fakes.url}
    )
    query = parse_qs(urlsplit(start["authorization_url"]).query)
    check(query.get("code_challenge_method") == ["S256"], "the consent URL carries a PKCE S256 challenge", query)
    consent = httpx.get(start["authorization_url"], follow_redirects=False, timeout=10)
    check(consent.status_code == 302, "the stand-in's consent page approved (302)", consent.text[:300])
    back = parse_qs(urlsplit(consent.headers["location"]).query)
    check(back.get("state") == [start["state"]], "the redirect carries our state and a code", back)
    body = {"code": back["code"][0], "state": back["state"][0]}
    channel = api.expect("POST", "/api/v1/channels/callback/mastodon/", 201, "callback: channel created", json=body)
    check(channel["state"] == "active", f"Mastodon channel {channel['handle']} is active", channel)
    again = api.call("POST", "/api/v1/channels/callback/mastodon/", json=body)
    check(again.status_code == 400, "the same state a second time is refused (single use)", again.text[:300])
    return channel


def connect_bluesky(api: Api, fakes: NetworkFakes) -> dict[str, Any]:
    step("2b. Connect Bluesky (handle + app password)")
    body = {"handle": BLUESKY_HANDLE, "app_password": BLUESKY_APP_PASSWORD}
    channel = api.expect("POST", "/api/v1/channels/connect/bluesky/", 201, "channel created", json=body)
    check(channel["state"] == "active", f"Bluesky channel {channel['handle']} ({channel['account_id']}) is active")
    listed = api.expect("GET", "/api/v1/channels/", 200, "channels listed")
    listed_text = str(listed)
    check(listed["count"] == 2, "two channels in the workspace", listed)
    secrets = [*fakes.mastodon.tokens, *fakes.bluesky.tokens, *fakes.bluesky.refresh_tokens]
    check(
        secrets and not any(s in listed_text for s in secrets), "none of the issued tokens is in the channels' answer"
    )
    return channel


def make_content(api: Api, media: dict[str, Any], prompt: str) -> dict[str, Any]:
    body = {"platform": "bluesky", "prompt": prompt, "tone": "casual", "media": [{"id": media["id"]}]}
    content = api.expect("POST", "/api/v1/content/generate/", 201, f"content generated ({prompt!r})", json=body)
    attached = content.get("media") or content.get("current_version", {}).get("media") or []
    check(
        len(attached) == 1 and attached[0]["id"] == media["id"] and attached[0]["alt_text"] == ALT_TEXT,
        "the image is attached, with its alt text",
        content,
    )
    return content


def upload_image(api: Api) -> dict[str, Any]:
    step("3. An image, and a content with it attached")
    image = png_bytes()
    files = {"file": ("walk.png", image, "image/png")}
    media = api.expect("POST", "/api/v1/media/", 201, "image uploaded", files=files, data={"alt_text": ALT_TEXT})
    check(media["state"] == "ready" and media["size_bytes"] == len(image), f"media ready, {len(image)} bytes", media)
    return media


def schedule(api: Api, content: dict[str, Any], channel: dict[str, Any], seconds: int = 3) -> dict[str, Any]:
    at = (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat()
    body = {"content_id": content["id"], "channel_id": channel["id"], "scheduled_at": at}
    post = api.expect(
        "POST", "/api/v1/scheduling/schedule/", 201, f"scheduled to {channel['network']} at {at[11:19]}Z", json=body
    )
    check(post["platform"] == channel["network"], f"the post's platform is the channel's ({post['platform']})", post)
    return post


def wait_published(api: Api, post: dict[str, Any]) -> dict[str, Any]:
    found = wait_for(lambda: (p := api.post_of(post["id"]))["status"] in ("published", "failed") and p, seconds=60)
    found = found or api.post_of(post["id"])
    check(
        found["status"] == "published" and found["platform_post_id"] and found["platform_post_url"],
        f"{found['platform']} post published: id {found['platform_post_id']}, {found['platform_post_url']}",
        found,
    )
    return found


def publish_to_both(api: Api, media: dict[str, Any], channels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    content = make_content(api, media, "Our spring launch, with a picture")
    step("4. Scheduled a few seconds ahead to both channels; the worker publishes them")
    posts = [schedule(api, content, channel) for channel in channels]
    return [wait_published(api, post) for post in posts]


def stand_in_has_mastodon_post(fakes: NetworkFakes, post: dict[str, Any], media: dict[str, Any]) -> None:
    """Asked over the instance's own API (GET /api/v1/statuses/:id, with a reader's token of the account)."""
    reader = fakes.mastodon.issue_token(MASTODON_ACCOUNT)
    answer = httpx.get(
        f"{fakes.url}/api/v1/statuses/{post['platform_post_id']}", headers={"Authorization": f"Bearer {reader}"}
    )
    check(answer.status_code == 200, "Mastodon stand-in: GET /api/v1/statuses/:id → 200", answer.text[:300])
    status = answer.json()
    check(status["url"] == post["platform_post_url"], f"Mastodon: the status is at {status['url']}", status)
    attachments = status["media_attachments"]
    check(
        len(attachments) == 1 and attachments[0]["type"] == "image" and attachments[0]["description"] == ALT_TEXT,
        "Mastodon: the status carries one image, with our alt text",
        attachments,
    )
    stored = fakes.mastodon.media[attachments[0]["id"]]
    check(
        stored["content_type"] == "image/png" and stored["size"] == media["size_bytes"],
        f"Mastodon: the image received is our PNG ({stored['size']} bytes)",
        stored,
    )


def stand_in_has_bluesky_post(fakes: NetworkFakes, post: dict[str, Any], media: dict[str, Any]) -> None:
    """Asked over the PDS's own API (com.atproto.repo.getRecord, unauthenticated as on a real PDS)."""
    repo, collection, rkey = post["platform_post_id"].removeprefix("at://").split("/")
    params = {"repo": repo, "collection": collection, "rkey": rkey}
    answer = httpx.get(f"{fakes.url}/xrpc/com.atproto.repo.getRecord", params=params)
    check(answer.status_code == 200, "Bluesky stand-in: com.atproto.repo.getRecord → 200", answer.text[:300])
    record = answer.json()["value"]
    images = (record.get("embed") or {}).get("images") or []
    check(
        record.get("embed", {}).get("$type") == "app.bsky.embed.images" and len(images) == 1,
        "Bluesky: the record embeds one image",
        record,
    )
    check(images[0]["alt"] == ALT_TEXT, "Bluesky: with our alt text", images[0])
    blob = fakes.bluesky.blobs[images[0]["image"]["ref"]["$link"]]
    check(
        blob["mimeType"] == "image/png" and blob["size"] == media["size_bytes"],
        f"Bluesky: the blob received is our PNG ({blob['size']} bytes)",
        blob,
    )


def metrics_read_back(api: Api, fakes: NetworkFakes, env: dict[str, str], posts: list[dict[str, Any]]) -> None:
    step("6. Metrics read back")
    by_network = {post["platform"]: post for post in posts}
    fakes.mastodon.set_counts(by_network["mastodon"]["platform_post_id"], favourites=7, reblogs=3, replies=2)
    fakes.bluesky.set_counts(by_network["bluesky"]["platform_post_id"], likes=11, reposts=4, replies=1, quotes=1)
    print("  set on the stand-ins: Mastodon 7 favourites, 3 reblogs, 2 replies; Bluesky 11 likes, 4+1 reposts, 1 reply")
    print("  the 1-hour checkpoint is due an hour after publication: manage.py shell -c moves both posts'")
    print("  published_at back 61 minutes in the walk's database (no code changed), the worker does the rest")
    ids = ", ".join(repr(post["id"]) for post in posts)
    moved = manage_shell(
        env,
        "from datetime import timedelta; from django.db.models import F; "
        "from apps.scheduling.models import ScheduledPost; "
        f"print(ScheduledPost.objects.filter(pk__in=[{ids}])"
        ".update(published_at=F('published_at') - timedelta(minutes=61)))",
    )
    check(moved == "2", "two posts' published_at moved back 61 minutes", moved)

    def read() -> Any:
        answer = api.expect("GET", "/api/v1/analytics/posts/", 200, "analytics of posts", quiet=True)
        rows = answer["results"] if isinstance(answer, dict) and "results" in answer else answer
        return rows if len(rows) == 2 and all(row.get("readings") for row in rows) else None

    rows = wait_for(read, seconds=60)
    check(rows, "the worker's post_metrics read both posts' 1-hour checkpoint (GET /api/v1/analytics/posts/)", rows)
    expected = {"mastodon": (7, 3, 2), "bluesky": (11, 5, 1)}
    for row in rows:
        network = row.get("network") or row.get("platform")
        reading = row["readings"][-1]
        got = (reading["likes"], reading["reposts"], reading["replies"])
        print(f"    {network}: checkpoint {reading['checkpoint']}, likes {got[0]}, reposts {got[1]}, replies {got[2]}")
        check(got == expected[network], f"{network}: the counts are the stand-in's", row)
    totals = api.expect("GET", "/api/v1/analytics/channels/", 200, "per-channel totals")
    rows = totals["results"] if isinstance(totals, dict) and "results" in totals else totals
    for row in rows:
        print(f"    {row}")
    check(sum(row.get("likes") or 0 for row in rows) == 18, "the channels' likes add up to 7 + 11", rows)


def revoked_grant(api: Api, fakes: NetworkFakes, media: dict[str, Any], mastodon: dict[str, Any]) -> dict[str, Any]:
    step("7. A revoked grant: the user removes our app on the Mastodon instance")
    with fakes.mastodon.lock:
        tokens = [token for token, account in fakes.mastodon.tokens.items() if account == MASTODON_ACCOUNT]
    for token in tokens:
        fakes.mastodon.revoke(token)
    check(tokens, f"stand-in: every token of the account revoked ({len(tokens)})")
    content = make_content(api, media, "The next post, after the grant was revoked")
    post = schedule(api, content, mastodon)

    def turned() -> Any:
        channel = api.expect("GET", f"/api/v1/channels/{mastodon['id']}/", 200, "channel read", quiet=True)
        return channel if channel["state"] != "active" else None

    channel = wait_for(turned, seconds=60)
    check(channel and channel["state"] == "reconnect_required", "the channel turned reconnect_required", channel)
    check(channel["state_reason"], f"with the network's reason: {channel['state_reason']}", channel)
    path = "/api/v1/audit/entries/?action=channel.reconnect_required"
    entries = api.expect("GET", path, 200, "the audit log read", quiet=True)["results"]
    check(
        [e["target_id"] for e in entries] == [mastodon["id"]],
        "the event channel.reconnect_required is in the audit log (GET /api/v1/audit/entries/)",
        entries,
    )
    calls = len(fakes.mastodon.calls(r"^/api/"))
    time.sleep(8)  # past a hold recheck (CHANNEL_HOLD_RECHECK_SECONDS=5): still held, not failed
    held = api.post_of(post["id"])
    check(len(fakes.mastodon.calls(r"^/api/")) == calls, "no call to the instance while the post is held (8 s)")
    check(
        held["status"] == "queued" and held["attempts"] <= 1,
        f"the post is held: status {held['status']}, attempts {held['attempts']}, not failed",
        held,
    )
    check(held["last_error"], f"with the reason: {held['last_error']}", held)
    check(not held["platform_post_id"], "and nothing was published", held)
    late = api.call(
        "POST", "/api/v1/scheduling/schedule/", json={**_schedule_body(content, mastodon), "allow_duplicate": True}
    )
    check(
        late.status_code == 400, "a reconnect_required channel takes no new post (400 on channel_id)", late.text[:300]
    )
    return held


def _schedule_body(content: dict[str, Any], channel: dict[str, Any]) -> dict[str, Any]:
    at = (datetime.now(UTC) + timedelta(seconds=30)).isoformat()
    return {"content_id": content["id"], "channel_id": channel["id"], "scheduled_at": at}


def reconnect_email_sent(log: Path) -> None:
    """The admins' email, in the worker's output (the development settings' console email backend)."""
    text = wait_for(
        lambda: (t := log.read_text(errors="replace")) and "Reconnect your Mastodon account" in t, seconds=20
    )
    check(text, "the owner was emailed 'Reconnect your Mastodon account …' (console email, in the server's log)")


def reconnect_releases(api: Api, fakes: NetworkFakes, held: dict[str, Any]) -> None:
    step("8. Connecting the account again: the channel is active and the held post goes")
    channel = connect_mastodon_again(api, fakes)
    check(channel["state"] == "active", "the same channel is active again", channel)
    post = wait_published(api, held)
    check(post["id"] == held["id"], "the held post was published, not failed", post)


def connect_mastodon_again(api: Api, fakes: NetworkFakes) -> dict[str, Any]:
    start = api.expect(
        "POST", "/api/v1/channels/connect/mastodon/", 200, "consent URL issued", json={"instance_url": fakes.url}
    )
    consent = httpx.get(start["authorization_url"], follow_redirects=False, timeout=10)
    back = parse_qs(urlsplit(consent.headers["location"]).query)
    body = {"code": back["code"][0], "state": back["state"][0]}
    return api.expect("POST", "/api/v1/channels/callback/mastodon/", 200, "callback: the channel refreshed", json=body)


def walk(api: Api, fakes: NetworkFakes, env: dict[str, str], log: Path) -> None:
    register(api)
    mastodon = connect_mastodon(api, fakes)
    bluesky = connect_bluesky(api, fakes)
    media = upload_image(api)
    posts = publish_to_both(api, media, [mastodon, bluesky])
    step("5. Each stand-in received the post with its image and alt text")
    by_network = {post["platform"]: post for post in posts}
    stand_in_has_mastodon_post(fakes, by_network["mastodon"], media)
    stand_in_has_bluesky_post(fakes, by_network["bluesky"], media)
    metrics_read_back(api, fakes, env, posts)
    held = revoked_grant(api, fakes, media, mastodon)
    reconnect_email_sent(log)
    reconnect_releases(api, fakes, held)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (database, media, log)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="walk-channels-"))
    port = free_port()
    redirect = "http://localhost:5173/channels/callback/{network}"
    fakes = NetworkFakes().start()  # a free port
    env = server_env(fakes, port=port, work=work, redirect=redirect)
    log = work / "server.log"
    print(f"Network stand-ins on {fakes.url}; `make run`'s serve_dev.sh on http://127.0.0.1:{port}")
    print(f"Working directory {work} (SQLite walk.sqlite3, media/, server.log)")
    checkout = checkout_state()
    server = start_server(env, log)
    started = time.monotonic()
    try:
        check(wait_ready(server, env["API_BASE_URL"]), "the server is up (GET /health/live)")
        walk(Api(env["API_BASE_URL"]), fakes, env, log)
    except (WalkFailed, httpx.HTTPError, KeyError) as exc:
        print(f"\nWALK FAILED: {exc!r}. The server's log (last 60 lines of {log}):")
        print("\n".join(log.read_text(errors="replace").splitlines()[-60:]))
        return 1
    finally:
        stop_server(server)
        fakes.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return after_stop(server, port, checkout, started)


def checkout_state() -> dict[str, Any]:
    """What the walk must leave alone: the checkout's own database and media directory."""
    return {
        name: (p.stat().st_mtime_ns if p.exists() else None) for name in ("db.sqlite3", "media") if (p := ROOT / name)
    }


def after_stop(server: subprocess.Popen, port: int, checkout: dict[str, Any], started: float) -> int:
    step("9. Stopped and left clean")
    try:
        check(server.poll() is not None, "serve_dev.sh has exited")
        check(not group_alive(server.pid), "no process of its group is left (worker, uvicorn)")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                listening = True
        except OSError:
            listening = False
        check(not listening, f"nothing listens on port {port} any more")
        check(checkout_state() == checkout, "the checkout's db.sqlite3 and media/ are untouched", checkout_state())
    except WalkFailed:
        return 1
    print(f"\nWALK PASSED in {time.monotonic() - started:.0f} s: every check held.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
