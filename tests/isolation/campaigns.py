"""Tenant-isolation factories for the routes of /api/v1/campaigns/ (see test_isolation.py)."""

from collections.abc import Callable

from apps.campaigns.models import Campaign, CampaignVariant, VariantStatus
from apps.organizations.models import Organization
from apps.organizations.selectors import workspace_default
from apps.users.models import User
from tests.factories import ContentFactory


def _campaign(organization: Organization, owner: User) -> Campaign:
    campaign = Campaign.objects.create(
        organization=organization,
        workspace=workspace_default(organization_id=organization.pk),
        created_by=owner,
        prompt="Victim secret brief",
        tone="casual",
    )
    content = ContentFactory(
        organization=organization, created_by=owner, prompt="Victim secret brief", versions=("victim text",)
    )
    CampaignVariant.objects.create(
        campaign=campaign, platform=content.platform, position=0, status=VariantStatus.GENERATED, content=content
    )
    return campaign


FACTORIES: dict[str, Callable[[Organization, User], dict[str, str]]] = {
    "campaigns:list": lambda organization, owner: _campaign(organization, owner) and {},
    "campaigns:detail": lambda organization, owner: {"campaign_id": str(_campaign(organization, owner).pk)},
    "campaigns:schedule": lambda organization, owner: {"campaign_id": str(_campaign(organization, owner).pk)},
}

EXEMPT: dict[str, str] = {}
