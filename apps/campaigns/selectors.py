"""Reads of the campaigns app, scoped by membership (and, for an API key limited to one workspace,
by that workspace: docs/api-keys.md)."""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Case, Prefetch, QuerySet, Value, When

from apps.campaigns.exceptions import CampaignNotFound
from apps.campaigns.models import Campaign, CampaignVariant
from apps.organizations.selectors import membership_get, workspace_scope
from apps.users.models import User


def _with_variants(qs: QuerySet[Campaign], *, scope: UUID | None) -> QuerySet[Campaign]:
    """Each campaign with its variants and their content. For a caller limited to workspace
    ``scope``, a variant whose content was moved to another workspace is marked
    ``content_outside`` (its content is not shown: that workspace is not the caller's)."""
    variants = CampaignVariant.objects.select_related("content").order_by("position")
    if scope is not None:
        variants = variants.annotate(
            content_outside=Case(
                When(content__isnull=True, then=Value(False)),
                When(content__workspace_id=scope, then=Value(False)),
                default=Value(True),
                output_field=BooleanField(),
            )
        )
    return qs.prefetch_related(Prefetch("variants", queryset=variants))


def _in_scope(qs: QuerySet[Campaign], *, scope: UUID | None) -> QuerySet[Campaign]:
    """A key limited to one workspace sees that workspace's campaigns only (the others, and those
    whose workspace was deleted, look missing)."""
    return qs if scope is None else qs.filter(workspace_id=scope)


def campaign_list(*, user: User, organization_id: UUID | str | None) -> QuerySet[Campaign]:
    membership = membership_get(user=user, organization_id=organization_id)  # 404 for non-members
    scope = workspace_scope(user=user)
    campaigns = _in_scope(Campaign.objects.filter(organization_id=membership.organization_id), scope=scope)
    return _with_variants(campaigns, scope=scope).order_by("-created_at", "id")


def campaign_get_for_user(*, user: User, campaign_id: UUID | str) -> Campaign:
    """A campaign of one of the caller's organizations (any role; an API key limited to a
    workspace: of that workspace), else 404."""
    scope = workspace_scope(user=user)
    campaigns = _in_scope(Campaign.objects.filter(organization__members__user=user), scope=scope)
    try:
        return _with_variants(campaigns, scope=scope).get(pk=campaign_id)
    except (Campaign.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise CampaignNotFound() from exc


def campaign_organization_id(*, campaign_id: UUID | str | None) -> UUID | None:
    """The organization of a campaign (None when it does not exist): what the rate limiter charges."""
    try:
        return Campaign.objects.filter(pk=campaign_id).values_list("organization_id", flat=True).first()
    except (ValueError, TypeError, ValidationError):
        return None
