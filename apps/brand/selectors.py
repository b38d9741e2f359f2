"""Reads of the brand app, scoped by membership."""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from apps.brand.exceptions import TemplateNotFound
from apps.brand.models import BrandVoice, BrandVoiceRevision, PromptTemplate
from apps.brand.rules import Voice
from apps.organizations.models import Role, Workspace
from apps.organizations.selectors import membership_get, workspace_get_for_organization, workspace_get_for_user
from apps.users.models import User


def brand_voice_for_workspace(*, workspace: Workspace) -> BrandVoice:
    """The workspace's brand voice; an unsaved empty one (revision 0) when none was ever set."""
    voice = BrandVoice.objects.filter(workspace=workspace).first()
    return voice or BrandVoice(organization_id=workspace.organization_id, workspace=workspace, revision=0)


def brand_voice_get_for_user(*, user: User, workspace_id: UUID | str) -> BrandVoice:
    """Any member reads it; 404 for a workspace of an organization the caller is not in."""
    workspace = workspace_get_for_user(user=user, workspace_id=workspace_id, role=Role.VIEWER)
    return brand_voice_for_workspace(workspace=workspace)


def brand_voice_revisions(*, user: User, workspace_id: UUID | str) -> QuerySet[BrandVoiceRevision]:
    """Every revision of the workspace's brand voice, newest first."""
    workspace = workspace_get_for_user(user=user, workspace_id=workspace_id, role=Role.VIEWER)
    return BrandVoiceRevision.objects.filter(brand_voice__workspace=workspace).order_by("-revision")


# What a workspace read with ``related=BRAND_VOICE_RELATED`` (apps.organizations.selectors) brings
# along: its brand voice (``brand_voice_of_workspace`` then reads no more).
BRAND_VOICE_RELATED = ("brand_voice",)


def brand_voice_of_workspace(*, workspace: Workspace) -> Voice | None:
    """The current revision of the workspace's brand voice, or None when it has none (or it is
    empty): no query when the workspace was read with ``BRAND_VOICE_RELATED``, one otherwise."""
    try:
        row = workspace.brand_voice
    except BrandVoice.DoesNotExist:
        return None
    return _voice(row)


def _voice(row: BrandVoice) -> Voice | None:
    voice = Voice(
        revision=row.revision,
        description=row.description,
        rules=tuple(row.rules),
        banned_phrases=tuple(row.banned_phrases),
        required_hashtags=tuple(row.required_hashtags),
        example_posts=tuple(row.example_posts),
    )
    return None if voice.is_empty else voice


def template_list(
    *, user: User, organization_id: UUID | str | None, workspace_id: UUID | str | None = None, q: str = ""
) -> QuerySet[PromptTemplate]:
    membership = membership_get(user=user, organization_id=organization_id)  # 404 for non-members
    qs = PromptTemplate.objects.filter(organization_id=membership.organization_id)
    if workspace_id:
        workspace = workspace_get_for_organization(
            organization_id=membership.organization_id, workspace_id=workspace_id
        )
        qs = qs.filter(workspace=workspace)
    if q:
        qs = qs.filter(name__icontains=q)
    return qs.order_by("name", "id")


def template_get_for_user(*, user: User, template_id: UUID | str) -> PromptTemplate:
    """A template of one of the caller's organizations (any role), else 404."""
    try:
        return PromptTemplate.objects.get(pk=template_id, organization__members__user=user)
    except (PromptTemplate.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise TemplateNotFound() from exc


def template_organization_id(*, template_id: UUID | str | None) -> UUID | None:
    """The organization of a template (None when it does not exist): what the rate limiter charges."""
    try:
        return PromptTemplate.objects.filter(pk=template_id).values_list("organization_id", flat=True).first()
    except (ValueError, TypeError, ValidationError):
        return None


def template_for_generation(
    *, organization_id: UUID | str, template_id: UUID | str, workspace_id: UUID | str | None
) -> PromptTemplate:
    """The template a generation uses: of that organization (and of that workspace when given), else 404."""
    qs = PromptTemplate.objects.filter(organization_id=organization_id)
    if workspace_id:
        qs = qs.filter(workspace_id=workspace_id)
    try:
        return qs.get(pk=template_id)
    except (PromptTemplate.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise TemplateNotFound() from exc
