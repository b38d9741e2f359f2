"""The RateLimit-Policy and RateLimit fields (IETF httpapi draft, docs/api.md#rate-limits): every response
counted against the request throttle or the generation limit tells the client its budget, 429s included."""

import re

import pytest

from apps.subscriptions.models import Plan
from tests.factories import set_quota
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db

PROFILE = "/api/v1/auth/profile/"
GENERATE = "/api/v1/content/generate/"


def _state(response, policy: str) -> tuple[int, int]:
    """(remaining, reset) of ``policy`` in the response's RateLimit field."""
    match = re.search(rf'"{policy}";r=(\d+);t=(\d+)', response["RateLimit"])
    assert match, response["RateLimit"]
    return int(match[1]), int(match[2])


def test_each_response_counts_down_the_request_budget_and_the_429_says_when_it_resets(user):
    Plan.objects.filter(slug="free").update(requests_per_minute=3)
    client = client_for(user)

    responses = [client.get(PROFILE) for _ in range(4)]

    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert all(r["RateLimit-Policy"] == '"requests";q=3;w=60' for r in responses)
    assert [_state(r, "requests")[0] for r in responses] == [2, 1, 0, 0]
    remaining, reset = _state(responses[3], "requests")
    assert 1 <= reset <= 60 and int(responses[3]["Retry-After"]) == reset


def test_a_generation_answers_both_the_request_and_the_generation_budgets(user, org, ai_settings):
    set_quota(org, per_minute=2)
    body = {"platform": "twitter", "tone": "casual", "prompt": "Launch day", "organization_id": str(org.pk)}

    first = client_for(user).post(GENERATE, body, format="json")
    second = client_for(user).post(GENERATE, body, format="json")
    refused = client_for(user).post(GENERATE, body, format="json")

    assert [first.status_code, second.status_code, refused.status_code] == [201, 201, 429]
    assert '"generations";q=2;w=60' in first["RateLimit-Policy"] and '"requests";q=' in first["RateLimit-Policy"]
    assert [_state(r, "generations")[0] for r in (first, second, refused)] == [1, 0, 0]
    assert _state(refused, "generations")[1] == int(refused["Retry-After"])


def test_requests_no_limit_counts_carry_no_ratelimit_fields(api_client):
    response = api_client.get("/api/v1/subscriptions/plans/")

    assert response.status_code == 200
    assert "RateLimit" not in response and "RateLimit-Policy" not in response
