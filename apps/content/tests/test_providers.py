"""The provider layer on its own: deterministic retries/backoff, offline counts, text fitting."""

import pytest
from asgiref.sync import async_to_sync

from apps.content.measure import fit_at_word_boundary
from apps.content.providers import GenerationRequest, Message, provider_get
from apps.content.providers.base import (
    AIProviderError,
    RetryableProviderError,
    backoff_seconds,
    call_with_retries,
)
from apps.content.providers.offline import offline_count
from tests.factories import set_quota
from tests.fakes.ai import oa_text
from tests.support.clients import client_for
from tests.support.usage import spent


def test_backoff_is_deterministic_exponential_capped_and_honours_a_short_retry_after(settings):
    settings.AI_RETRY_BACKOFF_SECONDS = 0.5
    assert [backoff_seconds(n, None) for n in range(6)] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    assert backoff_seconds(0, 0.2) == 0.2
    assert backoff_seconds(0, 3600) == 0.5  # an absurd Retry-After does not stall a request thread


def test_call_with_retries_is_bounded(settings):
    settings.AI_RETRY_BACKOFF_SECONDS = 0
    settings.AI_MAX_RETRIES = 3
    calls = []

    async def failing():
        calls.append(1)
        raise RetryableProviderError(status=503)

    with pytest.raises(AIProviderError) as info:
        async_to_sync(call_with_retries)(failing)

    assert len(calls) == 4 and info.value.details["attempts"] == 4
    assert not isinstance(info.value, RetryableProviderError)


def test_offline_provider_is_deterministic_and_honours_the_output_cap(settings):
    provider = provider_get("offline")
    request = GenerationRequest(
        system="ignored",
        messages=(Message("user", "ignored"),),
        max_output_tokens=1000,
        brief={"platform": "twitter", "tone": "casual", "prompt": "Launch day", "audience": "devs"},
    )
    generate = async_to_sync(provider.generate)
    first, second = generate(request), generate(request)

    assert first.text == second.text and first.text.startswith("[offline draft]")
    assert (first.provider, first.model) == ("offline", "offline-template-v1")
    assert first.prompt_tokens == offline_count("Launch day devs") == provider.estimate_prompt_tokens(request)
    assert first.completion_tokens == offline_count(first.text)
    capped = generate(GenerationRequest(system="", messages=(), max_output_tokens=3, brief=request.brief))
    assert capped.completion_tokens <= 3 and capped.finish_reason == "length"


@pytest.mark.parametrize(
    "text,limit,expected",
    [
        ("short", 10, "short"),
        ("one two three four", 9, "one two"),
        ("averyveryverylongword", 5, "avery"),
        ("  padded words  ", 20, "padded words"),
    ],
)
def test_fit_at_word_boundary(text, limit, expected):
    assert fit_at_word_boundary(text, limit) == expected


@pytest.mark.django_db
def test_content_generate_reported_usage_above_the_reservation_is_recorded_and_blocks_the_next(owner, org, openai_on):
    set_quota(org, tokens=2000)
    openai_on.script = [oa_text("Fine #launch", prompt_tokens=5000)]  # a provider counting far more than estimated
    client = client_for(owner)
    payload = {"platform": "twitter", "tone": "casual", "prompt": "Hi", "organization_id": str(org.pk)}

    first = client.post("/api/v1/content/generate/", {**payload, "ai_provider": "openai"}, format="json")
    second = client.post("/api/v1/content/generate/", {**payload, "ai_provider": "openai"}, format="json")

    assert first.status_code == 201 and first.json()["tokens_used"] > 5000
    assert spent(org)[0] == first.json()["tokens_used"]  # the real figure, never hidden
    assert second.status_code == 402 and len(openai_on.requests) == 1
