"""Writes of the content app: generate, regenerate (optionally streamed) and edit, each a new version.

Order of a generation (SPEC §5, docs/content.md): check role and input → pick the provider (503
when not configured) → admit and reserve the request's upper bound, tokens (estimate of the prompt +
the platform's output cap) and, for new content, one post — outside any transaction, so no row
lock is held during the AI call (402 before any call; admitted while used + reserved < limit, so
the one request that crosses the limit finishes) → count one generation against the plan's
per-minute limit (429, the reservation released: a 402 never eats the allowance) → call the provider
(retries, optional fallback) → fit the text to the platform → in ONE short transaction: lock the
content row, add version n+1, settle the reservation to the provider's reported count. Any failure
before the version is saved releases the reservation: nothing is spent.

The workspace's brand voice (apps.brand) is appended to the system prompt; a banned phrase in the
answer gets one rewrite call, required hashtags are appended within the platform's limits, and the
revision used is recorded in the version's parameters (docs/brand.md). A campaign admits several
generations at once, all or nothing (``content_generation_prepare_many``, docs/campaigns.md).
"""

import dataclasses
import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from apps.brand.rules import Voice, avoid_message, banned_in, hashtags_missing, template_render, voice_prompt
from apps.brand.selectors import BRAND_VOICE_RELATED, brand_voice_of_workspace, template_for_generation
from apps.common.events import emit
from apps.common.exceptions import DomainError, NotFound, QuotaExceeded, ValidationFailed
from apps.content import events
from apps.content.exceptions import (
    ContentNotDeleted,
    ContentWorkspaceMissing,
    ReviewTransitionConflict,
    ReviewVersionMismatch,
)
from apps.content.measure import fit, fit_with, fits, measure_require_valid, text_length
from apps.content.models import (
    Content,
    ContentReview,
    ContentVersion,
    FailureOutcome,
    GenerationFailure,
    ReviewAction,
    ReviewState,
    Tone,
    VersionSource,
)
from apps.content.platforms import PLATFORMS, PROMPT_MAX_CHARS, platform_limit
from apps.content.prompts import shorten_message, system_prompt, user_prompt
from apps.content.providers import (
    AIContentRefused,
    AIProvider,
    AIProviderError,
    AITimeout,
    GenerationRequest,
    GenerationResult,
    Message,
    provider_default_name,
    provider_fallback_name,
    provider_get,
)
from apps.content.selectors import content_get_for_user, trash_cutoff
from apps.organizations.exceptions import WorkspaceNotEmpty
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
from apps.subscriptions.usage import usage_release, usage_reserve, usage_reserve_many, usage_settle
from apps.users.models import User

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Smallest output cap ever asked of a provider.
MIN_OUTPUT_TOKENS = 16


# ---------------------------------------------------------------------------
# Prompt sizing (the prompt texts are in apps.content.prompts)
# ---------------------------------------------------------------------------
def output_cap_for_platform(platform: str) -> int:
    """Output tokens asked for: the platform's character limit + 16 (one token per character is an
    upper bound for nearly all text), never more than AI_MAX_OUTPUT_TOKENS."""
    return max(min(settings.AI_MAX_OUTPUT_TOKENS, platform_limit(platform) + 16), MIN_OUTPUT_TOKENS)


# ---------------------------------------------------------------------------
# Preparation: everything that may refuse the request before any provider call
# ---------------------------------------------------------------------------
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


def _prepare(*, posts: int, **plan: Any) -> PreparedGeneration:
    """Plan the generation, then admit it (reserve, rate limit)."""
    prepared = _plan(**plan)
    _admit(prepared, reservation=usage_reserve(organization=prepared.organization, **_bound(prepared, posts=posts)))
    return prepared


def _bound(prepared: PreparedGeneration, *, posts: int) -> dict[str, int]:
    """What a generation reserves: prompt estimate + output cap, and ``posts``."""
    return {"tokens": prepared.prompt_estimate + prepared.request.max_output_tokens, "posts": posts}


def _admit(prepared: PreparedGeneration, *, reservation: UsageReservation) -> None:
    """Attach the reservation, then count one generation against the plan's per-minute limit
    (429, the reservation released: a 402 never eats the allowance)."""
    prepared.reservation = reservation
    try:
        organization_rate_limit_hit(organization_id=prepared.organization.pk, kind="generations")  # 429
    except BaseException:
        usage_release(reservation=reservation)  # throttled: nothing is spent
        raise


def _plan(
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
    # The caller admits it (_admit) outside any transaction: usage_reserve commits at once (402
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
        workspace_scope_check(user=user, workspace_id=workspace_id)
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
) -> PreparedGeneration:
    """Check role, workspace and provider, apply the rate limit and reserve the quota.

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
    return _prepare(
        posts=1,
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
        _plan(
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
        organization=brief.organization, requests=[_bound(prepared, posts=1) for prepared in plans]
    )
    try:
        for prepared, reservation in zip(plans, reservations, strict=True):
            prepared.reservation = reservation
            _admit(prepared, reservation=reservation)
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
) -> PreparedGeneration:
    """The same checks and reservation for version n+1 of existing content (no post is reserved)."""
    content = content_get_for_user(user=user, content_id=content_id)  # 404 for non-members
    membership = membership_require(user=user, organization_id=content.organization_id, role=Role.EDITOR)
    tone = tone or content.tone
    _validate_choices(platform=content.platform, tone=tone)
    return _prepare(
        posts=0,
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


# Computed once: ``Tone.values`` rebuilds its list from the enum on every access (5 % of a
# generation's CPU in the profile of issue 13).
_TONES = frozenset(Tone.values)


def _validate_choices(*, platform: str, tone: str) -> None:
    errors = {}
    if platform not in PLATFORMS:
        errors["platform"] = [f"Unknown platform {platform!r}."]
    if tone not in _TONES:
        errors["tone"] = [f"Unknown tone {tone!r}."]
    if errors:
        raise ValidationFailed(details=errors)


# ---------------------------------------------------------------------------
# Running: provider call(s), fitting, saving
# ---------------------------------------------------------------------------
def _record_call(prepared: PreparedGeneration, result: GenerationResult, *, purpose: str) -> None:
    prepared.calls.append(
        {
            "purpose": purpose,
            "provider": result.provider,
            "model": result.model,
            "prompt_tokens": result.prompt_tokens,
            "completion_tokens": result.completion_tokens,
            "total_tokens": result.total_tokens,
            "latency_ms": result.latency_ms,
            "finish_reason": result.finish_reason,
            "usage_estimated": result.usage_estimated,
        }
    )


def _with_fallback(prepared: PreparedGeneration, start: Callable[[AIProvider], T]) -> tuple[AIProvider, T]:
    """``start(provider)``; if the provider fails (error or timeout) and a fallback is configured,
    ``start(fallback)`` once. Returns the provider that answered with what ``start`` returned.

    When both fail, the answer is the requested provider's failure (its class: 504 ``ai_timeout``
    for a timeout, 502 ``ai_provider_error`` otherwise), with the fallback's failure in the message
    and ``details`` — never the fallback's status in place of the primary's."""
    try:
        return prepared.provider, start(prepared.provider)
    except (AIProviderError, AITimeout) as exc:
        if prepared.fallback is None:
            raise
        logger.warning(
            "AI provider %s failed (%s); falling back to %s", prepared.provider.name, exc.code, prepared.fallback.name
        )
        try:
            return prepared.fallback, start(prepared.fallback)
        except (AIProviderError, AITimeout) as fallback_exc:
            raise _both_failed(
                provider=prepared.provider.name,
                fallback_provider=prepared.fallback.name,
                primary=exc,
                fallback=fallback_exc,
            ) from fallback_exc


def _both_failed(
    *,
    provider: str,
    fallback_provider: str,
    primary: AIProviderError | AITimeout,
    fallback: AIProviderError | AITimeout,
) -> AIProviderError | AITimeout:
    """The primary's error class and status, saying what the fallback answered too."""
    timed_out = isinstance(primary, AITimeout)
    what = "did not answer in time" if timed_out else "failed to answer"
    message = (
        f"The AI provider {provider} {what}, and the fallback provider {fallback_provider} failed too "
        f"({fallback.code}). Nothing was charged; try again later."
    )
    details = {
        **(primary.details or {}),
        "provider": provider,
        "fallback_provider": fallback_provider,
        "fallback_code": fallback.code,
    }
    return (AITimeout if timed_out else AIProviderError)(message, details=details)


def _shorten_request(prepared: PreparedGeneration, *, text: str, limit: int) -> GenerationRequest:
    """The request asking once more for ``text`` within ``limit`` characters (output cap unset)."""
    return GenerationRequest(
        system=prepared.request.system,
        messages=(
            *prepared.request.messages,
            Message("assistant", text),
            Message("user", shorten_message(text=text, limit=limit, platform=prepared.platform)),
        ),
        max_output_tokens=0,
        brief={**prepared.request.brief, "previous_text": text, "shorten_to": limit},
    )


def _fit(prepared: PreparedGeneration, provider: AIProvider, first: GenerationResult) -> tuple[str, bool, bool]:
    """Make the text fit the platform as the network counts (apps.content.measure): one shorten
    call if the reservation still allows it, then a cut at a word boundary that splits no grapheme
    cluster, URL, mention or hashtag. Returns (text, shortened, truncated)."""
    limit = platform_limit(prepared.platform)
    text = first.text.strip()
    if fits(platform=prepared.platform, text=text):
        return text, False, False
    shorten = _shorten_request(prepared, text=text, limit=limit)
    shortened = False
    # When the quota cannot cover the shorten call, the first answer is cut instead.
    second = _extra_call(prepared, provider, shorten, purpose="shorten")
    if second is not None and second.text.strip():
        text, shortened = second.text.strip(), True
    if fits(platform=prepared.platform, text=text):
        return text, shortened, False
    return fit(platform=prepared.platform, text=text), shortened, True


def _extra_call(
    prepared: PreparedGeneration, provider: AIProvider, request: GenerationRequest, *, purpose: str
) -> GenerationResult | None:
    """A follow-up call (shorten, brand retry) with its own reservation (its prompt repeats the
    first answer). None when the quota cannot cover it or the call fails (nothing spent for it)."""
    output_cap = output_cap_for_platform(prepared.platform)
    request = dataclasses.replace(request, max_output_tokens=output_cap)
    estimate = provider.estimate_prompt_tokens(request)
    try:
        reservation = usage_reserve(organization=prepared.organization, tokens=estimate + output_cap)
    except QuotaExceeded:
        return None
    try:
        result = provider.generate(request)
    except (AIProviderError, AITimeout, AIContentRefused) as exc:
        usage_release(reservation=reservation)
        logger.info("%s call failed (%s); keeping the first answer", purpose, exc.code)
        return None
    except BaseException:
        usage_release(reservation=reservation)
        raise
    _record_call(prepared, result, purpose=purpose)
    prepared.extra_reservations.append((reservation, result.total_tokens))
    return result


# ---------------------------------------------------------------------------
# Brand voice rules: banned phrases (one rewrite), required hashtags (docs/brand.md)
# ---------------------------------------------------------------------------
def _brand_retry_request(prepared: PreparedGeneration, result: GenerationResult) -> GenerationRequest | None:
    """The rewrite request when the answer uses a banned phrase of the brand voice, else None."""
    voice = prepared.voice
    found = banned_in(result.text, voice.banned_phrases) if voice is not None else []
    if not found:
        return None
    text = result.text.strip()
    return GenerationRequest(
        system=prepared.request.system,
        messages=(
            *prepared.request.messages,
            Message("assistant", text),
            Message("user", avoid_message(phrases=found)),
        ),
        max_output_tokens=0,
        brief={**prepared.request.brief, "previous_text": text, "avoid_phrases": list(found)},
    )


def _brand_retry(prepared: PreparedGeneration, provider: AIProvider, result: GenerationResult) -> GenerationResult:
    """When the answer uses a banned phrase of the brand voice, ask once for a rewrite without it
    (a separately reserved call); the rewrite replaces the answer if it is not empty."""
    retry = _brand_retry_request(prepared, result)
    second = _extra_call(prepared, provider, retry, purpose="brand_retry") if retry is not None else None
    if second is not None and second.text.strip():
        return dataclasses.replace(result, text=second.text)
    return result


def brand_hashtags_append(*, platform: str, text: str, hashtags: tuple[str, ...]) -> tuple[str, bool, list[str]]:
    """Append the required hashtags ``text`` lacks, keeping the platform's limits: the text is cut
    (never a tag) to make room. Tags that would take more than half the limit, or exceed the
    platform's hashtag count, are left out. Returns (text, cut, left_out)."""
    missing = hashtags_missing(text, hashtags)
    if not missing:
        return text, False, []
    kept: list[str] = []
    for tag in missing:
        suffix = " ".join([*kept, tag])
        if text_length(platform=platform, text=suffix) * 2 <= platform_limit(platform) and fits(
            platform=platform, text=suffix
        ):
            kept.append(tag)
    left_out = [tag for tag in missing if tag not in kept]
    if not kept:
        return text, False, left_out
    suffix = " ".join(kept)
    body = fit_with(text, lambda candidate: fits(platform=platform, text=f"{candidate} {suffix}"))
    return f"{body} {suffix}".strip(), body != text.strip(), left_out


def _brand_finish(prepared: PreparedGeneration, text: str) -> tuple[str, bool]:
    """Required hashtags appended (fitted), and warnings for what the rules could not enforce.
    Returns (text, cut)."""
    voice = prepared.voice
    if voice is None:
        return text, False
    text, cut, left_out = brand_hashtags_append(platform=prepared.platform, text=text, hashtags=voice.required_hashtags)
    if left_out:
        prepared.brand_warnings.append(
            {
                "code": "hashtags_left_out",
                "message": "Required hashtags left out: they do not fit the platform's limits.",
                "items": left_out,
            }
        )
    found = banned_in(text, voice.banned_phrases)
    if found:
        prepared.brand_warnings.append(
            {
                "code": "banned_phrase",
                "message": "The text still uses banned words or phrases after one rewrite; edit it before publishing.",
                "items": found,
            }
        )
    return text, cut


def _brand_provenance(prepared: PreparedGeneration) -> dict[str, Any]:
    return {
        "brand_voice_revision": prepared.voice.revision if prepared.voice is not None else None,
        "brand_warnings": prepared.brand_warnings,
        "template": prepared.template,
    }


def _content_lock(content_id: UUID) -> Content:
    """The content row, locked until the end of the caller's transaction (versions are numbered n+1).
    Content deleted meanwhile (in the trash) is not found: 404, and the caller's work is dropped."""
    try:
        return Content.objects.select_for_update().get(pk=content_id, deleted_at__isnull=True)
    except Content.DoesNotExist as exc:
        raise NotFound("Content not found.") from exc


def _version_append(
    *,
    content: Content,
    text: str,
    source: str,
    created_by: User,
    content_fields: dict[str, Any] | None = None,
    **version_fields: Any,
) -> ContentVersion:
    """Add version n+1 and make it current (text, number and ``content_fields`` on the content).

    Call inside a transaction, with ``content`` locked (``_content_lock``), or not saved yet (a new
    piece of content: then it is inserted already pointing at its version 1, one round trip less).
    """
    number = content.current_version + 1
    content.current_version = number
    content.current_text = text
    for name, value in (content_fields or {}).items():
        setattr(content, name, value)
    content.updated_at = timezone.now()
    adding = content._state.adding
    if adding:
        content.save(force_insert=True)
    version = ContentVersion(
        content=content,
        organization_id=content.organization_id,
        workspace_id=content.workspace_id,
        version=number,
        text=text,
        source=source,
        created_by=created_by,
        **version_fields,
    )
    version.save(force_insert=True)
    if not adding:  # new content is a draft: no review to reset
        review_fields = _review_reset(content=content, version=number, actor=created_by)
        content.save(
            update_fields=["current_version", "current_text", *(content_fields or {}), *review_fields, "updated_at"]
        )
    version.content = content
    return version


def _review_reset(*, content: Content, version: int, actor: User) -> list[str]:
    """An approval (or a pending review) is of one version: a new version sends the content back to
    draft, recorded like any transition. ``content`` is locked by the caller. Returns the fields to save."""
    if content.review_state not in (ReviewState.IN_REVIEW, ReviewState.APPROVED):
        return []
    previous = content.review_state
    content.review_state = ReviewState.DRAFT
    content.review_version = None
    content.review_updated_at = timezone.now()
    content.review_updated_by = actor
    ContentReview.objects.create(
        content=content,
        action=ReviewAction.RESET,
        from_state=previous,
        to_state=ReviewState.DRAFT,
        version=version,
        actor=actor,
    )
    events.emit(events.REVIEW_RESET, content=content, actor=actor, version=version, from_state=previous)
    return ["review_state", "review_version", "review_updated_at", "review_updated_by"]


def _save(
    prepared: PreparedGeneration,
    *,
    text: str,
    provider: AIProvider,
    shortened: bool,
    truncated: bool,
    extra: dict[str, Any] | None = None,
) -> ContentVersion:
    """In one short transaction: the content (locked) gets version n+1 and the tokens are settled."""
    calls = prepared.calls
    prompt_tokens = sum(c["prompt_tokens"] for c in calls)
    completion_tokens = sum(c["completion_tokens"] for c in calls)
    total_tokens = sum(c["total_tokens"] for c in calls)
    parameters = {
        "platform": prepared.platform,
        "tone": prepared.tone,
        "audience": prepared.audience,
        "modifications": prepared.modifications,
        "requested_provider": prepared.requested_provider,
        "fallback_used": provider.name != prepared.requested_provider,
        "max_output_tokens": prepared.request.max_output_tokens,
        "reserved_tokens": prepared.reservation.tokens,
        "stream": prepared.stream,
        "shortened": shortened,
        "usage_estimated": any(c["usage_estimated"] for c in calls),
        "calls": calls,
        **_brand_provenance(prepared),
        **(extra or {}),
    }
    model = calls[0]["model"] if calls else provider.model
    with transaction.atomic():
        if prepared.content is None:
            content = Content(  # inserted by _version_append, with its version 1
                organization=prepared.organization,
                workspace=prepared.workspace,
                created_by=prepared.user,
                platform=prepared.platform,
                tone=prepared.tone,
                audience=prepared.audience,
                prompt=prepared.prompt,
            )
        else:
            content = _content_lock(prepared.content.pk)
        version = _version_append(
            content=content,
            text=text,
            source=prepared.source,
            created_by=prepared.user,
            content_fields={"tone": prepared.tone, "audience": prepared.audience},
            provider=provider.name,
            model=model,
            parameters=parameters,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            total_tokens=total_tokens,
            latency_ms=sum(c["latency_ms"] for c in calls),
            truncated=truncated,
        )
        emit(
            "content.generated",
            organization_id=content.organization_id,
            target=("content", content.pk),
            data={
                "content_id": str(content.pk),
                "workspace_id": str(content.workspace_id),
                "version": version.version,
                "source": prepared.source,
                "platform": prepared.platform,
                "provider": provider.name,
                "model": model,
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": total_tokens,
            },
            on_behalf_of=prepared.user,
        )
        extra_tokens = sum(tokens for _, tokens in prepared.extra_reservations)
        usage_settle(reservation=prepared.reservation, tokens=total_tokens - extra_tokens)
        for reservation, tokens in prepared.extra_reservations:
            usage_settle(reservation=reservation, tokens=tokens)
    return version


def _finish(prepared: PreparedGeneration, provider: AIProvider, result: GenerationResult) -> ContentVersion:
    """Record the call, refuse an empty text (nothing charged), fit the text and save the version."""
    _record_call(prepared, result, purpose="generate")
    if not result.text.strip():
        raise AIProviderError("The AI provider returned an empty text. Nothing was charged.")
    result = _brand_retry(prepared, provider, result)
    text, shortened, truncated = _fit(prepared, provider, result)
    text, cut = _brand_finish(prepared, text)
    return _save(prepared, text=text, provider=provider, shortened=shortened, truncated=truncated or cut)


def _failure_record(prepared: PreparedGeneration, exc: BaseException) -> None:
    """Note a generation that saved no version because the provider timed out, refused or failed
    (for the analytics' shares). Best effort: a failure to note it never hides the error itself."""
    if isinstance(exc, AITimeout):
        outcome = FailureOutcome.TIMEOUT
    elif isinstance(exc, AIContentRefused):
        outcome = FailureOutcome.REFUSED
    elif isinstance(exc, AIProviderError):
        outcome = FailureOutcome.ERROR
    else:
        return
    try:
        GenerationFailure.objects.create(
            organization_id=prepared.organization.pk,
            workspace_id=prepared.workspace.pk,
            content_id=prepared.content.pk if prepared.content is not None else None,
            created_by=prepared.user,
            provider=prepared.requested_provider[:16],
            outcome=outcome,
            error_code=str(getattr(exc, "code", ""))[:64],
        )
    except Exception:
        logger.exception("could not record a failed generation")


def content_generation_run(*, prepared: PreparedGeneration) -> ContentVersion:
    """Call the provider (fallback if configured), fit, save the version and settle; on any
    failure release the reservation (nothing spent), note a provider failure (``GenerationFailure``)
    and re-raise the mapped error."""
    try:
        provider, result = _with_fallback(prepared, lambda p: p.generate(prepared.request))
        return _finish(prepared, provider, result)
    except BaseException as exc:
        prepared.release_all()
        _failure_record(prepared, exc)
        raise


def _stream_open(provider: AIProvider, request: GenerationRequest) -> tuple[Iterator, str | GenerationResult]:
    """Open the provider's stream and wait for its first item (a failure to start shows here)."""
    upstream = provider.stream(request)
    return upstream, next(upstream)


def content_generation_stream(*, prepared: PreparedGeneration) -> Iterator[tuple[str, Any]]:
    """Yield ("delta", text) as the provider streams, then ("done", version) or ("error", DomainError).

    Quota and versioning are those of ``content_generation_run``. If the consumer closes the
    generator midway (client gone), what was generated is saved as the version and the tokens
    are settled: the provider's reported usage when it already arrived, else the documented
    estimate (prompt estimate + completion estimate of the partial text, at most the reservation),
    flagged ``usage_estimated`` in the version's parameters. No transaction is open while streaming.
    """
    provider = prepared.provider
    upstream = None
    parts: list[str] = []
    result: GenerationResult | None = None
    try:
        provider, (upstream, item) = _with_fallback(prepared, lambda p: _stream_open(p, prepared.request))
        while True:
            if isinstance(item, GenerationResult):
                result = item
            else:
                parts.append(item)
                yield ("delta", item)
            item = next(upstream, None)
            if item is None:
                break
        if result is None:
            raise AIProviderError("The AI provider stream ended without a result.")
        version = _finish(prepared, provider, result)
    except GeneratorExit:
        _save_disconnected(prepared, provider=provider, upstream=upstream, parts=parts, result=result)
        return
    except DomainError as exc:
        prepared.release_all()
        _failure_record(prepared, exc)
        yield ("error", exc)
        return
    except BaseException:
        prepared.release_all()
        raise
    yield ("done", version)


def _save_disconnected(
    prepared: PreparedGeneration,
    *,
    provider: AIProvider,
    upstream: Iterator | None,
    parts: list[str],
    result: GenerationResult | None,
) -> None:
    if upstream is not None:
        upstream.close()  # closes the SDK stream: the provider stops generating
    _save_partial(prepared, provider=provider, parts=parts, result=result)


def _save_partial(
    prepared: PreparedGeneration, *, provider: AIProvider, parts: list[str], result: GenerationResult | None
) -> None:
    """The client left midway: save what arrived as the version and settle (reported usage, else
    the documented estimate); nothing arrived: release. The upstream call is already closed."""
    text = "".join(parts).strip()
    if not text:
        prepared.release_all()
        return
    try:
        if not prepared.calls:  # the stream's own result has not been recorded yet
            if result is None:  # no usage reported yet: the documented estimate, capped by the reservation
                total = min(
                    provider.estimate_prompt_tokens(prepared.request) + provider.estimate_completion_tokens(text),
                    prepared.reservation.tokens,
                )
                prompt = min(provider.estimate_prompt_tokens(prepared.request), total)
                result = GenerationResult(
                    text=text,
                    provider=provider.name,
                    model=provider.model,
                    prompt_tokens=prompt,
                    completion_tokens=total - prompt,
                    total_tokens=total,
                    latency_ms=0,
                    finish_reason="client_disconnected",
                    usage_estimated=True,
                )
            _record_call(prepared, result, purpose="generate")
        fitted = fit(platform=prepared.platform, text=text)
        _save(
            prepared,
            text=fitted,
            provider=provider,
            shortened=False,
            truncated=fitted != text,
            extra={"client_disconnected": True},
        )
    except BaseException:
        prepared.release_all()
        raise


# ---------------------------------------------------------------------------
# Manual edit
# ---------------------------------------------------------------------------
def content_edit(*, user: User, content_id: UUID | str, text: str) -> ContentVersion:
    """Save an edited text as version n+1 (source manual_edit): no provider call, no tokens."""
    content = content_get_for_user(user=user, content_id=content_id)
    membership_require(user=user, organization_id=content.organization_id, role=Role.EDITOR)
    text = text.strip()
    if not text:
        raise ValidationFailed(details={"text": ["The text may not be blank."]})
    measure_require_valid(platform=content.platform, text=text, field="text")
    with transaction.atomic():
        locked = _content_lock(content.pk)
        return _version_append(
            content=locked,
            text=text,
            source=VersionSource.MANUAL_EDIT,
            created_by=user,
            parameters={"previous_version": locked.current_version},
        )


# ---------------------------------------------------------------------------
# Content written by hand (CSV import)
# ---------------------------------------------------------------------------
def content_create_from_text(
    *, user: User, workspace: Workspace, platform: str, text: str, tone: str = Tone.PROFESSIONAL, source_note: str
) -> Content:
    """A new content whose version 1 is ``text`` as given (source manual_edit, no provider, no
    tokens). The caller has checked the role, the workspace, the text and the posts quota (the
    CSV import does, for a whole file at once); call inside its transaction."""
    content = Content.objects.create(
        organization_id=workspace.organization_id,
        workspace=workspace,
        created_by=user,
        platform=platform,
        tone=tone,
        prompt="",
    )
    _version_append(
        content=content,
        text=text,
        source=VersionSource.MANUAL_EDIT,
        created_by=user,
        parameters={"source": source_note},
    )
    return content


# ---------------------------------------------------------------------------
# Review: draft → in_review → approved | changes_requested (docs/content.md#approvals)
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _ReviewRule:
    action: str
    from_states: tuple[str, ...]
    to_state: str
    role: str
    event: str


_REVIEW_RULES = {
    ReviewAction.SUBMIT: _ReviewRule(
        ReviewAction.SUBMIT,
        (ReviewState.DRAFT, ReviewState.CHANGES_REQUESTED),
        ReviewState.IN_REVIEW,
        Role.EDITOR,
        events.SUBMITTED,
    ),
    ReviewAction.APPROVE: _ReviewRule(
        ReviewAction.APPROVE, (ReviewState.IN_REVIEW,), ReviewState.APPROVED, Role.ADMIN, events.APPROVED
    ),
    ReviewAction.REQUEST_CHANGES: _ReviewRule(
        ReviewAction.REQUEST_CHANGES,
        (ReviewState.IN_REVIEW,),
        ReviewState.CHANGES_REQUESTED,
        Role.ADMIN,
        events.CHANGES_REQUESTED,
    ),
}


def _content_review_transition(
    *, user: User, content_id: UUID | str, action: str, comment: str = "", version: int | None = None
) -> ContentReview:
    """Apply one review transition with ONE conditional UPDATE (``WHERE review_state IN (...)``): of
    two reviewers acting at once, one wins and the other gets 409 ``review_transition_conflict``.
    ``version``, when given, is the version the caller looked at: if the content moved on, 409
    ``review_version_mismatch`` (an approval is of one version). Records who/when and the comment."""
    rule = _REVIEW_RULES[action]
    content = content_get_for_user(user=user, content_id=content_id)  # 404 (foreign, missing, trashed)
    membership_require(user=user, organization_id=content.organization_id, role=rule.role)  # 403
    comment = comment.strip()
    now = timezone.now()
    condition = Q(pk=content.pk, deleted_at__isnull=True)
    if action == ReviewAction.SUBMIT:
        if version is not None:
            condition &= Q(current_version=version)
        new_version: Any = F("current_version")
    else:
        # The version under review is the current one (a new version resets the review to draft).
        condition &= Q(review_version=F("current_version"))
        if version is not None:
            condition &= Q(review_version=version)
        new_version = F("review_version")
    with transaction.atomic():
        from_state = None
        for state in rule.from_states:  # one conditional UPDATE per possible source state: the first that matches wins
            rows = Content.objects.filter(condition, review_state=state).update(
                review_state=rule.to_state,
                review_version=new_version,
                review_updated_at=now,
                review_updated_by=user,
                updated_at=now,
            )
            if rows == 1:
                from_state = state
                break
        content = Content.objects.select_related("workspace", "created_by").get(pk=content.pk)
        if from_state is None:
            current = content.review_version if action != ReviewAction.SUBMIT else content.current_version
            details = {
                "review_state": content.review_state,
                "action": action,
                "current_version": content.current_version,
            }
            if version is not None and content.review_state in rule.from_states and current != version:
                raise ReviewVersionMismatch(details=details)
            raise ReviewTransitionConflict(
                f"Content in review state {content.review_state!r} cannot be {rule.to_state.replace('_', ' ')}.",
                details=details,
            )
        review = ContentReview.objects.create(
            content=content,
            action=action,
            from_state=from_state,
            to_state=rule.to_state,
            version=content.review_version,
            comment=comment,
            actor=user,
        )
        events.emit(rule.event, content=content, actor=user, version=content.review_version, comment=comment)
    logger.info(
        "content review transition",
        extra={"content_id": str(content.pk), "action": action, "version": content.review_version},
    )
    return review


def content_submit(
    *, user: User, content_id: UUID | str, comment: str = "", version: int | None = None
) -> ContentReview:
    """Submit the current version for review (editor+): draft or changes_requested → in_review."""
    return _content_review_transition(
        user=user, content_id=content_id, action=ReviewAction.SUBMIT, comment=comment, version=version
    )


def content_approve(
    *, user: User, content_id: UUID | str, comment: str = "", version: int | None = None
) -> ContentReview:
    """Approve the version under review (admin+): in_review → approved."""
    return _content_review_transition(
        user=user, content_id=content_id, action=ReviewAction.APPROVE, comment=comment, version=version
    )


def content_request_changes(
    *, user: User, content_id: UUID | str, comment: str, version: int | None = None
) -> ContentReview:
    """Send the version under review back with a comment (admin+): in_review → changes_requested."""
    if not comment.strip():
        raise ValidationFailed(details={"comment": ["Say what should change."]})
    return _content_review_transition(
        user=user, content_id=content_id, action=ReviewAction.REQUEST_CHANGES, comment=comment, version=version
    )


# ---------------------------------------------------------------------------
# Lifecycle: trash (soft delete), restore, archive, move (docs/content.md#lifecycle)
# ---------------------------------------------------------------------------
def _editor_content(*, user: User, content_id: UUID | str, deleted: bool = False) -> Content:
    content = content_get_for_user(user=user, content_id=content_id, deleted=deleted)  # 404
    membership_require(user=user, organization_id=content.organization_id, role=Role.EDITOR)  # 403
    return content


def content_delete(*, user: User, content_id: UUID | str) -> None:
    """Move content to the trash (editor+). In the same transaction, the ``content.deleted``
    subscribers run: scheduling cancels the content's pending posts through its cancel path (and
    refuses with 409 ``delivery_in_progress`` — nothing deleted — while one is being handed over).
    Restorable for CONTENT_TRASH_RETENTION_DAYS, then purged by housekeeping."""
    content = _editor_content(user=user, content_id=content_id)
    now = timezone.now()
    with transaction.atomic():
        locked = _content_lock(content.pk)  # waits for a version being saved or a post being scheduled
        Content.objects.filter(pk=locked.pk, deleted_at__isnull=True).update(
            deleted_at=now, deleted_by=user, updated_at=now
        )
        locked.deleted_at, locked.deleted_by = now, user
        events.emit(events.DELETED, content=locked, actor=user)


def content_restore(*, user: User, content_id: UUID | str) -> Content:
    """Take content out of the trash (editor+), within its restore window; 409 ``content_not_deleted``
    for content that is not in the trash. Posts cancelled by the deletion stay cancelled."""
    try:
        content = _editor_content(user=user, content_id=content_id, deleted=True)
    except NotFound:
        _editor_content(user=user, content_id=content_id)  # 404 unless it exists and is live
        raise ContentNotDeleted() from None
    now = timezone.now()
    with transaction.atomic():
        rows = Content.objects.filter(pk=content.pk, deleted_at__gt=trash_cutoff(now=now)).update(
            deleted_at=None, deleted_by=None, updated_at=now
        )
        if rows != 1:
            raise ContentNotDeleted()
        content = Content.objects.select_related("created_by").get(pk=content.pk)
        events.emit(events.RESTORED, content=content, actor=user)
    return content


def content_archive(*, user: User, content_id: UUID | str) -> Content:
    """Archive (editor+): out of the default lists, not schedulable; archiving twice is a no-op."""
    return _archived_set(user=user, content_id=content_id, archived=True)


def content_unarchive(*, user: User, content_id: UUID | str) -> Content:
    """Unarchive (editor+); unarchiving live content is a no-op."""
    return _archived_set(user=user, content_id=content_id, archived=False)


def _archived_set(*, user: User, content_id: UUID | str, archived: bool) -> Content:
    """One conditional UPDATE of live content whose archived state changes; the event only if it did."""
    content = _editor_content(user=user, content_id=content_id)
    now = timezone.now()
    with transaction.atomic():
        rows = Content.objects.filter(pk=content.pk, deleted_at__isnull=True, archived_at__isnull=archived).update(
            archived_at=now if archived else None, archived_by=user if archived else None, updated_at=now
        )
        content = Content.objects.select_related("created_by").get(pk=content.pk)
        if rows:
            events.emit(events.ARCHIVED if archived else events.UNARCHIVED, content=content, actor=user)
    return content


def content_move(*, user: User, content_id: UUID | str, workspace_id: UUID | str) -> Content:
    """Move content to another workspace of its organization (editor+; a workspace of another
    organization is 404). Its versions, review state and scheduled posts go with it."""
    content = _editor_content(user=user, content_id=content_id)
    target = workspace_get_for_organization(organization_id=content.organization_id, workspace_id=workspace_id)
    if target.pk == content.workspace_id:
        return content
    now = timezone.now()
    with transaction.atomic():
        # The organization row first (as workspace deletion and scheduling take it): a workspace being
        # deleted at this moment either sees the moved content (409) or is gone before we look (404).
        list(Organization.objects.select_for_update().filter(pk=content.organization_id).values_list("pk", flat=True))
        target = workspace_get_for_organization(organization_id=content.organization_id, workspace_id=workspace_id)
        locked = _content_lock(content.pk)
        source = locked.workspace_id
        locked.workspace = target
        locked.updated_at = now
        locked.save(update_fields=["workspace", "updated_at"])
        # The versions' copy of the workspace (read by the analytics) follows the content.
        ContentVersion.objects.filter(content=locked).update(workspace=target)
        events.emit(events.MOVED, content=locked, actor=user, from_workspace_id=source)
    return Content.objects.select_related("created_by").get(pk=content.pk)


def content_trash_purge(*, batch_size: int, max_batches: int) -> int:
    """Housekeeping: delete for good the content whose restore window is over (with its versions,
    reviews and finished posts). Content a purge filter holds back (scheduling: a cancellation still
    on its way to the scheduler) waits for a later run."""
    purged = 0
    for _ in range(max_batches):
        candidates = events.purgeable(Content.objects.filter(deleted_at__lte=trash_cutoff()))
        ids = list(candidates.order_by("deleted_at").values_list("pk", flat=True)[:batch_size])
        if not ids:
            break
        with transaction.atomic():
            Content.objects.filter(pk__in=ids).delete()
        purged += len(ids)
        if len(ids) < batch_size:
            break
    return purged


def workspace_trash_purge(*, workspace: Workspace) -> int:
    """Delete for good the trashed content of a workspace being deleted (inside its transaction):
    trashed content never blocks a workspace deletion, except while a post cancellation is on its way."""
    trashed = Content.objects.filter(workspace=workspace, deleted_at__isnull=False)
    blocked = trashed.count() - events.purgeable(trashed).count()
    if blocked:
        raise WorkspaceNotEmpty(
            "Content in this workspace's trash still has a post cancellation on its way to the scheduler; "
            "try again in a minute.",
            details={"trashed_content_waiting": blocked},
        )
    count = trashed.count()
    trashed.delete()
    return count
