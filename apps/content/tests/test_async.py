"""The async generation path (ASGI): generate and regenerate, plain and streamed, through Django's
AsyncClient (an ASGI request, so the async views await the provider's async SDK client against the
local fake server). The database steps run in pool threads with their own connections, so these
tests commit for real (transaction=True)."""

import asyncio
import json
import time

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient
from werkzeug import Request, Response

from apps.content.models import Content, ContentVersion
from apps.subscriptions.models import ReservationStatus, UsageReservation
from apps.subscriptions.usage import usage_reserve, usage_settle
from apps.users.tokens import token_pair_for_user
from tests.factories import set_quota
from tests.fakes.ai import gm_text, oa_text, sleep_then, status
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


def _spend(org, *, tokens: int) -> None:
    usage_settle(reservation=usage_reserve(organization=org, tokens=tokens), tokens=tokens)


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


def test_async_generate_with_gemini_uses_the_async_client(owner, org, gemini_on):
    code, data, _ = apost(owner, URL, body(org, ai_provider="gemini"))

    assert code == 201, data
    assert data["provider"] == "gemini" and data["generated_text"].startswith("Gemini says")
    assert spent(org) == (data["tokens_used"], 0, 1, 0)


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


def test_async_errors_keep_the_one_shape(owner, org, openai_on):
    unauthenticated = apost(None, URL, body(org))
    invalid = apost(owner, URL, body(org, platform="myspace"))

    assert unauthenticated[0] == 401 and unauthenticated[1]["error"]["code"] == "not_authenticated"
    assert invalid[0] == 400 and invalid[1]["error"]["code"] == "validation_error"
    assert openai_on.openai_requests() == []


def test_async_quota_402_before_any_call_and_the_crossing_request_finishes(owner, org, openai_on):
    set_quota(org, tokens=100)
    _spend(org, tokens=99)  # one token left: admitted (99 < 100)

    crossing = apost(owner, URL, body(org, ai_provider="openai"))
    after = apost(owner, URL, body(org, ai_provider="openai"))

    assert crossing[0] == 201, crossing[1]
    assert spent(org)[0] == 99 + crossing[1]["tokens_used"] > 100
    assert after[0] == 402 and after[1]["error"]["code"] == "quota_exceeded"
    assert len(openai_on.openai_requests()) == 1


def test_async_retries_then_answers(owner, org, openai_on):
    openai_on.script = [status(429), status(503)]

    code, data, _ = apost(owner, URL, body(org, ai_provider="openai"))

    assert code == 201, data
    assert len(openai_on.openai_requests()) == 3


def test_async_falls_back_after_retries_and_says_so(owner, org, openai_on, gemini_on, settings):
    settings.AI_FALLBACK_PROVIDER = "gemini"
    openai_on.script = [status(500), status(500), status(500)]

    code, data, _ = apost(owner, URL, body(org, ai_provider="openai"))

    assert code == 201, data
    assert data["provider"] == "gemini" and data["fallback_used"] is True and data["requested_provider"] == "openai"


def test_async_provider_error_is_502_and_spends_nothing(owner, org, openai_on):
    openai_on.script = [status(500), status(500), status(500)]

    code, data, _ = apost(owner, URL, body(org, ai_provider="openai"))

    assert code == 502 and data["error"]["code"] == "ai_provider_error"
    assert spent(org) == (0, 0, 0, 0) and not Content.objects.exists()
    assert UsageReservation.objects.get().status == ReservationStatus.RELEASED


def test_async_unreachable_provider_is_retried_then_502_not_a_timeout(owner, org, ai_settings):
    import socket

    with socket.socket() as sock:  # a port nothing listens on: the connection is refused
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    ai_settings.OPENAI_API_KEY = "sk-test-not-a-real-key"
    ai_settings.OPENAI_BASE_URL = f"http://127.0.0.1:{port}/v1"

    code, data, _ = apost(owner, URL, body(org, ai_provider="openai"))

    assert code == 502 and data["error"]["code"] == "ai_provider_error", data
    assert spent(org) == (0, 0, 0, 0) and not Content.objects.exists()


def test_async_timeout_is_an_asyncio_timeout_504_and_spends_nothing(owner, org, openai_on, settings):
    settings.AI_TIMEOUT_SECONDS = 0.5
    openai_on.script = [sleep_then(3, oa_text("too late"))]

    started = time.monotonic()
    code, data, _ = apost(owner, URL, body(org, ai_provider="openai"))

    assert code == 504 and data["error"]["code"] == "ai_timeout"
    assert time.monotonic() - started < 2.5  # cancelled at 0.5 s, not left running to the answer
    assert spent(org) == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("stream", "answer"),
    [
        (False, oa_text("", finish="content_filter")),
        (True, oa_text("", finish="content_filter")),
        (False, oa_text("", refusal="I can't help with that.")),
    ],
    ids=["content_filter", "content_filter_streamed", "refusal_message"],
)
def test_async_refusal_is_422(owner, org, openai_on, stream, answer):
    openai_on.script = [answer]

    code, data, _ = apost(owner, URL, body(org, ai_provider="openai", stream=stream))

    assert code == 422 and data["error"]["code"] == "ai_content_refused"
    assert spent(org) == (0, 0, 0, 0)


@pytest.mark.parametrize("stream", [False, True])
def test_async_answer_without_usage_is_charged_the_documented_estimate(owner, org, openai_on, stream):
    openai_on.script = [oa_text("Second shop opens on Monday.", usage=False)]

    code, data, _ = apost(owner, URL, body(org, ai_provider="openai", stream=stream))

    if stream:
        assert code == 200 and data[-1][0] == "done", data
        data = data[-1][1]
    else:
        assert code == 201, data
    assert data["usage_estimated"] is True and data["generated_text"] == "Second shop opens on Monday."
    version = ContentVersion.objects.get(pk=data["version_id"])
    assert version.prompt_tokens > 0 and version.completion_tokens > 0
    assert version.total_tokens == version.prompt_tokens + version.completion_tokens
    assert spent(org)[0] == version.total_tokens


@pytest.mark.parametrize(
    "payload",
    ["<html>Bad gateway</html>", json.dumps({"choices": []}), json.dumps({"choices": ["no"]}), json.dumps([1])],
    ids=["html", "no_choice", "choice_not_an_object", "not_an_object"],
)
def test_async_2xx_that_is_not_a_chat_completion_is_502_and_spends_nothing(owner, org, openai_on, payload):
    openai_on.script = [lambda request, body: Response(payload, status=200, content_type="application/json")]

    code, data, _ = apost(owner, URL, body(org, ai_provider="openai"))

    assert code == 502 and data["error"]["code"] == "ai_provider_error"
    assert spent(org) == (0, 0, 0, 0) and not Content.objects.exists()


def test_async_gemini_block_is_422(owner, org, gemini_on):
    from tests.fakes.ai import gm_blocked

    gemini_on.script = [gm_blocked()]
    code, data, _ = apost(owner, URL, body(org, ai_provider="gemini"))

    assert code == 422 and data["error"]["code"] == "ai_content_refused"


def test_async_overlength_text_is_shortened_once_then_fits(owner, org, openai_on):
    long = "word " * 200  # threads: 500 characters
    openai_on.script = [oa_text(long.strip()), oa_text("short and sweet")]

    code, data, _ = apost(owner, URL, body(org, ai_provider="openai"))

    assert code == 201, data
    assert data["shortened"] is True and data["generated_text"] == "short and sweet"
    assert len(openai_on.openai_requests()) == 2
    version = ContentVersion.objects.get()
    assert [c["purpose"] for c in version.parameters["calls"]] == ["generate", "shorten"]
    assert spent(org)[0] == version.total_tokens and spent(org)[1] == 0


def test_async_overlength_text_is_cut_when_shortening_fails(owner, org, openai_on):
    openai_on.script = [oa_text(("word " * 200).strip()), status(400)]

    code, data, _ = apost(owner, URL, body(org, ai_provider="openai"))

    assert code == 201 and data["truncated"] is True and len(data["generated_text"]) <= data["platform_limit"]
    assert spent(org)[1] == 0


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


def test_async_stream_consumer_closing_the_generator_keeps_what_arrived(owner, org, openai_on):
    """The other way a client leaves: the response's iterator is closed (aclose) after one delta."""
    from apps.content.services import content_generation_prepare_new
    from apps.content.services_async import content_generation_astream

    openai_on.script = [oa_text("alpha beta gamma delta")]
    prepared = content_generation_prepare_new(
        user=owner,
        organization_id=org.pk,
        platform="threads",
        tone="casual",
        prompt="x",
        ai_provider="openai",
        stream=True,
    )

    async def go():
        events = content_generation_astream(prepared=prepared)
        first = await anext(events)
        await events.aclose()
        return first

    assert async_to_sync(go)() == ("delta", "alpha")
    version = ContentVersion.objects.get()
    assert version.text == "alpha" and version.parameters["client_disconnected"] is True
    assert spent(org)[1] == 0 and spent(org)[3] == 0


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


def test_async_offline_provider_plain_and_streamed(owner, org, ai_settings):
    plain = apost(owner, URL, body(org))
    streamed = apost(owner, URL, body(org, stream=True))

    assert plain[0] == 201 and plain[1]["provider"] == "offline"
    assert streamed[1][-1][0] == "done" and streamed[1][-1][1]["provider"] == "offline"


def test_gemini_async_stream(owner, org, gemini_on):
    gemini_on.script = [gm_text("Gemini streams this")]

    code, events, _ = apost(owner, URL, body(org, ai_provider="gemini", stream=True))

    assert code == 200 and events[-1][0] == "done" and events[-1][1]["generated_text"] == "Gemini streams this"


@pytest.mark.django_db(transaction=False)
def test_every_middleware_runs_async_so_the_async_views_hold_no_thread(settings):
    """One sync-only middleware in the chain makes Django run the rest of the chain (the async
    generation views included) through async_to_sync on a thread of its own: each waiting
    generation would hold a thread again (and under Django's AsyncClient they queue one by one)."""
    from django.core.handlers.asgi import ASGIHandler
    from django.utils.module_loading import import_string

    sync_only = [path for path in settings.MIDDLEWARE if not getattr(import_string(path), "async_capable", False)]
    assert sync_only == []
    handler = ASGIHandler()
    assert asyncio.iscoroutinefunction(handler._middleware_chain)


def test_generate_round_trips_membership_read_once_and_settle_without_savepoint(owner, org, openai_on):
    """The generation's SQL: the permission check's membership is handed to the service (not read
    again), the brand voice comes with the
    workspace, and settle runs inside the save transaction without a savepoint of its own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.support.clients import client_for

    client = client_for(owner)
    payload = {"platform": "twitter", "tone": "casual", "prompt": "Launch day", "organization_id": str(org.pk)}
    assert client.post(URL, payload, format="json").status_code == 201  # warm caches
    with CaptureQueriesContext(connection) as queries:
        assert client.post(URL, payload, format="json").status_code == 201
    sql = [q["sql"] for q in queries.captured_queries]
    # the check only: the limiter's rows come from the shared cache (warm), a write's check from the database
    assert sum('FROM "organizations_organizationmember"' in s for s in sql) == 1, sql
    assert not [s for s in sql if s.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))], sql
    assert not [s for s in sql if s.startswith('UPDATE "content_content"')], sql  # inserted at version 1
    assert not [s for s in sql if 'FROM "brand_brandvoice"' in s], sql  # read with the workspace (joined)
    assert sum('JOIN "brand_brandvoice"' in s for s in sql) == 1, sql


def test_async_generate_applies_the_brand_voice_rewrite_and_required_hashtags(owner, org, openai_on):
    from apps.brand.services import brand_voice_set
    from apps.organizations.selectors import workspace_default

    brand_voice_set(
        user=owner,
        workspace_id=workspace_default(organization_id=org.pk).pk,
        banned_phrases=["game changer"],
        required_hashtags=["acme"],
    )
    openai_on.script = [oa_text("A real Game Changer for teams"), oa_text("A steady tool for teams")]

    code, data, _ = apost(owner, URL, body(org, ai_provider="openai"))

    assert code == 201, data
    assert "game changer" not in data["generated_text"].lower() and data["generated_text"].endswith("#acme")
    assert data["brand_voice_revision"] == 1 and data["brand_warnings"] == []
    version = ContentVersion.objects.get(pk=data["version_id"])
    assert [call["purpose"] for call in version.parameters["calls"]] == ["generate", "brand_retry"]
    assert spent(org) == (version.total_tokens, 0, 1, 0)


@pytest.mark.parametrize("stream", [False, True])
def test_async_refusal_and_provider_error_are_noted_for_the_analytics(owner, org, openai_on, stream):
    from apps.content.models import FailureOutcome, GenerationFailure

    openai_on.script = [oa_text("", finish="content_filter"), status(500), status(500), status(500)]

    refused, _, _ = apost(owner, URL, body(org, ai_provider="openai", stream=stream))
    failed, _, _ = apost(owner, URL, body(org, ai_provider="openai", stream=stream))

    assert (refused, failed) == (422, 502)
    outcomes = list(GenerationFailure.objects.order_by("created_at").values_list("outcome", flat=True))
    assert outcomes == [FailureOutcome.REFUSED, FailureOutcome.ERROR]


def test_async_generation_is_audited_with_its_user_and_request_id(owner, org, openai_on):
    from apps.audit.models import AuditEntry

    code, data, headers = apost(owner, URL, body(org, ai_provider="openai"))

    assert code == 201, data
    entry = AuditEntry.objects.get(action="content.generated")
    assert (entry.actor_user_id, entry.target_id) == (owner.pk, data["id"])
    assert entry.request_id == headers["X-Request-ID"]
