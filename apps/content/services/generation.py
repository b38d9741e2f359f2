"""Preparing a generation: everything that may refuse it before any provider call.

Order (docs/content.md): check role and input → pick the provider (503 when not configured) →
admit and reserve the request's upper bound, tokens (estimate of the prompt + the platform's
output cap) and, for new content, one post — outside any transaction, so no row lock is held
during the AI call (402 before any call; admitted while used + reserved < limit, so the one
request that crosses the limit finishes) → count one generation against the plan's per-minute
limit (429, the reservation released: a 402 never eats the allowance).

These are database steps (sync ORM code): the async pipeline (``apps.content.services.pipeline``)
and the views run them through ``db_step``. A campaign admits several generations at once, all or
nothing (``content_generation_prepare_many``, docs/campaigns.md).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.conf import settings

from apps.brand.rules import Voice, template_render, voice_prompt
from apps.brand.selectors import BRAND_VOICE_RELATED, brand_voice_of_workspace, template_for_generation
from apps.common.exceptions import ValidationFailed
from apps.content.attachments import Attachment, attachments_resolve
from apps.content.exceptions import ContentWorkspaceMissing
from apps.content.models import Content, Tone, VersionSource
from apps.content.platforms import PLATFORMS, PROMPT_MAX_CHARS, platform_limit
from apps.content.prompts import system_prompt, user_prompt
from apps.content.providers import (
    AIProvider,
    GenerationRequest,
    Message,
    provider_default_name,
    provider_fallback_name,
    provider_get,
)
from apps.content.selectors import content_get_for_user
from apps.organizations.models import ROLE_RANK, Organization, OrganizationMember, Role, Workspace
from apps.organizations.selectors import (
    membership_require,
    workspace_default,
    workspace_get_for_organization,
    workspace_scope,
    workspace_scope_check,
)
from apps.subscriptions.models import UsageReservation
from apps.subscriptions.throttles import organization_rate_limit_hit
from apps.subscriptions.usage import usage_release, usage_reserve, usage_reserve_many
from apps.users.models import User

# Smallest output cap ever asked of a provider.
MIN_OUTPUT_TOKENS = 16


def output_cap_for_platform(platform: str) -> int:
    """Output tokens asked for: the platform's character limit + 16 (one token per character is an
    upper bound for nearly all text), never more than AI_MAX_OUTPUT_TOKENS."""
    return max(min(settings.AI_MAX_OUTPUT_TOKENS, platform_limit(platform) + 16), MIN_OUTPUT_TOKENS)


@dataclass
class PreparedGeneration:
    user: User
    organization: Organization
    workspace: Workspace
    content: Content | None  # None for a new piece of content
    platform: str
    tone: str
    audience: str
    prompt: str
    modifications: str
    requested_provider: str
    provider: AIProvider
    fallback: AIProvider | None
    request: GenerationRequest
    prompt_estimate: int
    reservation: UsageReservation | None = None  # None only between planning and admission
    stream: bool = False
    calls: list[dict[str, Any]] = field(default_factory=list)
    # The shorten / brand-retry calls' own reservations, with the tokens they reported.
    extra_reservations: list[tuple[UsageReservation, int]] = field(default_factory=list)
    # The workspace's brand voice at preparation (None: none set), the template used, and what
    # the brand rules could not enforce (docs/brand.md).
    voice: Voice | None = None
    template: dict[str, Any] | None = None
    brand_warnings: list[dict[str, Any]] = field(default_factory=list)
    # The new version's media (docs/content.md#attachments); None keeps the previous version's.
    attachments: list[Attachment] | None = None

    def release_all(self) -> None:
        for reservation in [self.reservation, *(r for r, _ in self.extra_reservations)]:
            if reservation is not None:
                usage_release(reservation=reservation)  # no-op for one already settled

    @property
    def source(self) -> str:
        return VersionSource.GENERATED if self.content is None else VersionSource.REGENERATED


def brand_prompt_additions(*, workspace: Workspace) -> tuple[Voice | None, str]:
    """The workspace's current brand voice and the text it adds to the system prompt ("" if none)
    (no query when the workspace was read with ``BRAND_VOICE_RELATED``)."""
    voice = brand_voice_of_workspace(workspace=workspace)
    return voice, (f"\n\n{voice_prompt(voice)}" if voice is not None else "")


def _generation_prepare(*, posts: int, attachments: list[Attachment] | None = None, **brief: Any) -> PreparedGeneration:
    """Plan the generation, then admit it (reserve, rate limit)."""
    prepared = _generation_build(**brief)
    prepared.attachments = attachments
    reservation = usage_reserve(organization=prepared.organization, **_reservation_bound(prepared, posts=posts))
    _generation_admit(prepared, reservation=reservation)
    return prepared


def _reservation_bound(prepared: PreparedGeneration, *, posts: int) -> dict[str, int]:
    """What a generation reserves: prompt estimate + output cap, and ``posts``."""
    return {"tokens": prepared.prompt_estimate + prepared.request.max_output_tokens, "posts": posts}


def _generation_admit(prepared: PreparedGeneration, *, reservation: UsageReservation) -> None:
    """Attach the reservation, then count one generation against the plan's per-minute limit
    (429, the reservation released: a 402 never eats the allowance)."""
    prepared.reservation = reservation
    try:
        organization_rate_limit_hit(organization_id=prepared.organization.pk, kind="generations")  # 429
    except BaseException:
        usage_release(reservation=reservation)  # throttled: nothing is spent
        raise


def _generation_build(
    *,
    user: User,
    organization: Organization,
    workspace: Workspace,
    content: Content | None,
    platform: str,
    tone: str,
    audience: str,
    prompt: str,
    modifications: str,
    ai_provider: str | None,
    stream: bool,
    template: dict[str, Any] | None = None,
) -> PreparedGeneration:
    """Everything but the admission: provider (503 when not configured), request, prompt estimate."""
    requested = ai_provider or provider_default_name()
    provider = provider_get(requested)  # 503 ai_provider_not_configured: never a silent switch
    fallback_name = provider_fallback_name(requested)
    fallback = provider_get(fallback_name) if fallback_name else None
    brief = {
        "platform": platform,
        "tone": tone,
        "prompt": prompt,
        "audience": audience,
        "modifications": modifications,
        "previous_text": content.current_text if content else "",
    }
    voice, brand_addition = brand_prompt_additions(workspace=workspace)
    if voice is not None:
        brief["brand_voice"] = brand_addition.strip()
    base_request = GenerationRequest(
        system=system_prompt(platform=platform, tone=tone) + brand_addition,
        messages=(
            Message(
                "user",
                user_prompt(
                    prompt=prompt,
                    audience=audience,
                    previous_text=brief["previous_text"],
                    modifications=modifications,
                ),
            ),
        ),
        max_output_tokens=0,
        brief=brief,
    )
    estimate = max(p.estimate_prompt_tokens(base_request) for p in (provider, fallback) if p is not None)

    output_cap = output_cap_for_platform(platform)
    # The caller admits it (_generation_admit) outside any transaction: usage_reserve commits at once (402
    # before any provider call). The quota is checked before the per-minute limit, so a refused
    # attempt does not eat the allowance.
    request = GenerationRequest(
        system=base_request.system, messages=base_request.messages, max_output_tokens=output_cap, brief=brief
    )
    return PreparedGeneration(
        user=user,
        organization=organization,
        workspace=workspace,
        content=content,
        platform=platform,
        tone=tone,
        audience=audience,
        prompt=prompt,
        modifications=modifications,
        requested_provider=requested,
        provider=provider,
        fallback=fallback,
        request=request,
        prompt_estimate=estimate,
        stream=stream,
        voice=voice,
        template=template,
    )


def _is_checked_editor(
    membership: OrganizationMember | None, *, user: User, organization_id: UUID | str | None
) -> bool:
    return (
        membership is not None
        and membership.user_id == user.pk
        and (organization_id is None or str(membership.organization_id) == str(organization_id))
        and ROLE_RANK[membership.role] >= ROLE_RANK[Role.EDITOR]
    )


@dataclass
class Brief:
    """The checked brief of a new generation: whose, where, and the prompt (a template filled in)."""

    organization: Organization
    workspace: Workspace
    prompt: str
    template: dict[str, Any] | None


def content_brief_resolve(
    *,
    user: User,
    organization_id: UUID | str | None,
    workspace_id: UUID | str | None = None,
    prompt: str = "",
    template_id: UUID | str | None = None,
    variables: Mapping[str, str] | None = None,
    checked_membership: OrganizationMember | None = None,
) -> Brief:
    """Role (editor+), workspace and prompt of a new generation. With ``template_id`` the template
    (of that organization, and of ``workspace_id`` when given; its workspace otherwise) is filled in
    with ``variables`` (every variable, no other: 400 ``template_variables_invalid``), and ``prompt``,
    when given too, follows it as further instructions. ``checked_membership``: the caller's editor
    membership the API checked a moment ago for this ``organization_id``, so it is not read again."""
    if _is_checked_editor(checked_membership, user=user, organization_id=organization_id):
        membership = checked_membership
    else:
        membership = membership_require(user=user, organization_id=organization_id, role=Role.EDITOR)
    organization = membership.organization
    workspace_id = workspace_id or workspace_scope(user=user)  # a key limited to a workspace writes there
    if workspace_id:
        # Before the template is read: another workspace's template must not answer a 400 naming its
        # variables to a key that cannot read that workspace (it is 404, like a missing workspace).
        workspace_scope_check(user=user, workspace_id=workspace_id)
    prompt = prompt.strip()
    template = None
    if template_id:
        row = template_for_generation(
            organization_id=organization.pk, template_id=template_id, workspace_id=workspace_id
        )  # 404
        rendered = template_render(body=row.body, variables=dict(variables or {})).strip()
        template = {"id": str(row.pk), "name": row.name, "variables": dict(variables or {})}
        prompt = f"{rendered}\n\n{prompt}" if prompt else rendered
        workspace_id = workspace_id or row.workspace_id
    elif variables:
        raise ValidationFailed(details={"variables": ["Variables are only used with template_id."]})
    if not prompt:
        raise ValidationFailed(details={"prompt": ["Give a prompt or a template_id."]})
    if len(prompt) > PROMPT_MAX_CHARS:
        field_name = "variables" if template else "prompt"
        raise ValidationFailed(
            details={
                field_name: [f"The prompt is {len(prompt)} characters once filled in; at most {PROMPT_MAX_CHARS}."]
            }
        )
    if workspace_id:
        workspace = workspace_get_for_organization(
            organization_id=organization.pk, workspace_id=workspace_id, related=BRAND_VOICE_RELATED
        )
    else:
        workspace = workspace_default(organization_id=organization.pk, related=BRAND_VOICE_RELATED)
        if workspace is None:
            raise ContentWorkspaceMissing()
    return Brief(organization=organization, workspace=workspace, prompt=prompt, template=template)


def content_generation_prepare_new(
    *,
    user: User,
    organization_id: UUID | str | None,
    platform: str,
    tone: str,
    prompt: str = "",
    audience: str = "",
    ai_provider: str | None = None,
    workspace_id: UUID | str | None = None,
    stream: bool = False,
    template_id: UUID | str | None = None,
    variables: Mapping[str, str] | None = None,
    checked_membership: OrganizationMember | None = None,
    media: Sequence[dict[str, Any]] | None = None,
) -> PreparedGeneration:
    """Check role, workspace, attachments and provider, apply the rate limit and reserve the quota.

    ``checked_membership``: the caller's editor membership the API checked a moment ago for this
    ``organization_id`` (the permission check before validation), so it is not read again."""
    _validate_choices(platform=platform, tone=tone)
    brief = content_brief_resolve(
        checked_membership=checked_membership,
        user=user,
        organization_id=organization_id,
        workspace_id=workspace_id,
        prompt=prompt,
        template_id=template_id,
        variables=variables,
    )
    attachments = attachments_resolve(items=media or [], workspace_id=brief.workspace.pk)
    return _generation_prepare(
        posts=1,
        attachments=attachments,
        user=user,
        organization=brief.organization,
        workspace=brief.workspace,
        content=None,
        platform=platform,
        tone=tone,
        audience=audience.strip(),
        prompt=brief.prompt,
        modifications="",
        ai_provider=ai_provider,
        stream=stream,
        template=brief.template,
    )


def content_generation_prepare_many(
    *, user: User, brief: Brief, platforms: list[str], tone: str, audience: str = "", ai_provider: str | None = None
) -> list[PreparedGeneration]:
    """One new generation per platform of ``brief`` (a campaign), admitted all or nothing: the
    quota of every one of them (tokens and one post each) is reserved in one conditional update
    before any provider call (``usage_reserve_many``: 402, nothing held, when it cannot cover them
    all), then each counts against the per-minute limit (429: every reservation released)."""
    for platform in platforms:
        _validate_choices(platform=platform, tone=tone)
    plans = [
        _generation_build(
            user=user,
            organization=brief.organization,
            workspace=brief.workspace,
            content=None,
            platform=platform,
            tone=tone,
            audience=audience.strip(),
            prompt=brief.prompt,
            modifications="",
            ai_provider=ai_provider,
            stream=False,
            template=brief.template,
        )
        for platform in platforms
    ]
    reservations = usage_reserve_many(
        organization=brief.organization, requests=[_reservation_bound(prepared, posts=1) for prepared in plans]
    )
    try:
        for prepared, reservation in zip(plans, reservations, strict=True):
            prepared.reservation = reservation
            _generation_admit(prepared, reservation=reservation)
    except BaseException:
        for prepared in plans:
            prepared.release_all()
        raise
    return plans


def content_generation_prepare_regenerate(
    *,
    user: User,
    content_id: UUID | str,
    modifications: str = "",
    tone: str | None = None,
    audience: str | None = None,
    ai_provider: str | None = None,
    stream: bool = False,
    media: Sequence[dict[str, Any]] | None = None,
) -> PreparedGeneration:
    """The same checks and reservation for version n+1 of existing content (no post is reserved).
    ``media`` None keeps the current version's attachments; a list replaces them (``[]``: none)."""
    content = content_get_for_user(user=user, content_id=content_id)  # 404 for non-members
    membership = membership_require(user=user, organization_id=content.organization_id, role=Role.EDITOR)
    tone = tone or content.tone
    _validate_choices(platform=content.platform, tone=tone)
    attachments = None if media is None else attachments_resolve(items=media, workspace_id=content.workspace_id)
    return _generation_prepare(
        posts=0,
        attachments=attachments,
        user=user,
        organization=membership.organization,
        workspace=content.workspace,
        content=content,
        platform=content.platform,
        tone=tone,
        audience=(content.audience if audience is None else audience).strip(),
        prompt=content.prompt,
        modifications=modifications.strip(),
        ai_provider=ai_provider,
        stream=stream,
    )


# ``Tone.values`` rebuilds its list from the enum on every access.
_TONES = frozenset(Tone.values)


def _validate_choices(*, platform: str, tone: str) -> None:
    errors = {}
    if platform not in PLATFORMS:
        errors["platform"] = [f"Unknown platform {platform!r}."]
    if tone not in _TONES:
        errors["tone"] = [f"Unknown tone {tone!r}."]
    if errors:
        raise ValidationFailed(details=errors)
