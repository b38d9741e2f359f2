"""Smoke test of the benchmark harness (not a benchmark): the bench URLconf serves the bare ceiling
view with the same rows as the API, Stripe signatures are what the app verifies, the fake AI
provider answers like OpenAI after its latency, and the load generators refuse anything but 127.0.0.1."""

import json
import time

import httpx
import pytest
from django.test import override_settings

from apps.content.models import Content
from apps.organizations.models import Workspace
from bench import loadgen
from bench.run import WEBHOOK_SECRET, webhook_requests
from scripts.fake_upstreams import FakeUpstreams
from tests.fakes.stripe import PRICE_PRO, make_event, subscription_object
from tests.support.clients import client_for
from tests.support.stripe import stripe_signature

pytestmark = pytest.mark.django_db


@override_settings(ROOT_URLCONF="bench.urls")
def test_bench_bare_view_answers_the_api_rows(user):
    organization = user.memberships.get().organization
    workspace = Workspace.objects.get(organization=organization, is_default=True)
    Content.objects.bulk_create(
        Content(organization=organization, workspace=workspace, created_by=user, platform="twitter", tone="witty",
                prompt=f"p{i}", current_version=1, current_text=f"t{i}")
        for i in range(25)
    )  # fmt: skip
    client = client_for(user)

    bare = client.get(f"/bench/content/?organization_id={organization.pk}").json()
    api = client.get(f"/api/v1/content/?organization_id={organization.pk}").json()

    assert bare["count"] == api["count"] == 25
    assert bare["results"] == api["results"]  # same rows, same order, same JSON
    assert len(bare["results"]) == 20


def test_bench_bare_view_is_not_in_the_real_urlconf(user):
    assert client_for(user).get("/bench/content/").status_code == 404


def test_bench_webhook_events_are_accepted_by_the_app(settings, user, api_client):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_PRICE_ID_PRO = PRICE_PRO
    organization = user.memberships.get().organization
    requests = webhook_requests("t", [str(organization.pk)], events=4)
    assert len(requests) == 5  # after the 4th event, the 3rd is delivered again
    assert requests[-1] == requests[-3]

    for request in requests:
        response = api_client.post(
            request.path,
            data=request.body,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=request.headers["Stripe-Signature"],
        )
        assert response.status_code == 200, response.content
    assert response.json()["duplicate"] is True


def test_bench_stripe_signature_matches_stripes_scheme(settings, api_client):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    body = json.dumps(make_event("customer.subscription.updated", subscription_object(customer="cus_nobody")))

    ok = api_client.post(
        "/api/v1/subscriptions/webhook/",
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=stripe_signature(body, secret=WEBHOOK_SECRET),
    )
    tampered = api_client.post("/api/v1/subscriptions/webhook/", data=body + " ", content_type="application/json",
                               HTTP_STRIPE_SIGNATURE=stripe_signature(body, secret=WEBHOOK_SECRET))  # fmt: skip

    assert ok.status_code == 200
    assert tampered.status_code == 400


def test_bench_fake_provider_answers_a_chat_completion_after_its_latency():
    request = {"model": "bench-model", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 50}
    with FakeUpstreams(latency=1.5) as fake:
        started = time.monotonic()
        slow = httpx.post(f"{fake.url}/v1/chat/completions", json=request, timeout=5)
        slow_seconds = time.monotonic() - started
        fake.latency = 0.0
        started = time.monotonic()
        fast = httpx.post(f"{fake.url}/v1/chat/completions", json=request, timeout=5)
        fast_seconds = time.monotonic() - started

    assert slow.status_code == fast.status_code == 200
    assert slow.json()["choices"][0]["message"]["content"]
    assert slow.json()["usage"]["total_tokens"] > 0
    # Wide margin: a loaded 2-core machine may take a while to answer even an immediate reply.
    assert slow_seconds >= 1.5 > fast_seconds


def test_bench_load_generators_only_target_localhost():
    with pytest.raises(ValueError, match="127.0.0.1"):
        loadgen.run("http://example.com", [loadgen.Req("/")], seconds=1)


@pytest.mark.parametrize(
    ("stream", "status", "body", "ended"),
    [
        (False, 201, '{"id": "x"}', True),
        (False, 402, '{"error": {"code": "quota_exceeded"}}', False),
        (True, 200, 'event: delta\ndata: {"text": "Hi"}\n\nevent: done\ndata: {"id": "x"}\n\n', True),
        (True, 200, 'event: delta\ndata: {"text": "Hi"}\n\nevent: error\ndata: {"error": {}}\n\n', False),
    ],
    ids=["plain_201", "plain_402", "stream_done", "stream_error"],
)
def test_bench_burst_load_generator_reads_status_and_the_done_event(httpserver, stream, status, body, ended):
    from bench.burst import fire

    httpserver.expect_request("/api/v1/content/generate/", method="POST").respond_with_data(
        body, status=status, content_type="text/event-stream" if stream else "application/json"
    )

    wall, results, client_cpu = fire(httpserver.url_for("").rstrip("/"), [("org", "token")], 3, stream=stream)

    assert [(code, ok) for code, _, ok in results] == [(status, ended)] * 3
    assert wall > 0 and client_cpu >= 0
    sent = [request for request, _ in httpserver.log]
    assert len(sent) == 3 and all(r.headers["Authorization"] == "Bearer token" for r in sent)
    assert all(json.loads(r.data)["stream"] is stream for r in sent)
