"""The campaign use cases: generate one brief for several platforms (quota admitted all or
nothing, failures per variant), and schedule the variants together (all or nothing)."""

import logging
from collections.abc import Mapping
from typing import Any
from uuid import UUID

from django.db import transaction

from apps.campaigns.models import Campaign, CampaignVariant, VariantStatus
from apps.campaigns.selectors import campaign_get_for_user
from apps.common.exceptions import DomainError, ValidationFailed
from apps.content.services import content_brief_resolve, content_generation_prepare_many, content_generation_run
from apps.organizations.models import Role
from apps.organizations.selectors import membership_require
from apps.scheduling.models import ScheduledPost
from apps.scheduling.services import scheduled_post_create
from apps.users.models import User

logger = logging.getLogger(__name__)


def campaign_create(
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
) -> Campaign:
    """Generate one content per platform from one brief.

    Before any provider call, the quota of every variant (tokens, one post each) is reserved in one
    conditional update: if it cannot cover them all, 402 and nothing is created or held. Then each
    variant is generated as a single generation is (fallback, fitting to its platform, brand voice,
    settle); a variant whose provider call fails is recorded as failed with the error's code and
    message, its reservation released (nothing spent), and the others go on."""
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
    prepared = content_generation_prepare_many(
        user=user, brief=brief, platforms=platforms, tone=tone, audience=audience, ai_provider=ai_provider
    )  # 402 / 429 here: nothing held, nothing created
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
    for index, (variant, one) in enumerate(zip(variants, prepared, strict=True)):
        try:
            version = content_generation_run(prepared=one)  # releases its own reservation on failure
        except DomainError as exc:
            logger.info("campaign variant failed", extra={"campaign_id": str(campaign.pk), "code": exc.code})
            variant.status, variant.error_code, variant.error_message = VariantStatus.FAILED, exc.code, exc.message
            variant.save(update_fields=["status", "error_code", "error_message", "updated_at"])
        except BaseException:
            for rest in prepared[index:]:
                rest.release_all()
            CampaignVariant.objects.filter(campaign=campaign, status=VariantStatus.PENDING).update(
                status=VariantStatus.FAILED, error_code="server_error", error_message="An unexpected error occurred."
            )
            raise
        else:
            variant.status, variant.content = VariantStatus.GENERATED, version.content
            variant.save(update_fields=["status", "content", "updated_at"])
    return campaign_get_for_user(user=user, campaign_id=campaign.pk)


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
