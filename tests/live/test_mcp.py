"""The MCP server over HTTP, as an assistant reaches it: the MCP SDK's own client
(``streamable_http_client`` + ``ClientSession``) against the ASGI application served by uvicorn
(tests/support/live.py), with API keys of the organization. The tools call the REST routes, so
what the keys may do here is what they may do there: an editor key generates, schedules and lists;
a viewer key is refused writes (403 permission_denied); a key limited to another workspace sees
nothing of this one (404 not_found) and starts campaigns and images in its own only; quota and rate
limits answer 402 and 429; a request without a valid key, or to a Host outside ALLOWED_HOSTS, never
reaches a tool."""

import asyncio
import json
from datetime import UTC, datetime, time, timedelta

import httpx
import pytest
from django.db import connection
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client

from apps.audit.models import AuditEntry
from apps.campaigns.models import Campaign
from apps.content.models import Content, Platform, Tone
from apps.media.models import Media
from apps.organizations.services import api_key_create, api_key_revoke
from apps.scheduling.models import ScheduledPost
from tests.factories import WorkspaceFactory, set_quota
from tests.support.live import live_server
from tests.support.media import media_in_tmp  # noqa: F401
from tests.support.organizations import organization_of

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TOOLS = {
    "generate_post",
    "regenerate_post",
    "validate_text",
    "list_content",
    "get_content",
    "schedule_post",
    "queue_post",
    "cancel_post",
    "list_scheduled_posts",
    "start_campaign",
    "get_usage",
    "get_analytics",
    "list_workspaces",
    "generate_image",
}


@pytest.fixture(scope="module")
def base_url(django_db_setup):
    with live_server() as url:
        yield url


@pytest.fixture(autouse=True)
def _database_steps_in_their_pool(settings):
    settings.DB_STEPS_ON_CALLER_THREAD = False  # as production: the server's own threads commit
    if connection.vendor == "sqlite":
        # SQLite's shared in-memory test database refuses a second concurrent writer ("database table
        # is locked"): a campaign's variants are written one at a time there (concurrency: apps/campaigns).
        settings.CAMPAIGN_GENERATION_CONCURRENCY = 1


def key_for(owner, org, role="editor", workspace=None) -> tuple[str, str]:
    key, secret = api_key_create(
        user=owner, organization_id=org.pk, name=f"mcp {role}", role=role, workspace_id=workspace and workspace.pk
    )
    return str(key.pk), secret


def run(base_url: str, secret: str, steps):
    """``steps(session)`` in an initialized MCP session over streamable HTTP with the key."""

    async def go():
        http = httpx.AsyncClient(headers={"Authorization": f"Bearer {secret}"}, timeout=30)
        async with http, streamable_http_client(f"{base_url}/mcp/", http_client=http) as (read, write, _):
            async with ClientSession(read, write) as session:
                await session.initialize()
                return await steps(session)

    return asyncio.run(go())


def body_of(result) -> dict:
    return json.loads(result.content[0].text)


def in_a_day() -> str:
    return (datetime.now(UTC) + timedelta(days=1)).isoformat()


def test_the_tools_are_listed_with_the_routes_enums(base_url, user, org):
    _, secret = key_for(user, org)

    tools = {tool.name: tool for tool in run(base_url, secret, lambda s: s.list_tools()).tools}

    assert set(tools) == TOOLS
    generate = tools["generate_post"].inputSchema
    assert generate["properties"]["platform"]["enum"] == list(Platform.values)
    assert generate["properties"]["tone"]["enum"] == list(Tone.values)
    assert set(generate["required"]) == {"platform", "tone"}
    assert "ctx" not in generate["properties"]
    assert tools["list_content"].annotations.readOnlyHint is True
    assert tools["cancel_post"].annotations.destructiveHint is True
    assert all(tool.description for tool in tools.values())


def test_an_editor_key_generates_schedules_and_lists(base_url, user, org):
    key_id, secret = key_for(user, org)

    async def steps(session):
        generated = await session.call_tool("generate_post", {"platform": "twitter", "tone": "casual", "prompt": "x"})
        assert not generated.isError, generated.content
        content_id = generated.structuredContent["id"]
        scheduled = await session.call_tool("schedule_post", {"content_id": content_id, "scheduled_at": in_a_day()})
        assert not scheduled.isError, scheduled.content
        listed = await session.call_tool("list_scheduled_posts", {"platform": "twitter"})
        return generated.structuredContent, body_of(scheduled), body_of(listed)

    generated, scheduled, listed = run(base_url, secret, steps)

    content = Content.objects.get(pk=generated["id"])
    assert content.organization_id == org.pk and generated["version"] == 1
    post = ScheduledPost.objects.get(pk=scheduled["id"])
    assert str(post.content_id) == generated["id"] and scheduled["status"] in ("pending", "queued")
    assert [row["id"] for row in listed["results"]] == [scheduled["id"]]
    # The audit log's actor is the key, as for the same REST calls.
    assert AuditEntry.objects.filter(organization_id=org.pk, actor_api_key_id=key_id).exists()


def test_an_editor_key_queues_a_generated_post_in_the_next_free_slot(base_url, user, org):
    from apps.planner.models import QueueEntry
    from apps.planner.services import schedule_replace

    workspace = org.workspaces.get()
    slots = [{"weekday": day, "local_time": time(9)} for day in range(7)]
    schedule_replace(user=user, workspace_id=workspace.pk, timezone_name="UTC", slots=slots)
    key_id, secret = key_for(user, org)
    stranger = str(WorkspaceFactory().pk)  # another organization's

    async def steps(session):
        generated = await session.call_tool("generate_post", {"platform": "twitter", "tone": "casual", "prompt": "x"})
        content_id = generated.structuredContent["id"]
        queued = await session.call_tool("queue_post", {"workspace_id": str(workspace.pk), "content_id": content_id})
        foreign = await session.call_tool("queue_post", {"workspace_id": stranger, "content_id": content_id})
        return content_id, queued, foreign

    content_id, queued, foreign = run(base_url, secret, steps)

    assert not queued.isError, queued.content
    entry = QueueEntry.objects.get(pk=body_of(queued)["id"])
    assert (
        str(entry.content_id) == content_id and entry.slot_at.hour == 9 and entry.schedule.workspace_id == workspace.pk
    )
    assert foreign.isError and body_of(foreign)["error"]["code"] == "not_found"
    assert str(AuditEntry.objects.get(action="queue.post_added").actor_api_key_id) == key_id


def test_validate_list_read_and_cancel(base_url, user, org):
    _, secret = key_for(user, org)

    async def steps(session):
        valid = body_of(await session.call_tool("validate_text", {"platform": "twitter", "text": "a" * 281}))
        generated = await session.call_tool("generate_post", {"platform": "threads", "tone": "friendly", "prompt": "y"})
        content_id = generated.structuredContent["id"]
        listed = body_of(await session.call_tool("list_content", {"platform": "threads"}))
        read = body_of(await session.call_tool("get_content", {"content_id": content_id}))
        post = body_of(await session.call_tool("schedule_post", {"content_id": content_id, "scheduled_at": in_a_day()}))
        cancelled = body_of(await session.call_tool("cancel_post", {"post_id": post["id"]}))
        return valid, content_id, listed, read, cancelled

    valid, content_id, listed, read, cancelled = run(base_url, secret, steps)

    assert valid["valid"] is False and valid["limit"] == 280
    assert [row["id"] for row in listed["results"]] == [content_id]
    assert read["id"] == content_id and read["platform"] == "threads"
    assert cancelled["status"] == "cancelled"


def test_the_same_idempotency_key_replays_the_first_generation(base_url, user, org):
    _, secret = key_for(user, org)
    arguments = {"platform": "linkedin", "tone": "professional", "prompt": "z", "idempotency_key": "mcp-once-1"}

    async def steps(session):
        first = await session.call_tool("generate_post", arguments)
        again = await session.call_tool("generate_post", arguments)
        return first.structuredContent, again.structuredContent

    first, again = run(base_url, secret, steps)

    assert first["id"] == again["id"]
    assert Content.objects.filter(organization=org).count() == 1


def test_a_viewer_key_reads_but_cannot_generate_or_schedule(base_url, user, org):
    _, editor = key_for(user, org)
    _, viewer = key_for(user, org, role="viewer")
    content_id = run(
        base_url,
        editor,
        lambda s: s.call_tool("generate_post", {"platform": "twitter", "tone": "casual", "prompt": "v"}),
    ).structuredContent["id"]

    async def steps(session):
        generate = await session.call_tool("generate_post", {"platform": "twitter", "tone": "casual", "prompt": "w"})
        schedule = await session.call_tool("schedule_post", {"content_id": content_id, "scheduled_at": in_a_day()})
        read = await session.call_tool("get_content", {"content_id": content_id})
        return generate, schedule, read

    generate, schedule, read = run(base_url, viewer, steps)

    for refused in (generate, schedule):
        assert refused.isError
        assert body_of(refused)["error"]["code"] == "permission_denied"
    assert not read.isError and body_of(read)["id"] == content_id
    assert Content.objects.count() == 1 and not ScheduledPost.objects.exists()


def test_a_key_of_another_workspace_sees_nothing_of_this_one(base_url, user, org):
    _, editor = key_for(user, org)
    other = WorkspaceFactory(organization=org, name="Other", created_by=user)
    _, limited = key_for(user, org, workspace=other)
    content_id = run(
        base_url,
        editor,
        lambda s: s.call_tool("generate_post", {"platform": "twitter", "tone": "casual", "prompt": "mine"}),
    ).structuredContent["id"]

    async def steps(session):
        read = await session.call_tool("get_content", {"content_id": content_id})
        schedule = await session.call_tool("schedule_post", {"content_id": content_id, "scheduled_at": in_a_day()})
        listed = await session.call_tool("list_content", {})
        usage = await session.call_tool("get_usage", {})
        return read, schedule, listed, usage

    read, schedule, listed, usage = run(base_url, limited, steps)

    for refused in (read, schedule):
        assert refused.isError and body_of(refused)["error"]["code"] == "not_found"
    assert body_of(listed)["results"] == []
    assert usage.isError and body_of(usage)["error"]["code"] == "api_key_not_allowed"
    assert not ScheduledPost.objects.exists()


@pytest.mark.parametrize(
    "authorization,code",
    [
        (None, "not_authenticated"),
        ("Bearer not-a-key", "not_authenticated"),
        ("Bearer caas_live_" + "x" * 40, "api_key_invalid"),
    ],
)
def test_without_a_valid_key_no_tool_is_reached(base_url, authorization, code):
    headers = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
    if authorization:
        headers["Authorization"] = authorization
    request = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}

    answer = httpx.post(f"{base_url}/mcp/", json=request, headers=headers)

    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == code
    assert answer.headers["WWW-Authenticate"].startswith("Bearer") or code == "api_key_invalid"


def test_quota_and_rate_limits_apply_as_on_rest(base_url, user, org, make_user):
    _, hasty = key_for(user, org)
    set_quota(org, tokens=None, per_minute=1)
    spender = make_user(email="spender@example.com")
    _, broke = key_for(spender, organization_of(spender))
    set_quota(organization_of(spender), tokens=0)
    arguments = {"platform": "twitter", "tone": "casual", "prompt": "q"}

    async def twice(session):
        return [await session.call_tool("generate_post", arguments) for _ in range(2)]

    first, second = run(base_url, hasty, twice)
    spent = run(base_url, broke, lambda session: session.call_tool("generate_post", arguments))

    assert not first.isError
    assert second.isError and body_of(second)["error"]["code"] == "rate_limited"
    assert spent.isError and body_of(spent)["error"]["code"] == "quota_exceeded"
    assert Content.objects.count() == 1


def test_a_revoked_key_and_a_foreign_host_are_refused_at_the_door(base_url, user, org):
    key_id, secret = key_for(user, org)
    headers = {"Accept": "application/json, text/event-stream", "Authorization": f"Bearer {secret}"}
    request = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}

    foreign = httpx.post(f"{base_url}/mcp/", json=request, headers={**headers, "Host": "evil.example"})
    api_key_revoke(user=user, organization_id=org.pk, key_id=key_id)
    revoked = httpx.post(f"{base_url}/mcp", json=request, headers=headers)

    assert foreign.status_code == 400 and foreign.json()["error"]["code"] == "bad_request"
    assert revoked.status_code == 401 and revoked.json()["error"]["code"] == "api_key_revoked"


def test_the_api_is_served_beside_it_unchanged(base_url):
    assert httpx.get(f"{base_url}/health/live").status_code == 200
    missing = httpx.get(f"{base_url}/api/v1/no-such-endpoint/")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


@pytest.mark.usefixtures("media_in_tmp", "ai_settings")
def test_the_other_tools_answer_as_their_routes(base_url, user, org):
    _, secret = key_for(user, org)
    workspace = str(org.workspaces.get().pk)

    async def steps(session):
        generated = await session.call_tool("generate_post", {"platform": "twitter", "tone": "casual", "prompt": "r"})
        content_id = generated.structuredContent["id"]
        regenerated = await session.call_tool("regenerate_post", {"content_id": content_id, "modifications": "shorter"})
        usage = await session.call_tool("get_usage", {})
        analytics = await session.call_tool("get_analytics", {"report": "generation", "granularity": "week"})
        workspaces = await session.call_tool("list_workspaces", {})
        campaign = await session.call_tool(
            "start_campaign", {"platforms": ["twitter", "linkedin"], "tone": "casual", "prompt": "c"}
        )
        image = await session.call_tool("generate_image", {"workspace_id": workspace, "prompt": "a cafe at dawn"})
        return content_id, regenerated, usage, analytics, workspaces, campaign, image

    content_id, regenerated, usage, analytics, workspaces, campaign, image = run(base_url, secret, steps)

    assert not regenerated.isError and regenerated.structuredContent["version"] == 2
    assert regenerated.structuredContent["id"] == content_id
    assert not usage.isError and body_of(usage)["tokens_used"] > 0
    assert not analytics.isError and body_of(analytics)["granularity"] == "week" and body_of(analytics)["versions"] == 2
    assert [row["id"] for row in body_of(workspaces)["results"]] == [workspace]
    # Campaigns and the media library accept keys (docs/api-keys.md): the two tools work with an editor key.
    assert not campaign.isError, campaign.content
    started = body_of(campaign)
    assert started["workspace_id"] == workspace and started["organization_id"] == str(org.pk)
    assert [(v["platform"], v["status"]) for v in started["variants"]] == [
        ("twitter", "generated"),
        ("linkedin", "generated"),
    ]
    assert Campaign.objects.filter(pk=started["id"], organization=org).exists()
    assert not image.isError, image.content
    media = body_of(image)
    assert (media["source"], media["kind"], media["workspace_id"]) == ("ai", "image", workspace)
    assert Media.objects.filter(pk=media["id"], organization=org).exists()


@pytest.mark.usefixtures("media_in_tmp", "ai_settings")
def test_campaigns_and_images_keep_to_the_keys_workspace_and_role(base_url, user, org):
    default = org.workspaces.get()
    other = WorkspaceFactory(organization=org, name="Other", created_by=user)
    _, limited = key_for(user, org, workspace=other)
    _, viewer = key_for(user, org, role="viewer")
    brief = {"platforms": ["twitter"], "tone": "casual", "prompt": "k"}

    async def limited_steps(session):
        foreign_campaign = await session.call_tool("start_campaign", {**brief, "workspace_id": str(default.pk)})
        foreign_image = await session.call_tool(
            "generate_image", {"workspace_id": str(default.pk), "prompt": "not here"}
        )
        own_campaign = await session.call_tool("start_campaign", brief)
        own_image = await session.call_tool("generate_image", {"workspace_id": str(other.pk), "prompt": "here"})
        return foreign_campaign, foreign_image, own_campaign, own_image

    async def viewer_steps(session):
        campaign = await session.call_tool("start_campaign", brief)
        image = await session.call_tool("generate_image", {"workspace_id": str(default.pk), "prompt": "no"})
        return campaign, image

    foreign_campaign, foreign_image, own_campaign, own_image = run(base_url, limited, limited_steps)
    viewer_campaign, viewer_image = run(base_url, viewer, viewer_steps)

    for refused in (foreign_campaign, foreign_image):
        assert refused.isError and body_of(refused)["error"]["code"] == "not_found"
    for refused in (viewer_campaign, viewer_image):
        assert refused.isError and body_of(refused)["error"]["code"] == "permission_denied"
    # Without a workspace_id the campaign goes to the key's workspace, not the organization's default.
    assert not own_campaign.isError and body_of(own_campaign)["workspace_id"] == str(other.pk)
    assert not own_image.isError and body_of(own_image)["workspace_id"] == str(other.pk)
    assert not Campaign.objects.filter(workspace=default).exists()
    assert not Media.objects.filter(workspace=default).exists()
