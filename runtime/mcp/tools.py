"""The MCP tools: each one REST route of the API, called as the MCP caller (runtime.mcp.dispatch).

A tool only names its route and passes its arguments on: authentication, roles, workspace scope,
validation, quota, rate limits, idempotency and the audit log are the route's (docs/mcp.md). The
argument names, enums and limits are the route's request fields (its OpenAPI schema), so a tool
refuses what the route refuses, with the route's error.

FastMCP (the SDK's server) derives each tool's input schema from its signature; the descriptions
say what an assistant needs to pick the right tool. ``ctx`` (the MCP request) is not an argument.
"""

from typing import Annotated, Literal

from mcp.server.fastmcp import Context, FastMCP
from mcp.server.transport_security import TransportSecuritySettings
from mcp.types import CallToolResult, ToolAnnotations
from pydantic import Field

from apps.content.models import Platform, ReviewState, Tone
from runtime.mcp.dispatch import call_api

# The routes' enums, from the same choices the serializers use.
PlatformName = Literal[tuple(Platform.values)]  # type: ignore[valid-type]
ToneName = Literal[tuple(Tone.values)]  # type: ignore[valid-type]
ReviewStateName = Literal[tuple(ReviewState.values)]  # type: ignore[valid-type]
AiProvider = Literal["openai", "gemini", "offline"]
PostStatus = Literal["pending", "queued", "published", "failed", "cancelled"]

INSTRUCTIONS = (
    "CaaS: AI-written social media posts for one organization (the API key's). Generate a post "
    "(generate_post), refine it (regenerate_post), check a text against a network's rules "
    "(validate_text), schedule it (schedule_post, with the content_id the generation returned, or "
    "queue_post for the next free slot of the workspace's posting schedule) and "
    "follow or cancel it (list_scheduled_posts, cancel_post); workspace ids come from list_workspaces. "
    "Errors are JSON: "
    '{"error": {"code", "message", "details"}} (e.g. 402 quota_exceeded, 403 permission_denied, '
    "404 not_found, 429 rate_limited)."
)

Uuid = Annotated[str, Field(description="An id (UUID) as the API returned it.")]
IdempotencyKey = Annotated[
    str | None,
    Field(
        description="Optional. The same key sent again within 24 hours (the default) replays the first answer "
        "instead of acting twice (the REST Idempotency-Key header).",
        max_length=255,
    ),
]
WorkspaceId = Annotated[
    str | None,
    Field(description="A workspace of the organization; omitted: the key's workspace or the default one."),
]
Prompt = Annotated[str, Field(description="What the post is about: the brief.", max_length=4000)]
Audience = Annotated[str, Field(description="Who the post is for (optional).", max_length=500)]
Provider = Annotated[AiProvider | None, Field(description="Force an AI provider (optional; default: the server's).")]
_WRITE = ToolAnnotations(readOnlyHint=False, destructiveHint=False, idempotentHint=False, openWorldHint=False)
_READ = ToolAnnotations(readOnlyHint=True, openWorldHint=False)
_CANCEL = ToolAnnotations(readOnlyHint=False, destructiveHint=True, idempotentHint=True, openWorldHint=False)


def _request(ctx: Context):
    return ctx.request_context.request


async def generate_post(
    ctx: Context,
    platform: Annotated[PlatformName, Field(description="The social network the post is written for.")],
    tone: Annotated[ToneName, Field(description="The voice of the post.")],
    prompt: Prompt = "",
    audience: Audience = "",
    workspace_id: WorkspaceId = None,
    template_id: Annotated[str | None, Field(description="A prompt template to fill instead of a prompt.")] = None,
    variables: Annotated[dict[str, str] | None, Field(description="The template's variables.")] = None,
    ai_provider: Provider = None,
    idempotency_key: IdempotencyKey = None,
) -> CallToolResult:
    """Write a new social media post with AI (POST /api/v1/content/generate/): a new content with
    its version 1, fitted to the platform's length and rules. Uses tokens of the monthly quota
    (402 quota_exceeded when spent). Returns the content (its id is the content_id of the other
    tools) with the text. Needs an editor key."""
    body = {
        "platform": platform,
        "tone": tone,
        "prompt": prompt,
        "audience": audience,
        "workspace_id": workspace_id,
        "template_id": template_id,
        "variables": variables,
        "ai_provider": ai_provider,
    }
    return await call_api(
        _request(ctx), "POST", "/api/v1/content/generate/", body=body, idempotency_key=idempotency_key
    )


async def regenerate_post(
    ctx: Context,
    content_id: Uuid,
    modifications: Annotated[
        str, Field(description="What to change, e.g. 'shorter, add a call to action'.", max_length=4000)
    ] = "",
    tone: Annotated[ToneName | None, Field(description="A new tone (optional; default: the content's).")] = None,
    audience: Annotated[str | None, Field(description="A new audience (optional).", max_length=500)] = None,
    ai_provider: Provider = None,
    idempotency_key: IdempotencyKey = None,
) -> CallToolResult:
    """Rewrite an existing post with modifications (POST /api/v1/content/{content_id}/regenerate/):
    a new version n+1 of the same content; earlier versions are kept. Uses tokens of the quota.
    Needs an editor key."""
    body = {"modifications": modifications, "tone": tone, "audience": audience, "ai_provider": ai_provider}
    path = f"/api/v1/content/{content_id}/regenerate/"
    return await call_api(_request(ctx), "POST", path, body=body, idempotency_key=idempotency_key)


async def validate_text(
    ctx: Context,
    platform: Annotated[PlatformName, Field(description="The network whose rules apply.")],
    text: Annotated[str, Field(description="The text to measure, as it would be published.")],
) -> CallToolResult:
    """Measure a text as the network counts it (POST /api/v1/content/validate/): its length, the
    limit, whether it is valid and why not. Writes nothing, uses no quota."""
    return await call_api(_request(ctx), "POST", "/api/v1/content/validate/", body={"platform": platform, "text": text})


async def list_content(
    ctx: Context,
    workspace_id: Annotated[str | None, Field(description="Only this workspace's content.")] = None,
    platform: Annotated[PlatformName | None, Field(description="Only posts for this network.")] = None,
    q: Annotated[str | None, Field(description="Only content whose text contains this.")] = None,
    review_state: Annotated[ReviewStateName | None, Field(description="Only content in this review state.")] = None,
    cursor: Annotated[str | None, Field(description="The cursor of the previous page's 'next' link.")] = None,
    page_size: Annotated[int | None, Field(description="Items per page (default 20).", ge=1, le=100)] = None,
) -> CallToolResult:
    """List the organization's content, newest first (GET /api/v1/content/), with each one's current
    text; archived content is left out. Paginated: pass the cursor of 'next' for the next page."""
    params = {
        "workspace_id": workspace_id,
        "platform": platform,
        "q": q,
        "review_state": review_state,
        "cursor": cursor,
        "page_size": page_size,
    }
    return await call_api(_request(ctx), "GET", "/api/v1/content/", params=params)


async def get_content(ctx: Context, content_id: Uuid) -> CallToolResult:
    """Read one content (GET /api/v1/content/{content_id}/): its current version's text, platform,
    tone, review state and attached media."""
    return await call_api(_request(ctx), "GET", f"/api/v1/content/{content_id}/")


async def schedule_post(
    ctx: Context,
    content_id: Uuid,
    scheduled_at: Annotated[
        str, Field(description="When to publish: ISO 8601 with a time zone, in the future, e.g. 2027-01-05T09:00:00Z.")
    ],
    platform: Annotated[
        PlatformName | None, Field(description="The network (default: the content's platform).")
    ] = None,
    version: Annotated[int | None, Field(description="The version to publish (default: the current one).")] = None,
    allow_duplicate: Annotated[
        bool, Field(description="Schedule even if the same text is already scheduled nearby (409 duplicate_post).")
    ] = False,
    idempotency_key: IdempotencyKey = None,
) -> CallToolResult:
    """Schedule a content's version for publication (POST /api/v1/scheduling/schedule/). Counts one
    post of the monthly quota. Refused when the text breaks the network's rules (400), when the
    workspace requires approval and the content is not approved (409), or a duplicate (409).
    Returns the scheduled post (its id is the post_id of cancel_post). Needs an editor key."""
    body = {
        "content_id": content_id,
        "scheduled_at": scheduled_at,
        "platform": platform,
        "version": version,
        "allow_duplicate": allow_duplicate or None,
    }
    path = "/api/v1/scheduling/schedule/"
    return await call_api(_request(ctx), "POST", path, body=body, idempotency_key=idempotency_key)


async def queue_post(
    ctx: Context,
    workspace_id: Annotated[
        str,
        Field(
            description="The workspace whose queue takes it (ids: list_workspaces).",
            pattern=r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$",
        ),
    ],
    content_id: Uuid,
    channel_id: Annotated[
        str | None,
        Field(description="A connected channel of the workspace: its own queue, publishing to it (optional)."),
    ] = None,
    platform: Annotated[
        PlatformName | None, Field(description="The network (default: the content's platform).")
    ] = None,
    version: Annotated[int | None, Field(description="The version to publish (default: the current one).")] = None,
    idempotency_key: IdempotencyKey = None,
) -> CallToolResult:
    """Add a content to the next free slot of the workspace's weekly posting schedule
    (POST /api/v1/planner/workspaces/{workspace_id}/queue/), instead of choosing a time: use it when
    the user says "queue it" or "post it in the next slot". 409 when the schedule has no free slot in
    the next 90 days (or no slots at all). Returns the queue entry with its slot_at. Needs an editor key."""
    body = {"content_id": content_id, "platform": platform, "version": version}
    path = f"/api/v1/planner/workspaces/{workspace_id}/queue/"
    params = {"channel_id": channel_id}
    return await call_api(_request(ctx), "POST", path, body=body, params=params, idempotency_key=idempotency_key)


async def cancel_post(ctx: Context, post_id: Uuid, idempotency_key: IdempotencyKey = None) -> CallToolResult:
    """Cancel a scheduled post that has not been published yet (POST /api/v1/scheduling/{post_id}/cancel/).
    Needs an editor key."""
    path = f"/api/v1/scheduling/{post_id}/cancel/"
    return await call_api(_request(ctx), "POST", path, idempotency_key=idempotency_key)


async def list_scheduled_posts(
    ctx: Context,
    status: Annotated[PostStatus | None, Field(description="Only posts in this delivery state.")] = None,
    platform: Annotated[PlatformName | None, Field(description="Only posts for this network.")] = None,
    content_id: Annotated[str | None, Field(description="Only the posts of this content.")] = None,
    scheduled_after: Annotated[str | None, Field(description="ISO 8601: only posts due at or after.")] = None,
    scheduled_before: Annotated[str | None, Field(description="ISO 8601: only posts due before.")] = None,
    page: Annotated[int | None, Field(description="Page number (from 1).", ge=1)] = None,
    page_size: Annotated[int | None, Field(description="Items per page (default 20).", ge=1, le=100)] = None,
) -> CallToolResult:
    """List scheduled posts and their delivery state (GET /api/v1/scheduling/), soonest first."""
    params = {
        "status": status,
        "platform": platform,
        "content_id": content_id,
        "scheduled_after": scheduled_after,
        "scheduled_before": scheduled_before,
        "page": page,
        "page_size": page_size,
    }
    return await call_api(_request(ctx), "GET", "/api/v1/scheduling/", params=params)


async def start_campaign(
    ctx: Context,
    platforms: Annotated[
        list[PlatformName], Field(description="Distinct networks: one variant each.", min_length=1, max_length=5)
    ],
    tone: Annotated[ToneName, Field(description="The voice of every variant.")],
    prompt: Prompt = "",
    audience: Audience = "",
    workspace_id: WorkspaceId = None,
    ai_provider: Provider = None,
    idempotency_key: IdempotencyKey = None,
) -> CallToolResult:
    """Start a campaign (POST /api/v1/campaigns/): one brief written for several networks at once, one
    content per network, the quota reserved all or nothing. Returns the campaign with its variants
    (their content ids). Needs an editor key."""
    body = {
        "platforms": platforms,
        "tone": tone,
        "prompt": prompt,
        "audience": audience,
        "workspace_id": workspace_id,
        "ai_provider": ai_provider,
    }
    return await call_api(_request(ctx), "POST", "/api/v1/campaigns/", body=body, idempotency_key=idempotency_key)


async def get_usage(ctx: Context) -> CallToolResult:
    """This billing period's usage (GET /api/v1/content/usage/): tokens and posts used against the
    plan's quota, by member and by AI provider. Organization-wide: refused (403
    api_key_not_allowed) to a key limited to one workspace."""
    return await call_api(_request(ctx), "GET", "/api/v1/content/usage/")


async def get_analytics(
    ctx: Context,
    report: Annotated[
        Literal["generation", "publishing", "quota"],
        Field(
            description="generation: versions, tokens by provider/model/member, latency; publishing: posts by "
            "status, platform and day, delays, failures; quota: tokens and posts used per day, the day it runs out."
        ),
    ],
    start: Annotated[str | None, Field(description="ISO 8601 date or time: from (default: 30 days ago).")] = None,
    end: Annotated[str | None, Field(description="ISO 8601 date or time: until (default: now).")] = None,
    granularity: Annotated[Literal["day", "week"] | None, Field(description="Buckets (default: day).")] = None,
    tz: Annotated[str | None, Field(description="IANA time zone of the buckets, e.g. Europe/Paris.")] = None,
    workspace_id: Annotated[str | None, Field(description="Only this workspace.")] = None,
) -> CallToolResult:
    """Read an analytics report of the organization (GET /api/v1/analytics/{report}/). Organization-wide:
    refused (403 api_key_not_allowed) to a key limited to one workspace."""
    params = {"start": start, "end": end, "granularity": granularity, "workspace_id": workspace_id}
    if report != "quota":
        params["tz"] = tz
    return await call_api(_request(ctx), "GET", f"/api/v1/analytics/{report}/", params=params)


async def list_workspaces(ctx: Context) -> CallToolResult:
    """List the organization's workspaces (GET /api/v1/organizations/workspaces/): their ids and names,
    for the workspace_id of the other tools (a key limited to one workspace sees that one)."""
    return await call_api(_request(ctx), "GET", "/api/v1/organizations/workspaces/")


async def generate_image(
    ctx: Context,
    workspace_id: Annotated[str, Field(description="The workspace whose media library receives the image.")],
    prompt: Annotated[str, Field(description="What the image shows.", max_length=4000)],
    shape: Annotated[
        Literal["square", "landscape", "portrait"] | None, Field(description="Image shape (default: square).")
    ] = None,
    alt_text: Annotated[str, Field(description="Alternative text for screen readers (optional).")] = "",
    ai_provider: Provider = None,
    idempotency_key: IdempotencyKey = None,
) -> CallToolResult:
    """Generate an image with AI into the workspace's media library (POST /api/v1/media/generate/).
    Uses one image credit of the plan. Returns the media item (its id can be attached to a post).
    Needs an editor key."""
    body = {"workspace_id": workspace_id, "prompt": prompt, "shape": shape, "alt_text": alt_text or None}
    body["ai_provider"] = ai_provider
    return await call_api(_request(ctx), "POST", "/api/v1/media/generate/", body=body, idempotency_key=idempotency_key)


# Every tool with its hints for the client (read-only or not), in the order clients list them.
TOOLS = (
    (generate_post, _WRITE),
    (regenerate_post, _WRITE),
    (validate_text, _READ),
    (list_content, _READ),
    (get_content, _READ),
    (schedule_post, _WRITE),
    (queue_post, _WRITE),
    (cancel_post, _CANCEL),
    (list_scheduled_posts, _READ),
    (start_campaign, _WRITE),
    (get_usage, _READ),
    (get_analytics, _READ),
    (list_workspaces, _READ),
    (generate_image, _WRITE),
)


def build_server() -> FastMCP:
    """A new MCP server with every tool (one per application: its session manager runs once)."""
    server = FastMCP(
        name="caas",
        instructions=INSTRUCTIONS,
        # Stateless streamable HTTP with JSON answers: every POST stands alone, so any worker process
        # of any replica answers it (no session to keep, no sticky routing).
        stateless_http=True,
        json_response=True,
        # The SDK's Host/Origin check is for a server on localhost; this one answers under the
        # deployment's hosts: runtime.mcp.app checks the Host against Django's ALLOWED_HOSTS instead.
        transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
    )
    for fn, annotations in TOOLS:
        server.add_tool(fn, annotations=annotations)
    return server
