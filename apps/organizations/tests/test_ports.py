"""The seams between organizations and the apps above it: sign-up, plan limits, deletion registry."""

import pytest

from apps.common.registry import dotted
from apps.organizations import deletion
from apps.organizations.limits import PlanLimits, plan_limits_for
from apps.organizations.models import Organization, OrganizationMember, Role, Workspace
from apps.organizations.services import account_register
from apps.subscriptions.models import Plan, Subscription
from apps.users.models import User

pytestmark = pytest.mark.django_db


def test_account_register_creates_the_user_and_their_personal_organization_on_free():
    user = account_register(email=" Bob@Example.COM ", password="correct-horse-battery-9", first_name="Bob")

    assert user.email == "bob@example.com"
    member = OrganizationMember.objects.select_related("organization").get(user=user)
    assert member.role == Role.OWNER and member.organization.is_personal
    assert Subscription.objects.get(organization=member.organization).plan.slug == "free"
    assert Workspace.objects.filter(organization=member.organization, is_default=True).count() == 1


def test_account_register_is_one_transaction():
    Plan.objects.filter(slug="free").delete()  # the organization's Free subscription cannot be created

    with pytest.raises(Plan.DoesNotExist):
        account_register(email="carol@example.com", password="correct-horse-battery-9")

    assert not User.objects.filter(email="carol@example.com").exists()
    assert not Organization.objects.exists()


def test_plan_limits_for_reads_the_plan_in_force(user):
    organization = OrganizationMember.objects.get(user=user).organization

    assert plan_limits_for(organization.pk) == PlanLimits(workspaces=1, members=1)

    Subscription.objects.filter(organization=organization).update(plan=Plan.objects.get(slug="pro"))
    assert plan_limits_for(organization.pk) == PlanLimits(workspaces=3, members=1)


def test_apps_above_register_their_deletion_guards_and_purges():
    registered = deletion.registrations()
    guards = [dotted(hooks.guard) for _, hooks in registered if hooks.guard]
    purges = [dotted(hooks.purge) for _, hooks in registered if hooks.purge]

    assert guards == ["apps.scheduling.hooks.deletion_guard", "apps.subscriptions.hooks.deletion_guard"]
    # scheduled posts point at content versions, content versions' attachments at media: purged in
    # that order
    assert purges == [
        "apps.scheduling.hooks.organization_purge",
        "apps.content.hooks.organization_purge",
        "apps.media.deletion.organization_purge",
    ]
