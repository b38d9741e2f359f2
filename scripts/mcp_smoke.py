"""An MCP client with an API key generates and schedules a post on a running server (docs/mcp.md).

    python scripts/mcp_smoke.py http://127.0.0.1:8000

What a newcomer does after ``make run``, as a script (scripts/smoke_embedded.sh runs it against the
embedded default): register an account, create an editor API key of its organization (REST, with
the account's JWT), then, with the MCP SDK's own client over streamable HTTP (``<base>/mcp/``) and
only the key: list the tools, generate a post, schedule it for tomorrow, list the scheduled posts.
Exits non-zero on the first failure.
"""

import asyncio
import json
import sys
import uuid
from datetime import UTC, datetime, timedelta

import httpx
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client


def api_key(base: str) -> str:
    """A new account's editor API key (the secret, shown once)."""
    email, password = f"mcp-{uuid.uuid4().hex[:8]}@example.com", "mcp-smoke-pass-2026"
    with httpx.Client(base_url=base, timeout=30) as http:
        registered = http.post("/api/v1/auth/register/", json={"email": email, "password": password})
        registered.raise_for_status()
        auth = {"Authorization": f"Bearer {registered.json()['access']}"}
        organization = http.get("/api/v1/organizations/", headers=auth).json()["results"][0]["id"]
        key = http.post(
            f"/api/v1/organizations/{organization}/api-keys/", json={"name": "MCP", "role": "editor"}, headers=auth
        )
        key.raise_for_status()
        return key.json()["key"]


async def generate_and_schedule(base: str, key: str) -> None:
    async with (
        httpx.AsyncClient(headers={"Authorization": f"Bearer {key}"}, timeout=60) as http,
        streamable_http_client(f"{base}/mcp/", http_client=http) as (read, write, _),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        tools = [tool.name for tool in (await session.list_tools()).tools]
        assert "generate_post" in tools and "schedule_post" in tools, tools
        post = {"platform": "linkedin", "tone": "professional", "prompt": "Our MCP server is live"}
        generated = await session.call_tool("generate_post", post)
        assert not generated.isError, generated.content
        when = (datetime.now(UTC) + timedelta(days=1)).isoformat()
        content_id = generated.structuredContent["id"]
        scheduled = await session.call_tool("schedule_post", {"content_id": content_id, "scheduled_at": when})
        assert not scheduled.isError, scheduled.content
        listed = json.loads((await session.call_tool("list_scheduled_posts", {})).content[0].text)
        assert scheduled.structuredContent["id"] in [row["id"] for row in listed["results"]], listed
        text, post_id = generated.structuredContent["generated_text"], scheduled.structuredContent["id"]
        print(f"MCP smoke: {len(tools)} tools; generated {content_id}: {text!r}")
        print(f"MCP smoke: scheduled {post_id} for {when} ({scheduled.structuredContent['status']})")


def main() -> None:
    base = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000").rstrip("/")
    asyncio.run(generate_and_schedule(base, api_key(base)))


if __name__ == "__main__":
    main()
