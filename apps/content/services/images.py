"""AI images: one image generated into a workspace's media library, for a content (from its
current text, or a prompt) or standalone, paid from the plan's image credits.

    prepare (a database step: role, provider, one credit reserved, the per-minute generation rate)
    → the provider awaited on its async SDK client (no thread, no connection held)
    → save (a database step: the object and the media row, ``media.generated``, the credit settled,
      the thumbnail asked of the worker, in one transaction) — or the credit released

A failed, refused or cancelled call spends nothing. Once the provider has answered, the save is
shielded from the request's cancellation (client gone): the image is kept and paid, or the credit
released. Credits follow SPEC §5's quota invariant with a reservation of one
(``usage_reserve_image``). docs/content.md#ai-images.
"""

import asyncio
import logging
from dataclasses import dataclass
from uuid import UUID

from django.db import transaction

from apps.common.db import db_step
from apps.common.events import emit
from apps.common.exceptions import ValidationFailed
from apps.content.models import Content, ContentVersion
from apps.content.providers.base import AIProviderError
from apps.content.providers.images import ImageProvider, ImageRequest, ImageResult, image_provider_get
from apps.content.selectors import content_get_for_user
from apps.media.inspect import MediaUnsupported
from apps.media.models import Media, MediaSource
from apps.media.services import media_create
from apps.media.tasks import media_thumbnail_request
from apps.organizations.models import Role, Workspace
from apps.organizations.selectors import membership_require, workspace_get_for_user
from apps.subscriptions.models import UsageReservation
from apps.subscriptions.throttles import organization_rate_limit_hit
from apps.subscriptions.usage import usage_release, usage_reserve_image, usage_settle_image
from apps.users.models import User

logger = logging.getLogger(__name__)

# The longest prompt sent (Imagen reads about 480 tokens; a content's text is cut to fit).
IMAGE_PROMPT_MAX_CHARS = 1000

_finishing: set[asyncio.Task] = set()


@dataclass
class PreparedImage:
    user: User
    workspace: Workspace
    content: Content | None
    prompt: str
    shape: str
    alt_text: str
    provider: ImageProvider
    reservation: UsageReservation | None = None


def image_prompt_for_content(*, content: Content) -> str:
    """The prompt made from a content's current text: an illustration for the post, no words in it."""
    text = (
        ContentVersion.objects.filter(content=content, version=content.current_version)
        .values_list("text", flat=True)
        .first()
    ) or content.prompt
    lead = f"An eye-catching illustration for this {content.platform} post, with no text in the image: "
    return (lead + " ".join(text.split()))[:IMAGE_PROMPT_MAX_CHARS]


def image_generation_prepare(
    *,
    user: User,
    content_id: UUID | str | None = None,
    workspace_id: UUID | str | None = None,
    prompt: str = "",
    shape: str = "square",
    alt_text: str = "",
    ai_provider: str | None = None,
) -> PreparedImage:
    """Everything that may refuse an AI image before the provider is called: the content (or the
    workspace) and the editor role (404, 403), the provider (503), one image credit (402), the
    plan's generations per minute (429, the credit given back)."""
    content = None
    if content_id is not None:
        content = content_get_for_user(user=user, content_id=content_id)
        membership_require(user=user, organization_id=content.organization_id, role=Role.EDITOR)
        workspace = content.workspace
        prompt = prompt.strip() or image_prompt_for_content(content=content)
    else:
        workspace = workspace_get_for_user(user=user, workspace_id=workspace_id, role=Role.EDITOR)
        prompt = prompt.strip()
    if not prompt:
        raise ValidationFailed("Say what the image should show.", details={"prompt": ["This field may not be blank."]})
    provider = image_provider_get(ai_provider)
    reservation = usage_reserve_image(organization_id=workspace.organization_id)
    try:
        organization_rate_limit_hit(organization_id=workspace.organization_id, kind="generations")
    except BaseException:
        usage_release(reservation=reservation)  # throttled: nothing is spent
        raise
    return PreparedImage(
        user=user,
        workspace=workspace,
        content=content,
        prompt=prompt,
        shape=shape,
        alt_text=alt_text,
        provider=provider,
        reservation=reservation,
    )


async def image_generation_run(*, prepared: PreparedImage) -> Media:
    """Call the provider, then store and pay for the image; on any failure before the save the
    credit is released (a cancelled request cancels the upstream call too)."""
    try:
        result = await prepared.provider.generate_image(ImageRequest(prompt=prepared.prompt, shape=prepared.shape))
    except BaseException:
        await db_step(image_generation_release)(prepared)
        raise
    task = asyncio.ensure_future(db_step(image_generation_save)(prepared, result))
    _finishing.add(task)
    task.add_done_callback(_finishing.discard)
    return await asyncio.shield(task)


def image_generation_release(prepared: PreparedImage) -> None:
    if prepared.reservation is not None:
        usage_release(reservation=prepared.reservation)


def _provenance(prepared: PreparedImage, result: ImageResult) -> dict:
    provenance = {
        "provider": result.provider,
        "model": result.model,
        "prompt": prepared.prompt,
        "revised_prompt": result.revised_prompt,
        "shape": prepared.shape,
        "latency_ms": result.latency_ms,
    }
    if prepared.content is not None:
        provenance["content_id"] = str(prepared.content.pk)
    return provenance


def image_generation_save(prepared: PreparedImage, result: ImageResult) -> Media:
    """In one transaction: the media (its object written first), ``media.generated``, the credit
    settled and the thumbnail asked for after the commit. Bytes that are not an image we accept are
    the provider's failure (502, nothing spent); any failure releases the credit."""
    try:
        with transaction.atomic():
            media = media_create(
                workspace=prepared.workspace,
                created_by=prepared.user,
                data=result.data,
                filename=f"ai-{result.provider}-image",
                alt_text=prepared.alt_text,
                source=MediaSource.AI,
                provenance=_provenance(prepared, result),
            )
            emit(
                "media.generated",
                organization_id=prepared.workspace.organization_id,
                target=("media", media.pk),
                data={
                    "media_id": str(media.pk),
                    "workspace_id": str(prepared.workspace.pk),
                    "content_id": str(prepared.content.pk) if prepared.content is not None else None,
                    "provider": result.provider,
                    "model": result.model,
                },
                on_behalf_of=prepared.user,
            )
            usage_settle_image(reservation=prepared.reservation)
            media_thumbnail_request(media=media)
            return media
    except MediaUnsupported as exc:
        image_generation_release(prepared)
        raise AIProviderError("The AI provider answered something that is not an image. Nothing was charged.") from exc
    except BaseException:
        image_generation_release(prepared)
        raise
