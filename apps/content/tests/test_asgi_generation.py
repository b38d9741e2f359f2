"""The generation pipeline as production serves it (ASGI): Django's AsyncClient sends ASGI requests,
the async views await the provider's async SDK client (against the local fake server), and the
database steps run in their own pool threads with their own connections (``db_step`` as in
production: these tests commit for real, transaction=True). What only ASGI shows is tested here:
real streaming, a client that leaves, generations waiting at once without a thread each. The
behaviour of the pipeline itself is tested through Django's test client (test_generate.py,
test_streaming.py, ...), which runs the same async views."""

import asyncio
import json
import time

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient
from werkzeug import Request, Response

from apps.content.models import Content, ContentVersion
from apps.subscriptions.models import ReservationStatus, UsageReservation
from apps.users.tokens import token_pair_for_user
from tests.fakes.ai import oa_text, sleep_then
from tests.support.usage import spent

URL = "/api/v1/content/generate/"
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def body(org, **extra):
    return {
        "platform": "threads",
        "tone": "casual",
        "prompt": "Our cafe opens a second shop",
        "organization_id": str(org.pk),
        **extra,
    }


class _Client:
    """An AsyncClient that sends the user's bearer token with each request."""

    def __init__(self, user) -> None:
        token = token_pair_for_user(user=user)["access"] if user else None
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.client = AsyncClient()

    def post(self, path, data, **kwargs):
        return self.client.post(path, data, headers=self.headers, **kwargs)


def _client(user) -> _Client:
    return _Client(user)


def apost(user, path, data) -> tuple[int, dict | list, dict]:
    """POST through the ASGI path; (status, JSON body or SSE events, headers)."""

    client = _client(user)

    async def go():
        response = await client.post(path, data, content_type="application/json")
        if response.streaming:
            raw = b"".join([chunk async for chunk in response.streaming_content])
            return response.status_code, parse_sse(raw), response.headers
        return response.status_code, json.loads(response.content), response.headers

    return async_to_sync(go)()


def parse_sse(raw: bytes) -> list[tuple[str, dict]]:
    events = []
    for block in raw.decode().strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


@pytest.fixture(autouse=True)
def _database_steps_in_their_pool(settings):
    settings.DB_STEPS_ON_CALLER_THREAD = False


def test_async_generate_answers_201_with_provenance_and_settles(owner, org, openai_on):
    code, data, headers = apost(owner, URL, body(org, ai_provider="openai"))

    assert code == 201, data
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Request-ID"]  # the middleware chain ran async (RequestIdMiddleware)
    assert "Accept" in headers.get("Vary", "")  # what DRF's half added is kept
    assert data["provider"] == "openai" and data["model"] == "gpt-test" and data["version"] == 1
    assert data["fallback_used"] is False and data["requested_provider"] == "openai"
    version = ContentVersion.objects.get(pk=data["version_id"])
    assert version.parameters["calls"][0]["purpose"] == "generate" and version.total_tokens == data["tokens_used"]
    assert spent(org) == (data["tokens_used"], 0, 1, 0)
    assert UsageReservation.objects.get().status == ReservationStatus.SETTLED


def test_async_stream_sends_deltas_then_done_and_settles(owner, org, openai_on):
    code, events, headers = apost(owner, URL, body(org, ai_provider="openai", stream=True))

    assert code == 200 and headers["Content-Type"].startswith("text/event-stream")
    kinds = [kind for kind, _ in events]
    assert kinds[-1] == "done" and set(kinds[:-1]) == {"delta"} and len(kinds) > 2
    done = events[-1][1]
    assert "".join(d["text"] for k, d in events if k == "delta").strip() == done["generated_text"]
    assert spent(org) == (done["tokens_used"], 0, 1, 0)
    assert ContentVersion.objects.get(pk=done["version_id"]).parameters["stream"] is True


@pytest.mark.parametrize("stream", [False, True])
def test_async_regenerate_makes_version_two(owner, org, openai_on, stream):
    _, first, _ = apost(owner, URL, body(org, ai_provider="openai"))
    code, data, _ = apost(
        owner, f"/api/v1/content/{first['id']}/regenerate/", {"modifications": "shorter", "stream": stream}
    )

    done = data[-1][1] if stream else data
    assert code == (200 if stream else 201)
    assert done["version"] == 2 and Content.objects.get().current_version == 2
    assert spent(org)[1] == 0 and spent(org)[2] == 1  # regenerate reserves no post


def _slow_stream(state: dict):
    """Two deltas, then keep-alive comments for 10 s (the client leaves meanwhile); records whether the
    server saw the connection closed before the end."""

    def action(request: Request, data: dict) -> Response:
        def events():
            base = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-test"}
            try:
                for piece in ["one", " two"]:
                    chunk = {**base, "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                    yield f"data: {json.dumps(chunk)}\n\n"
                for _ in range(100):
                    time.sleep(0.1)
                    yield ": keep-alive\n\n"
                state["finished"] = True
            except BaseException:
                state["closed_early"] = True
                raise
            finally:
                state.setdefault("closed_early", not state.get("finished"))

        return Response(events(), content_type="text/event-stream")

    return action


def test_async_stream_client_gone_cancels_upstream_saves_what_arrived_and_settles(owner, org, openai_on):
    """Django cancels the request's task when the client disconnects: the upstream stream is closed,
    the two deltas that arrived are saved as the version and the estimate is settled."""
    state: dict = {}
    openai_on.script = [_slow_stream(state)]

    client = _client(owner)

    async def go():
        response = await client.post(URL, body(org, ai_provider="openai", stream=True), content_type="application/json")
        received = []

        async def consume():
            async for chunk in response.streaming_content:
                received.append(chunk)

        task = asyncio.ensure_future(consume())
        for _ in range(100):
            await asyncio.sleep(0.05)
            if len(received) >= 2:
                break
        task.cancel()  # what the ASGI handler does on http.disconnect
        with pytest.raises(asyncio.CancelledError):
            await task
        return received

    started = time.monotonic()
    received = async_to_sync(go)()

    assert [c.split(b"\n")[0] for c in received] == [b"event: delta", b"event: delta"]
    assert time.monotonic() - started < 5  # not waiting for the provider's 10 s
    version = ContentVersion.objects.get()
    assert version.text == "one two" and version.parameters["client_disconnected"] is True
    assert version.parameters["usage_estimated"] is True
    assert spent(org) == (version.total_tokens, 0, 1, 0)  # settled, nothing left reserved
    assert UsageReservation.objects.get().status == ReservationStatus.SETTLED
    for _ in range(30):  # the fake server notices on its next write
        if "closed_early" in state:
            break
        time.sleep(0.1)
    assert state.get("closed_early") is True


def test_async_stream_gone_before_any_text_releases(owner, org, openai_on):
    openai_on.script = [sleep_then(3, oa_text("late"))]

    client = _client(owner)

    async def go():
        task = asyncio.ensure_future(
            client.post(URL, body(org, ai_provider="openai", stream=True), content_type="application/json")
        )
        await asyncio.sleep(0.5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    async_to_sync(go)()

    assert spent(org) == (0, 0, 0, 0) and not Content.objects.exists()
    assert UsageReservation.objects.get().status == ReservationStatus.RELEASED


@pytest.mark.django_db(transaction=False)
def test_every_middleware_runs_async_so_the_async_views_hold_no_thread(settings):
    """One sync-only middleware in the chain makes Django run the rest of the chain (the async
    generation views included) through async_to_sync on a thread of its own: each waiting
    generation would hold a thread again (and under Django's AsyncClient they queue one by one)."""
    from django.utils.module_loading import import_string

    sync_only = [path for path in settings.MIDDLEWARE if not getattr(import_string(path), "async_capable", False)]
    assert sync_only == []


def test_async_generation_is_audited_with_its_user_and_request_id(owner, org, openai_on):
    from apps.audit.models import AuditEntry

    code, data, headers = apost(owner, URL, body(org, ai_provider="openai"))

    assert code == 201, data
    entry = AuditEntry.objects.get(action="content.generated")
    assert (entry.actor_user_id, entry.target_id) == (owner.pk, data["id"])
    assert entry.request_id == headers["X-Request-ID"]
