"""Writes on organizations: creation (with subscription, owner membership and default workspace)."""

import uuid

from django.db import transaction
from django.utils.text import slugify

from apps.organizations.models import Organization, OrganizationMember, Role, Workspace
from apps.users.models import User

DEFAULT_WORKSPACE_NAME = "General"


def _unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "org"
    return f"{base}-{uuid.uuid4().hex[:8]}"


@transaction.atomic
def organization_create(*, owner: User, name: str, is_personal: bool = False) -> Organization:
    """A new organization on the Free plan, with ``owner`` as its owner and one default workspace."""
    from apps.subscriptions.models import Subscription
    from apps.subscriptions.selectors import plan_free

    organization = Organization.objects.create(
        name=name, slug=_unique_slug(name), is_personal=is_personal, created_by=owner
    )
    OrganizationMember.objects.create(organization=organization, user=owner, role=Role.OWNER)
    Subscription.objects.create(organization=organization, plan=plan_free())
    Workspace.objects.create(organization=organization, name=DEFAULT_WORKSPACE_NAME, is_default=True, created_by=owner)
    return organization


def organization_create_personal(*, user: User) -> Organization:
    """The personal organization every new user gets at registration."""
    label = user.full_name or user.email.split("@")[0]
    return organization_create(owner=user, name=f"{label}'s organization", is_personal=True)
