"""Reads of the campaigns app, scoped by membership."""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet

from apps.campaigns.exceptions import CampaignNotFound
from apps.campaigns.models import Campaign, CampaignVariant
from apps.organizations.selectors import membership_get
from apps.users.models import User


def _with_variants(qs: QuerySet[Campaign]) -> QuerySet[Campaign]:
    return qs.prefetch_related(
        Prefetch("variants", queryset=CampaignVariant.objects.select_related("content").order_by("position"))
    )


def campaign_list(*, user: User, organization_id: UUID | str | None) -> QuerySet[Campaign]:
    membership = membership_get(user=user, organization_id=organization_id)  # 404 for non-members
    return _with_variants(Campaign.objects.filter(organization_id=membership.organization_id)).order_by(
        "-created_at", "id"
    )


def campaign_get_for_user(*, user: User, campaign_id: UUID | str) -> Campaign:
    """A campaign of one of the caller's organizations (any role), else 404."""
    try:
        return _with_variants(Campaign.objects.filter(organization__members__user=user)).get(pk=campaign_id)
    except (Campaign.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise CampaignNotFound() from exc


def campaign_organization_id(*, campaign_id: UUID | str | None) -> UUID | None:
    """The organization of a campaign (None when it does not exist): what the rate limiter charges."""
    try:
        return Campaign.objects.filter(pk=campaign_id).values_list("organization_id", flat=True).first()
    except (ValueError, TypeError, ValidationError):
        return None
