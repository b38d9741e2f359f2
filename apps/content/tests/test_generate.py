"""POST /api/v1/content/generate/: providers for real against a local fake server, quotas, errors."""

import pytest
from django.urls import reverse

from apps.content.models import Content, ContentVersion, GenerationFailure
from apps.content.providers.offline import offline_count
from apps.content.services import output_cap_for_platform
from apps.organizations.models import OrganizationMember, Role
from tests.factories import set_quota
from tests.fakes.ai import gm_blocked, gm_text, oa_text, sleep_then, status
from tests.support.clients import client_for
from tests.support.usage import spent

URL = "/api/v1/content/generate/"
pytestmark = pytest.mark.django_db


def body(org, **extra):
    return {
        "platform": "twitter",
        "tone": "professional",
        "prompt": "Announce our new product launch",
        "audience": "tech enthusiasts",
        "organization_id": str(org.pk),
        **extra,
    }


def test_generate_url_is_the_seed_path():
    assert reverse("content:generate") == URL


def test_content_generate_offline_by_default_is_labelled_and_counted(owner, org, ai_settings):
    response = client_for(owner).post(URL, body(org), format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["provider"] == "offline" and data["model"] == "offline-template-v1"
    assert data["generated_text"].startswith("[offline draft]")
    assert data["version"] == 1
    expected = offline_count("Announce our new product launch tech enthusiasts") + offline_count(data["generated_text"])
    assert data["tokens_used"] == expected
    assert spent(org) == (expected, 0, 1, 0)
    version = ContentVersion.objects.get(content_id=data["id"])
    assert (version.provider, version.total_tokens, version.created_by_id) == ("offline", expected, owner.pk)


def test_content_generate_offline_fits_the_free_plan(owner, ai_settings):
    """The embedded default: a new user on Free (100 tokens) can generate at once."""
    from tests.support.organizations import organization_of

    org = organization_of(owner)
    response = client_for(owner).post(URL, body(org), format="json")
    assert response.status_code == 201, response.json()
    assert spent(org)[0] <= 100


def test_content_generate_openai_records_provenance_and_settles_reported_usage(owner, org, openai_on):
    response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["provider"] == "openai" and data["model"] == "gpt-test"
    assert data["generated_text"] == "🚀 Exciting news! We're launching our new product today. #launch"
    [sent] = openai_on.openai_requests()
    completion = min(len(data["generated_text"].encode()) // 4 + 1, sent["max_tokens"])
    assert data["prompt_tokens"] == 20 and data["completion_tokens"] == completion
    assert data["tokens_used"] == 20 + completion
    assert "280 characters" in sent["messages"][0]["content"] and "professional" in sent["messages"][0]["content"]
    assert "Announce our new product launch" in sent["messages"][1]["content"]
    assert spent(org) == (data["tokens_used"], 0, 1, 0)
    version = ContentVersion.objects.get(pk=data["version_id"])
    assert version.parameters["requested_provider"] == "openai"
    assert version.parameters["max_output_tokens"] == sent["max_tokens"]
    assert version.latency_ms >= 0 and version.prompt_tokens == 20


def test_content_generate_openai_retries_429_then_succeeds(owner, org, openai_on):
    openai_on.script = [status(429, {"retry-after": "0"}), oa_text("Second time lucky #launch")]

    response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["generated_text"] == "Second time lucky #launch"
    assert len(openai_on.openai_requests()) == 2


def test_content_generate_openai_5xx_after_retries_is_502_and_spends_nothing(owner, org, openai_on, settings):
    settings.AI_MAX_RETRIES = 1
    openai_on.script = [status(500), status(503), oa_text("never reached")]

    response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")

    assert response.status_code == 502
    assert response.json()["error"]["code"] == "ai_provider_error"
    assert len(openai_on.openai_requests()) == 2  # bounded: 1 + AI_MAX_RETRIES
    assert spent(org) == (0, 0, 0, 0) and not Content.objects.exists()


def test_content_generate_openai_timeout_is_504_and_spends_nothing(owner, org, openai_on, settings):
    settings.AI_TIMEOUT_SECONDS = 0.3
    openai_on.script = [sleep_then(1.0, oa_text("too late"))]

    response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")

    assert response.status_code == 504
    assert response.json()["error"]["code"] == "ai_timeout"
    assert spent(org) == (0, 0, 0, 0) and not Content.objects.exists()
    # Noted for the analytics' timeout share (no version was saved).
    failure = GenerationFailure.objects.get()
    assert (failure.organization_id, failure.outcome, failure.provider) == (org.pk, "timeout", "openai")
    assert (failure.error_code, failure.created_by_id, failure.content_id) == ("ai_timeout", owner.pk, None)


def test_content_generate_openai_timeout_then_fallback_failure_is_504_naming_both(
    owner, org, openai_on, gemini_on, settings
):
    settings.AI_TIMEOUT_SECONDS = 0.3
    settings.AI_MAX_RETRIES = 0
    settings.AI_FALLBACK_PROVIDER = "gemini"
    openai_on.script = [sleep_then(1.0, oa_text("too late")), status(500)]

    response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")

    assert response.status_code == 504, response.json()
    error = response.json()["error"]
    assert error["code"] == "ai_timeout"  # the requested provider's real failure, not the fallback's 502
    assert error["details"] == {
        "provider": "openai",
        "fallback_provider": "gemini",
        "fallback_code": "ai_provider_error",
    }
    assert "openai did not answer in time" in error["message"] and "gemini failed too" in error["message"]
    assert len(gemini_on.gemini_requests()) == 1
    assert spent(org) == (0, 0, 0, 0) and not Content.objects.exists()


def test_content_generate_openai_5xx_then_fallback_timeout_is_502_naming_both(
    owner, org, openai_on, gemini_on, settings
):
    settings.AI_TIMEOUT_SECONDS = 0.3
    settings.AI_MAX_RETRIES = 0
    settings.AI_FALLBACK_PROVIDER = "gemini"
    openai_on.script = [status(500), sleep_then(1.0, gm_text("too late"))]

    response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")

    assert response.status_code == 502, response.json()
    error = response.json()["error"]
    assert error["code"] == "ai_provider_error"
    assert error["details"] == {
        "upstream_status": 500,
        "attempts": 1,
        "provider": "openai",
        "fallback_provider": "gemini",
        "fallback_code": "ai_timeout",
    }
    assert spent(org) == (0, 0, 0, 0)


def test_content_generate_falls_back_to_gemini_after_openai_5xx(owner, org, openai_on, gemini_on, settings):
    settings.AI_FALLBACK_PROVIDER = "gemini"
    openai_on.script = [status(500), status(500), status(500), gm_text("Fallback text #launch")]

    response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["provider"], data["requested_provider"], data["fallback_used"]) == ("gemini", "openai", True)
    assert data["model"] == "gemini-test" and data["generated_text"] == "Fallback text #launch"
    assert len(openai_on.openai_requests()) == 3 and len(gemini_on.gemini_requests()) == 1
    assert spent(org)[0] == data["tokens_used"]
    assert ContentVersion.objects.get(pk=data["version_id"]).provider == "gemini"


@pytest.mark.parametrize(
    "answer",
    [oa_text("", finish="content_filter"), oa_text("", refusal="I can't help with that.")],
    ids=["content_filter", "refusal"],
)
def test_content_generate_openai_refusal_is_422_and_spends_nothing(owner, org, openai_on, answer):
    openai_on.script = [answer]

    response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "ai_content_refused"
    assert spent(org) == (0, 0, 0, 0) and not Content.objects.exists()
    assert list(GenerationFailure.objects.values_list("organization_id", "outcome")) == [(org.pk, "refused")]


def test_content_generate_gemini_success(owner, org, gemini_on):
    response = client_for(owner).post(URL, body(org, ai_provider="gemini"), format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["provider"] == "gemini" and data["model"] == "gemini-test"
    [sent] = gemini_on.gemini_requests()
    assert sent["generationConfig"]["maxOutputTokens"] <= 280 + 16
    assert "280 characters" in sent["systemInstruction"]["parts"][0]["text"]
    assert spent(org)[0] == data["tokens_used"] == data["prompt_tokens"] + data["completion_tokens"]


@pytest.mark.parametrize("answer", [gm_blocked("SAFETY"), gm_text("", finish="SAFETY")], ids=["prompt", "finish"])
def test_content_generate_gemini_safety_block_is_422(owner, org, gemini_on, answer):
    gemini_on.script = [answer]

    response = client_for(owner).post(URL, body(org, ai_provider="gemini"), format="json")

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "ai_content_refused"
    assert spent(org) == (0, 0, 0, 0)


def test_content_generate_gemini_429_then_success(owner, org, gemini_on):
    gemini_on.script = [status(429), gm_text("ok now #launch")]

    response = client_for(owner).post(URL, body(org, ai_provider="gemini"), format="json")

    assert response.status_code == 201, response.json()
    assert len(gemini_on.gemini_requests()) == 2


@pytest.mark.parametrize("provider", ["openai", "gemini"])
def test_content_generate_unconfigured_provider_is_503_never_a_silent_switch(
    owner, org, ai_settings, fake_ai, provider
):
    response = client_for(owner).post(URL, body(org, ai_provider=provider), format="json")

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "ai_provider_not_configured"
    assert fake_ai.requests == [] and spent(org) == (0, 0, 0, 0) and not Content.objects.exists()


def test_content_generate_overlength_is_shortened_once_and_both_calls_count(owner, org, openai_on):
    long_text = "word " * 100  # 500 characters, twitter allows 280
    openai_on.script = [oa_text(long_text.strip()), oa_text("Short and sweet #launch")]

    response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["generated_text"] == "Short and sweet #launch"
    assert data["shortened"] is True and data["truncated"] is False
    first, second = openai_on.openai_requests()
    assert "the limit is 280" in second["messages"][-1]["content"]
    assert second["messages"][-2] == {"role": "assistant", "content": long_text.strip()}
    version = ContentVersion.objects.get(pk=data["version_id"])
    assert [c["purpose"] for c in version.parameters["calls"]] == ["generate", "shorten"]
    assert data["tokens_used"] == sum(c["total_tokens"] for c in version.parameters["calls"])
    assert spent(org)[0] == data["tokens_used"]


def test_content_generate_still_too_long_is_cut_at_a_word_boundary(owner, org, openai_on):
    long_text = " ".join(f"word{i}" for i in range(120))
    openai_on.script = [oa_text(long_text), oa_text(long_text)]

    response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["truncated"] is True and len(data["generated_text"]) <= 280
    assert long_text.startswith(data["generated_text"]) and long_text[len(data["generated_text"])] == " "


def _bad(org, **override):
    return {**body(org), **override}


@pytest.mark.parametrize(
    "override,field",
    [
        ({"platform": "myspace"}, "platform"),
        ({"tone": "angry"}, "tone"),
        ({"ai_provider": "claude"}, "ai_provider"),
        ({"prompt": ""}, "prompt"),
        ({"prompt": "   "}, "prompt"),
        ({"prompt": "x" * 100_000}, "prompt"),
        ({"workspace_id": "not-a-uuid"}, "workspace_id"),
    ],
    ids=["platform", "tone", "provider", "empty", "blank", "100kb", "workspace"],
)
def test_content_generate_bad_input_is_400_without_call_or_spending(owner, org, openai_on, override, field):
    response = client_for(owner).post(URL, _bad(org, **{"ai_provider": "openai", **override}), format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"
    assert field in response.json()["error"]["details"]
    assert openai_on.requests == [] and spent(org) == (0, 0, 0, 0) and not Content.objects.exists()


def test_content_generate_foreign_organization_is_404_and_spends_nothing(owner, org, make_user, openai_on):
    stranger = make_user(email="mallory@example.com")

    response = client_for(stranger).post(URL, body(org, ai_provider="openai"), format="json")

    assert response.status_code == 404
    assert openai_on.requests == [] and spent(org) == (0, 0, 0, 0) and not Content.objects.exists()


def test_content_generate_foreign_workspace_is_404(owner, org, make_user, openai_on):
    from tests.support.organizations import organization_of

    other = organization_of(make_user(email="other@example.com"))
    workspace = other.workspaces.get()

    response = client_for(owner).post(URL, body(org, workspace_id=str(workspace.pk)), format="json")

    assert response.status_code == 404
    assert openai_on.requests == [] and spent(org) == (0, 0, 0, 0)


def test_content_generate_viewer_is_403(owner, org, make_user, openai_on):
    viewer = make_user(email="viewer@example.com")
    OrganizationMember.objects.create(organization=org, user=viewer, role=Role.VIEWER)

    response = client_for(viewer).post(URL, body(org, ai_provider="openai"), format="json")

    assert response.status_code == 403
    assert openai_on.requests == [] and spent(org) == (0, 0, 0, 0)


def test_content_generate_exhausted_token_quota_is_402_before_any_call(owner, org, openai_on):
    set_quota(org, tokens=50)
    _spend(org, tokens=50)

    response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")

    assert response.status_code == 402
    error = response.json()["error"]
    assert error["code"] == "quota_exceeded"
    assert (error["details"]["limit"], error["details"]["used"], error["details"]["reserved"]) == (50, 50, 0)
    assert error["details"]["resets_at"] and "used 50 of its 50 tokens" in error["message"]
    assert openai_on.requests == [] and spent(org) == (50, 0, 0, 0)


def _spend(org, *, tokens: int, posts: int = 0) -> None:
    from apps.subscriptions.usage import usage_reserve, usage_settle

    usage_settle(reservation=usage_reserve(organization=org, tokens=tokens, posts=posts), tokens=tokens)


def test_content_generate_brand_new_free_organization_makes_its_first_real_generation(owner, openai_on):
    """Issue 12 item 1: with a real(-ish) provider, Free's 100 tokens admit the first generation even though
    its reservation (prompt estimate + output cap) is larger; it is settled to the provider's real count."""
    from tests.support.organizations import organization_of

    free_org = organization_of(owner)  # personal organization, Free plan, nothing spent
    client = client_for(owner)

    response = client.post(URL, body(free_org, ai_provider="openai"), format="json")

    assert response.status_code == 201, response.json()
    [sent] = openai_on.openai_requests()
    assert sent["max_tokens"] == output_cap_for_platform("twitter")  # the platform's cap, not what the quota leaves
    tokens_used = response.json()["tokens_used"]
    assert spent(free_org) == (tokens_used, 0, 1, 0)  # the provider's real count (prompt + completion)
    # The next one finds used (+ reserved) at or past the limit only if the first crossed it; make sure it did:
    _spend(free_org, tokens=max(0, 100 - tokens_used))
    refused = client.post(URL, body(free_org, ai_provider="openai"), format="json")
    assert refused.status_code == 402 and refused.json()["error"]["code"] == "quota_exceeded"
    assert len(openai_on.openai_requests()) == 1


def test_content_generate_crossing_request_finishes_and_none_starts_after_it(owner, org, openai_on):
    set_quota(org, tokens=100)
    _spend(org, tokens=99)  # one token left: still admitted (99 < 100)

    crossing = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")
    after = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")

    assert crossing.status_code == 201, crossing.json()
    assert spent(org)[0] == 99 + crossing.json()["tokens_used"] > 100  # recorded in full, past the limit
    assert after.status_code == 402
    assert after.json()["error"]["details"]["used"] == spent(org)[0]
    assert len(openai_on.openai_requests()) == 1


def test_content_generate_quota_refusal_does_not_eat_the_generation_allowance(owner, org, ai_settings):
    """Issue 12 item 1: the quota is checked before the per-minute limit: a 402 costs no generation."""
    set_quota(org, tokens=10, per_minute=1)
    _spend(org, tokens=10)
    client = client_for(owner)
    for _ in range(3):
        assert client.post(URL, body(org), format="json").status_code == 402

    set_quota(org, tokens=10**6, per_minute=1)  # upgraded: the one generation of this minute is still there
    from apps.subscriptions.throttles import organization_rate_limits_invalidate

    organization_rate_limits_invalidate(organization_id=org.pk)
    assert client.post(URL, body(org), format="json").status_code == 201
    throttled = client.post(URL, body(org), format="json")
    assert throttled.status_code == 429
    assert spent(org)[1:] == (0, 1, 0)  # the throttled attempt's reservation was released


def test_content_generate_exhausted_post_quota_is_402(owner, org, openai_on):
    set_quota(org, tokens=10000, posts=1)
    assert client_for(owner).post(URL, body(org, ai_provider="openai"), format="json").status_code == 201

    response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")

    assert response.status_code == 402
    assert response.json()["error"]["details"]["quota"] == "posts"
    assert len(openai_on.requests) == 1


def test_content_generate_output_cap_stays_the_platforms_near_the_limit(owner, org, openai_on):
    from apps.content.prompts import system_prompt, user_prompt
    from apps.content.providers import GenerationRequest, Message
    from apps.content.providers.openai_provider import OpenAIProvider

    request = GenerationRequest(
        system=system_prompt(platform="twitter", tone="professional"),
        messages=(Message("user", user_prompt(prompt="Announce our new product launch", audience="tech enthusiasts")),),
        max_output_tokens=0,
    )
    estimate = OpenAIProvider().estimate_prompt_tokens(request)
    set_quota(org, tokens=estimate + 40)

    response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")

    assert response.status_code == 201, response.json()
    [sent] = openai_on.openai_requests()
    assert sent["max_tokens"] == output_cap_for_platform("twitter")  # bounded by the platform, not the quota
    version = ContentVersion.objects.get(content_id=response.json()["id"])
    assert version.parameters["reserved_tokens"] == estimate + output_cap_for_platform("twitter")
    assert spent(org)[:2] == (response.json()["tokens_used"], 0)


def test_content_generate_generations_per_minute_limit_is_429(owner, org, ai_settings):
    set_quota(org, per_minute=1)
    client = client_for(owner)
    assert client.post(URL, body(org), format="json").status_code == 201

    response = client.post(URL, body(org), format="json")

    assert response.status_code == 429
    assert "Retry-After" in response.headers
    assert spent(org)[2] == 1 and Content.objects.count() == 1


def test_content_generate_without_auth_is_401(org):
    from rest_framework.test import APIClient

    assert APIClient().post(URL, body(org), format="json").status_code == 401


def test_content_generate_omitted_provider_uses_the_configured_default(owner, org, openai_on):
    response = client_for(owner).post(URL, body(org), format="json")

    assert response.status_code == 201
    assert response.json()["provider"] == "openai" and len(openai_on.openai_requests()) == 1


def test_content_generate_upstream_4xx_is_502_without_retry(owner, org, openai_on):
    openai_on.script = [status(401)]

    response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")

    assert response.status_code == 502
    assert response.json()["error"]["code"] == "ai_provider_error"
    assert response.json()["error"]["details"] == {"upstream_status": 401}
    assert len(openai_on.requests) == 1 and spent(org) == (0, 0, 0, 0)


def test_content_generate_gemini_timeout_is_504(owner, org, gemini_on, settings):
    settings.AI_TIMEOUT_SECONDS = 0.3
    gemini_on.script = [sleep_then(1.0, gm_text("too late"))]

    response = client_for(owner).post(URL, body(org, ai_provider="gemini"), format="json")

    assert response.status_code == 504
    assert response.json()["error"]["code"] == "ai_timeout"
    assert spent(org) == (0, 0, 0, 0)


def test_content_generate_gemini_5xx_falls_back_to_openai(owner, org, openai_on, gemini_on, settings):
    settings.AI_FALLBACK_PROVIDER = "openai"
    settings.AI_MAX_RETRIES = 0
    gemini_on.script = [status(500)]

    response = client_for(owner).post(URL, body(org, ai_provider="gemini"), format="json")

    assert response.status_code == 201, response.json()
    assert (response.json()["provider"], response.json()["requested_provider"]) == ("openai", "gemini")


def test_content_generate_fallback_to_an_unconfigured_provider_is_not_attempted(owner, org, openai_on, settings):
    settings.AI_FALLBACK_PROVIDER = "gemini"  # no GEMINI_API_KEY
    settings.AI_MAX_RETRIES = 0
    openai_on.script = [status(500)]

    response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")

    assert response.status_code == 502 and len(openai_on.requests) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # as served: no outer test transaction
def test_generate_round_trips_membership_read_once_and_settle_without_savepoint(owner, org, openai_on):
    """The generation's SQL: the permission check's membership is handed to the service (not read
    again), the brand voice comes with the
    workspace, and settle runs inside the save transaction without a savepoint of its own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

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
