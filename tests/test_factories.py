"""The factories build what the services would: a reader can trust an arranged row."""

import pytest

from apps.organizations.models import Role
from apps.scheduling.models import OutboxKind
from apps.subscriptions.models import Subscription
from tests.factories import (
    ContentFactory,
    InvitationFactory,
    MembershipFactory,
    OrganizationFactory,
    OutboxMessageFactory,
    ScheduledPostFactory,
    UserFactory,
    put_on_plan,
    set_quota,
)

pytestmark = pytest.mark.django_db


def test_organization_factory_is_what_organization_create_leaves():
    owner = UserFactory()
    organization = OrganizationFactory(owner=owner)
    assert organization.subscription.plan.slug == "free"
    assert organization.workspaces.get().is_default
    assert organization.members.get().user == owner
    assert organization.members.get().role == Role.OWNER


def test_membership_factory_passes_user_fields_through():
    membership = MembershipFactory(role=Role.ADMIN, user__email="ada@example.com")
    assert (membership.user.email, membership.role) == ("ada@example.com", Role.ADMIN)


def test_content_factory_versions_follow_the_texts():
    content = ContentFactory(versions=("First.", "Second."))
    content.refresh_from_db()
    assert (content.current_version, content.current_text) == (2, "Second.")
    assert list(content.versions.order_by("version").values_list("version", "text", "source")) == [
        (1, "First.", "generated"),
        (2, "Second.", "regenerated"),
    ]
    assert content.workspace.organization == content.organization


def test_scheduled_post_factory_posts_the_current_version_with_an_outbox_message():
    post = ScheduledPostFactory(content=ContentFactory(versions=("a", "b")))
    message = OutboxMessageFactory(scheduled_post=post)
    assert (post.content_version.version, post.text, post.organization) == (2, "b", post.content.organization)
    assert message.idempotency_key == f"{OutboxKind.SCHEDULE}:{post.id}"


def test_invitation_factory_stores_the_hash_of_its_token():
    from apps.organizations.services import token_hash

    assert InvitationFactory(token="plain").token_hash == token_hash("plain")


def test_put_on_plan_and_set_quota_change_the_subscription():
    organization = OrganizationFactory()
    put_on_plan(organization, "team", customer="cus_1", sub="sub_1")
    subscription = Subscription.objects.get(organization=organization)
    assert (subscription.plan.slug, subscription.stripe_customer_id, subscription.stripe_subscription_id) == (
        "team",
        "cus_1",
        "sub_1",
    )
    plan = set_quota(organization, tokens=5, posts=2, per_minute=3)
    set_quota(organization, tokens=7)  # the same plan, updated
    plan.refresh_from_db()
    subscription.refresh_from_db()
    assert subscription.plan == plan
    assert (plan.monthly_token_limit, plan.monthly_post_limit, plan.generations_per_minute) == (7, None, 1000)
