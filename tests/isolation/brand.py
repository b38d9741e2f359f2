"""Tenant-isolation factories for the routes of /api/v1/brand/ (see test_isolation.py)."""

from collections.abc import Callable

from apps.brand.models import PromptTemplate
from apps.brand.services import brand_voice_set
from apps.organizations.models import Organization
from apps.organizations.selectors import workspace_default
from apps.users.models import User


def _voice(organization: Organization, owner: User) -> dict[str, str]:
    workspace = workspace_default(organization_id=organization.pk)
    brand_voice_set(
        user=owner,
        workspace_id=workspace.pk,
        description="Victim secret voice",
        banned_phrases=["victim-banned"],
        required_hashtags=["#victim"],
    )
    return {"workspace_id": str(workspace.pk)}


def _template(organization: Organization, owner: User) -> PromptTemplate:
    return PromptTemplate.objects.create(
        organization=organization,
        workspace=workspace_default(organization_id=organization.pk),
        name="Victim template",
        body="Victim secret {product}",
        variables=["product"],
        created_by=owner,
    )


FACTORIES: dict[str, Callable[[Organization, User], dict[str, str]]] = {
    "brand:voice": _voice,
    "brand:voice-revisions": _voice,
    "brand:templates": lambda organization, owner: _template(organization, owner) and {},
    "brand:template": lambda organization, owner: {"template_id": str(_template(organization, owner).pk)},
}

EXEMPT: dict[str, str] = {}
