"""Streaming (Server-Sent Events) of generate and regenerate, through Django's test client (WSGI: the
events arrive at once; a client leaving midway is tested through ASGI in test_asgi_generation.py)."""

import json

import pytest
from asgiref.sync import async_to_sync

from apps.content.models import Content, ContentVersion
from tests.fakes.ai import gm_text, oa_text, status
from tests.support.clients import client_for
from tests.support.usage import spent

URL = "/api/v1/content/generate/"
pytestmark = pytest.mark.django_db


def body(org, **extra):
    return {
        "platform": "threads",
        "tone": "casual",
        "prompt": "Our cafe opens a second shop",
        "organization_id": str(org.pk),
        "stream": True,
        **extra,
    }


def parse_sse(raw: bytes) -> list[tuple[str, dict]]:
    events = []
    for block in raw.decode().strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


@pytest.mark.parametrize("provider", ["openai", "gemini", "offline"])
def test_content_generate_stream_sends_deltas_then_the_same_json_as_without_stream(
    owner, org, openai_on, gemini_on, provider
):
    response = client_for(owner).post(URL, body(org, ai_provider=provider), format="json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/event-stream")
    events = parse_sse(b"".join(response.streaming_content))
    kinds = [kind for kind, _ in events]
    assert kinds[-1] == "done" and set(kinds[:-1]) == {"delta"} and len(kinds) > 2
    done = events[-1][1]
    assert "".join(data["text"] for kind, data in events if kind == "delta").strip() == done["generated_text"]
    assert done["provider"] == provider and done["version"] == 1
    assert set(done) >= {"id", "generated_text", "tokens_used", "version", "provider", "model", "truncated"}
    assert spent(org) == (done["tokens_used"], 0, 1, 0)
    version = ContentVersion.objects.get(pk=done["version_id"])
    assert version.parameters["stream"] is True and version.parameters["usage_estimated"] is False


def test_content_generate_stream_openai_asks_for_usage_in_the_stream(owner, org, openai_on):
    response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")
    b"".join(response.streaming_content)

    [sent] = openai_on.openai_requests()
    assert sent["stream"] is True and sent["stream_options"] == {"include_usage": True}


def test_content_generation_stream_closed_after_the_first_delta_keeps_it(owner, org, ai_settings):
    from apps.content.services import content_generation_prepare_new, content_generation_stream

    prepared = content_generation_prepare_new(
        user=owner, organization_id=org.pk, platform="twitter", tone="casual", prompt="Hello", stream=True
    )

    async def first_then_leave():
        events = content_generation_stream(prepared=prepared)
        first = await anext(events)
        await events.aclose()  # the client leaves after the first delta
        return first

    kind, text = async_to_sync(first_then_leave)()

    assert kind == "delta"
    version = ContentVersion.objects.get()
    assert version.text == text.strip() and version.parameters["client_disconnected"] is True
    assert spent(org) == (version.total_tokens, 0, 1, 0)


def test_content_generate_error_before_stream_is_json_even_for_an_sse_client(owner, org, ai_settings):
    response = client_for(owner).post(
        URL, body(org, platform="myspace"), format="json", HTTP_ACCEPT="text/event-stream"
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "validation_error"


def test_content_generate_stream_provider_failure_before_text_answers_its_status(owner, org, openai_on, settings):
    settings.AI_MAX_RETRIES = 0
    openai_on.script = [status(500)]

    response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")

    assert response.status_code == 502
    assert response.json()["error"]["code"] == "ai_provider_error"
    assert spent(org) == (0, 0, 0, 0) and not Content.objects.exists()


def test_content_generate_stream_falls_back_before_the_first_delta(owner, org, openai_on, gemini_on, settings):
    settings.AI_FALLBACK_PROVIDER = "gemini"
    openai_on.script = [status(503), status(503), status(503), gm_text("from gemini")]

    response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")

    events = parse_sse(b"".join(response.streaming_content))
    done = events[-1][1]
    assert (done["provider"], done["fallback_used"], done["generated_text"]) == ("gemini", True, "from gemini")


def test_content_generate_stream_refusal_is_422(owner, org, openai_on):
    openai_on.script = [oa_text("", finish="content_filter")]

    response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")

    assert response.status_code == 422
    assert spent(org) == (0, 0, 0, 0)


def test_content_generate_stream_overlength_done_event_carries_the_fitted_text(owner, org, openai_on):
    long_text = " ".join(f"w{i}" for i in range(300))  # > 500 characters (threads)
    openai_on.script = [oa_text(long_text), oa_text(long_text)]

    response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")

    done = parse_sse(b"".join(response.streaming_content))[-1][1]
    assert done["truncated"] is True and len(done["generated_text"]) <= 500
    assert spent(org)[0] == done["tokens_used"] and spent(org)[1] == 0


def test_content_regenerate_stream(owner, org, ai_settings):
    client = client_for(owner)
    first = client.post(URL, {**body(org), "stream": False}, format="json").json()

    response = client.post(
        f"/api/v1/content/{first['id']}/regenerate/", {"stream": True, "modifications": "shorter"}, format="json"
    )

    done = parse_sse(b"".join(response.streaming_content))[-1][1]
    assert done["version"] == 2 and done["id"] == first["id"]
    assert spent(org)[2] == 1  # regenerations spend tokens, not posts


def test_content_generate_stream_upstream_error_midway_is_an_error_event_and_spends_nothing(owner, org, openai_on):
    from tests.fakes.ai import oa_stream_error

    openai_on.script = [oa_stream_error("Hello")]

    response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")

    assert response.status_code == 200  # the stream had started
    events = parse_sse(b"".join(response.streaming_content))
    assert [kind for kind, _ in events] == ["delta", "error"]
    assert events[-1][1]["error"]["code"] == "ai_provider_error"
    assert spent(org) == (0, 0, 0, 0) and not Content.objects.exists()


def test_content_generate_stream_fallback_is_logged_with_provider_names(
    owner, org, openai_on, gemini_on, settings, caplog
):
    settings.AI_FALLBACK_PROVIDER = "gemini"
    openai_on.script = [status(503), status(503), status(503), gm_text("from gemini")]

    with caplog.at_level("WARNING", logger="apps.content.services"):
        response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")
        b"".join(response.streaming_content)

    warnings = [r.getMessage() for r in caplog.records if "falling back" in r.getMessage()]
    assert warnings == ["AI provider openai failed (ai_provider_error); falling back to gemini"]


def test_content_generate_refuses_a_format_outside_the_schema_enum_and_spends_nothing(owner, org, ai_settings):
    for value in ("", "xml"):
        response = client_for(owner).post(f"{URL}?format={value}", body(org), format="json")
        assert response.status_code == 400, (value, response.status_code)
        assert "format" in response.json()["error"]["details"]
    assert not Content.objects.exists()
