"""Real concurrency on PostgreSQL: the quota invariant and version numbering under parallel requests."""

import pytest

from apps.content.models import Content, ContentVersion
from apps.content.prompts import system_prompt, user_prompt
from apps.content.providers import GenerationRequest, Message
from apps.content.providers.openai_provider import OpenAIProvider
from apps.content.services import output_cap_for_platform
from tests.factories import set_quota
from tests.support.clients import client_for
from tests.support.concurrency import run_concurrently
from tests.support.usage import ledger

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _database_steps_in_their_pool(settings):
    """The async views' database steps in their own pool threads and pooled connections, as served."""
    settings.DB_STEPS_ON_CALLER_THREAD = False


URL = "/api/v1/content/generate/"
PROMPT = "Announce our new product launch"


def _payload(org, **extra):
    return {"platform": "twitter", "tone": "professional", "prompt": PROMPT, "organization_id": str(org.pk), **extra}


def test_content_generate_20_concurrent_on_a_nearly_exhausted_quota_at_most_one_crosses(owner, org, openai_on):
    estimate = OpenAIProvider().estimate_prompt_tokens(
        GenerationRequest(
            system=system_prompt(platform="twitter", tone="professional"),
            messages=(Message("user", user_prompt(prompt=PROMPT, audience="")),),
            max_output_tokens=0,
        )
    )
    limit = 3 * (estimate + output_cap_for_platform("twitter")) + 50  # room for about three full reservations
    set_quota(org, tokens=limit)
    clients = [client_for(owner) for _ in range(20)]

    responses = run_concurrently(lambda i: clients[i].post(URL, _payload(org, ai_provider="openai"), format="json"), 20)

    statuses = sorted(r.status_code for r in responses)
    created = [r for r in responses if r.status_code == 201]
    assert set(statuses) <= {201, 402} and created, statuses
    assert all(r.json()["error"]["code"] == "quota_exceeded" for r in responses if r.status_code == 402)
    period = ledger(org)
    reservation = estimate + output_cap_for_platform("twitter")
    # Admitted while used + reserved < limit: at most one request crosses, by at most its reservation.
    assert period.tokens_used < limit + reservation and period.tokens_reserved == 0
    assert period.tokens_used == sum(r.json()["tokens_used"] for r in created)
    assert Content.objects.count() == len(created) == period.posts_used
    assert len(openai_on.openai_requests()) == len(created)  # a refused request never reached the provider
    assert all(body["max_tokens"] <= output_cap_for_platform("twitter") for body in openai_on.openai_requests())


def test_content_generate_concurrent_post_quota_is_exact(owner, org, ai_settings):
    set_quota(org, tokens=None, posts=3)
    clients = [client_for(owner) for _ in range(10)]

    responses = run_concurrently(lambda i: clients[i].post(URL, _payload(org), format="json"), 10)

    assert sorted(r.status_code for r in responses) == [201] * 3 + [402] * 7
    period = ledger(org)
    assert (period.posts_used, period.posts_reserved, Content.objects.count()) == (3, 0, 3)


def test_content_regenerate_and_edit_concurrently_get_distinct_consecutive_versions(owner, org, ai_settings):
    first = client_for(owner).post(URL, _payload(org), format="json").json()
    clients = [client_for(owner) for _ in range(12)]

    def act(i):
        if i % 2:
            return clients[i].patch(f"/api/v1/content/{first['id']}/", {"text": f"edit {i}"}, format="json")
        return clients[i].post(f"/api/v1/content/{first['id']}/regenerate/", {"modifications": f"v{i}"}, format="json")

    responses = run_concurrently(act, 12)

    assert [r.status_code for r in responses] == [201] * 12
    versions = list(ContentVersion.objects.filter(content_id=first["id"]).values_list("version", flat=True))
    assert sorted(versions) == list(range(1, 14))
    content = Content.objects.get(pk=first["id"])
    latest = ContentVersion.objects.get(content=content, version=13)
    assert content.current_version == 13 and content.current_text == latest.text


# ---------------------------------------------------------------------------
# The async path (ASGI): concurrency on one event loop, as in a uvicorn worker
# ---------------------------------------------------------------------------
def _async_burst(owner, payloads: list[dict], path: str = URL) -> list[tuple[int, dict]]:
    """Send every payload at once from ONE event loop through the async views; (status, JSON) each."""
    import asyncio
    import json

    from asgiref.sync import async_to_sync
    from django.test import AsyncClient

    from apps.users.tokens import token_pair_for_user

    headers = {"Authorization": f"Bearer {token_pair_for_user(user=owner)['access']}"}

    async def one(payload):
        response = await AsyncClient().post(path, payload, content_type="application/json", headers=headers)
        if response.streaming:
            raw = b"".join([chunk async for chunk in response.streaming_content])
            return response.status_code, {"events": raw.decode()}
        return response.status_code, json.loads(response.content)

    async def all_at_once():
        return await asyncio.gather(*(one(p) for p in payloads))

    return async_to_sync(all_at_once)()


def test_async_generate_30_at_once_on_a_nearly_exhausted_quota_at_most_one_crosses(owner, org, openai_on):
    estimate = OpenAIProvider().estimate_prompt_tokens(
        GenerationRequest(
            system=system_prompt(platform="twitter", tone="professional"),
            messages=(Message("user", user_prompt(prompt=PROMPT, audience="")),),
            max_output_tokens=0,
        )
    )
    reservation = estimate + output_cap_for_platform("twitter")
    limit = 3 * reservation + 50
    set_quota(org, tokens=limit)

    results = _async_burst(owner, [_payload(org, ai_provider="openai") for _ in range(30)])

    created = [data for code, data in results if code == 201]
    assert {code for code, _ in results} <= {201, 402} and created
    assert all(data["error"]["code"] == "quota_exceeded" for code, data in results if code == 402)
    period = ledger(org)
    assert period.tokens_used < limit + reservation and period.tokens_reserved == 0
    assert period.tokens_used == sum(data["tokens_used"] for data in created)
    assert Content.objects.count() == len(created) == period.posts_used
    assert len(openai_on.openai_requests()) == len(created)


def test_async_generations_wait_together_with_bounded_connections(owner, org, openai_on, settings):
    """40 generations (half streamed) against a provider that takes 1 s each: they overlap on one event
    loop (well under 40 s), and PostgreSQL never sees more connections than the pool allows."""
    import threading
    import time

    from django.db import connection

    from tests.fakes.ai import oa_text, sleep_then

    openai_on.script = [sleep_then(1.0, oa_text("Launch day! #launch")) for _ in range(40)]
    set_quota(org, tokens=1_000_000)  # 40 reservations in flight at once (about 500 tokens each)
    pool_max = settings.DATABASES["default"]["OPTIONS"]["pool"]["max_size"]
    peak, stop = [0], threading.Event()

    def sample():
        import psycopg

        params = connection.get_connection_params()
        params.pop("pool", None)
        with psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"}, autocommit=True) as conn:
            while not stop.is_set():
                sql = (
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                count = conn.execute(sql).fetchone()[0]
                peak[0] = max(peak[0], count)
                time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.monotonic()
    try:
        results = _async_burst(owner, [_payload(org, ai_provider="openai", stream=i % 2 == 1) for i in range(40)])
    finally:
        stop.set()
        sampler.join()
    wall = time.monotonic() - started

    codes = [code for code, _ in results]
    assert codes.count(201) == 20 and codes.count(200) == 20, [r for r in results if r[0] not in (200, 201)][:3]
    assert all("event: done" in data["events"] for code, data in results if code == 200)
    assert wall < 15, wall  # serial would be 40 s; one thread per call would need 40 threads
    assert 0 < peak[0] <= pool_max, (peak[0], pool_max)
    period = ledger(org)
    assert period.tokens_reserved == 0 and period.posts_used == 40


def test_generation_ledger_is_one_statement_to_reserve_and_one_to_settle(openai_on, user, settings):
    """On PostgreSQL the quota's admission (the conditional UPDATE of the ledger row and the
    reservation's INSERT) is one statement, and so is the settle (the reservation closed, its bound
    moved to used, the plan's limits read for the thresholds); the figures stay exact."""
    settings.DB_STEPS_ON_CALLER_THREAD = True  # the request's SQL on this thread's connection, captured
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.fakes.ai import oa_text
    from tests.support.organizations import organization_of

    openai_on.script = [oa_text("Launch day is here.", prompt_tokens=40)] * 2
    organization = organization_of(user)
    set_quota(organization, tokens=100_000)
    client = client_for(user)
    payload = {"platform": "threads", "tone": "casual", "prompt": "Launch day", "organization_id": str(organization.pk)}
    assert client.post("/api/v1/content/generate/", payload, format="json").status_code == 201  # the row exists
    before = ledger(organization)

    with CaptureQueriesContext(connection) as queries:
        response = client.post("/api/v1/content/generate/", payload, format="json")

    assert response.status_code == 201, response.content
    ledger_sql = [q["sql"] for q in queries.captured_queries if "subscriptions_usage" in q["sql"]]
    assert len(ledger_sql) == 2, ledger_sql
    assert ledger_sql[0].lstrip().startswith("WITH period AS") and "INSERT INTO" in ledger_sql[0]
    assert ledger_sql[1].lstrip().startswith("WITH closed AS")
    after = ledger(organization)
    assert after.tokens_used - before.tokens_used == response.json()["tokens_used"]
    assert (after.tokens_reserved, after.posts_reserved) == (0, 0)
    assert after.posts_used - before.posts_used == 1
