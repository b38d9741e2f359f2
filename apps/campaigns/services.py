"""The campaign use cases: generate one brief for several platforms (quota admitted all or
nothing, variants generated concurrently, failures per variant), and schedule the variants
together (all or nothing)."""

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import transaction

from apps.campaigns.models import Campaign, CampaignVariant, VariantStatus
from apps.campaigns.selectors import campaign_get_for_user
from apps.common.db import db_step
from apps.common.exceptions import DomainError, ValidationFailed
from apps.content.attachments import attachments_resolve, media_rules_require
from apps.content.models import Content
from apps.content.services import (
    PreparedGeneration,
    content_brief_resolve,
    content_generation_prepare_many,
    content_generation_run,
)
from apps.organizations.models import Role
from apps.organizations.selectors import membership_require
from apps.scheduling.models import ScheduledPost
from apps.scheduling.services import scheduled_post_create
from apps.users.models import User

logger = logging.getLogger(__name__)


@dataclass
class CampaignStart:
    """A campaign admitted and recorded, its variants pending: each with its prepared generation."""

    campaign: Campaign
    variants: list[tuple[CampaignVariant, PreparedGeneration]]


def campaign_start(
    *,
    user: User,
    organization_id: UUID | str | None,
    platforms: list[str],
    tone: str,
    prompt: str = "",
    audience: str = "",
    ai_provider: str | None = None,
    workspace_id: UUID | str | None = None,
    template_id: UUID | str | None = None,
    variables: Mapping[str, str] | None = None,
    media: Sequence[dict[str, Any]] | None = None,
) -> CampaignStart:
    """Check the brief and admit every variant at once: the quota of all of them (tokens, one post
    each) is reserved in one conditional update before any provider call (402, nothing created or
    held, when it cannot cover them all); then the campaign and its pending variants are recorded.
    ``media`` (``[{"id", "alt_text"}]``) is attached to every variant, checked first against each
    platform's media rules (400, nothing reserved). Without media nothing is checked here: an
    Instagram variant can get its image by an edit before it is scheduled (where the rules apply).
    A database step (``db_step``) of ``campaign_create``."""
    if len(set(platforms)) != len(platforms):
        raise ValidationFailed(details={"platforms": ["Each platform at most once."]})
    brief = content_brief_resolve(
        user=user,
        organization_id=organization_id,
        workspace_id=workspace_id,
        prompt=prompt,
        template_id=template_id,
        variables=variables,
    )
    attachments = attachments_resolve(items=media or [], workspace_id=brief.workspace.pk)
    for platform in platforms if attachments else ():  # without media, "needs one" waits for scheduling
        media_rules_require(platform=platform, attachments=attachments, field=f"media.{platform}")
    prepared = content_generation_prepare_many(
        user=user, brief=brief, platforms=platforms, tone=tone, audience=audience, ai_provider=ai_provider
    )  # 402 / 429 here: nothing held, nothing created
    for one in prepared:
        one.attachments = list(attachments)
    try:
        with transaction.atomic():
            campaign = Campaign.objects.create(
                organization=brief.organization,
                workspace=brief.workspace,
                created_by=user,
                prompt=brief.prompt,
                tone=tone,
                audience=audience.strip(),
                template=brief.template,
            )
            variants = [
                CampaignVariant.objects.create(campaign=campaign, platform=platform, position=position)
                for position, platform in enumerate(platforms)
            ]
    except BaseException:
        for one in prepared:
            one.release_all()
        raise
    return CampaignStart(campaign=campaign, variants=list(zip(variants, prepared, strict=True)))


async def campaign_create(*, user: User, **brief: Any) -> Campaign:
    """Generate one content per platform from one brief (``campaign_start``'s arguments).

    The variants are generated concurrently, at most CAMPAIGN_GENERATION_CONCURRENCY at a time,
    each as a single generation is (fallback, brand voice, fitting to its platform, settle) under
    the reservation the campaign took for it. A variant whose generation fails is recorded as
    failed with the error's code and message, its reservation released (nothing spent); the others
    go on. A client that leaves does not stop them: the campaign is completed and recorded."""
    start = await db_step(campaign_start)(user=user, **brief)
    limit = asyncio.Semaphore(max(settings.CAMPAIGN_GENERATION_CONCURRENCY, 1))

    async def generate(variant: CampaignVariant, prepared: PreparedGeneration) -> None:
        async with limit:
            await _variant_generate(variant, prepared)

    generating = asyncio.gather(*(generate(variant, prepared) for variant, prepared in start.variants))
    _running.add(generating)
    generating.add_done_callback(_running.discard)
    await asyncio.shield(generating)
    return await db_step(campaign_get_for_user)(user=user, campaign_id=start.campaign.pk)


# Campaigns whose client left go on; a reference keeps each alive.
_running: set[asyncio.Future] = set()


async def _variant_generate(variant: CampaignVariant, prepared: PreparedGeneration) -> None:
    """Generate one variant and record how it ended. Never raises but for cancellation: an
    unexpected error is logged and recorded as the variant's failure (``server_error``)."""
    try:
        version = await content_generation_run(prepared=prepared)  # releases its own reservation on failure
    except DomainError as exc:
        logger.info("campaign variant failed", extra={"campaign_id": str(variant.campaign_id), "code": exc.code})
        await db_step(_variant_record_failure)(variant, code=exc.code, message=exc.message)
    except Exception:
        logger.exception("campaign variant failed", extra={"campaign_id": str(variant.campaign_id)})
        await db_step(_variant_record_failure)(variant, code="server_error", message="An unexpected error occurred.")
    else:
        await db_step(_variant_record_content)(variant, content=version.content)


def _variant_record_failure(variant: CampaignVariant, *, code: str, message: str) -> None:
    variant.status, variant.error_code, variant.error_message = VariantStatus.FAILED, code, message
    variant.save(update_fields=["status", "error_code", "error_message", "updated_at"])


def _variant_record_content(variant: CampaignVariant, *, content: Content) -> None:
    variant.status, variant.content = VariantStatus.GENERATED, content
    variant.save(update_fields=["status", "content", "updated_at"])


def campaign_schedule(*, user: User, campaign_id: UUID | str, posts: list[dict[str, Any]]) -> list[ScheduledPost]:
    """Schedule variants of the campaign, each at its own time, all or nothing: every post goes
    through ``scheduled_post_create`` in ONE transaction, so the first refusal (past time, already
    scheduled, not approved, a duplicate post, text too long...) rolls back the others; its error names the item
    (``details.item``, ``details.content_id``). Delivery starts after the commit, as for one post.
    ``posts``: ``[{"content_id": ..., "scheduled_at": ..., "version"?: ..., "allow_duplicate"?: ...}, ...]``."""
    campaign = campaign_get_for_user(user=user, campaign_id=campaign_id)  # 404
    membership_require(user=user, organization_id=campaign.organization_id, role=Role.EDITOR)  # 403
    variant_contents = {str(v.content_id) for v in campaign.variants.all() if v.content_id is not None}
    seen: set[str] = set()
    errors: dict[str, list[str]] = {}
    for index, item in enumerate(posts):
        content_id = str(item["content_id"])
        if content_id not in variant_contents:
            errors[str(index)] = [f"Content {content_id} is not a generated variant of this campaign."]
        elif content_id in seen:
            errors[str(index)] = [f"Content {content_id} is given twice."]
        seen.add(content_id)
    if errors:
        raise ValidationFailed(details={"posts": errors})
    created: list[ScheduledPost] = []
    with transaction.atomic():
        for index, item in enumerate(posts):
            try:
                created.append(
                    scheduled_post_create(
                        user=user,
                        content_id=item["content_id"],
                        scheduled_at=item["scheduled_at"],
                        version=item.get("version"),
                        allow_duplicate=item.get("allow_duplicate", False),
                    )
                )
            except DomainError as exc:
                exc.details = {**exc.details, "item": index, "content_id": str(item["content_id"])}
                raise
    return created
