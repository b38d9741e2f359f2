"""factory-boy factories: the one place tests (and test support modules) arrange rows.

Factories write rows directly, for *arrangement*. A test that means to exercise a service (sign-up,
organization creation, content generation) calls that service instead: ``make_user`` (root
conftest) registers a user with a personal organization through the real service.

Examples::

    membership = MembershipFactory(organization=organization, role=Role.EDITOR, user__email="ed@example.com")
    content = ContentFactory(organization=organization, created_by=owner, versions=("First.", "Second."))
    post = ScheduledPostFactory(content=content, status=PostStatus.QUEUED)
    put_on_plan(organization, "team")
    set_quota(organization, tokens=50)
"""

import uuid
from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from apps.content.models import Content, ContentReview, ContentVersion, ReviewAction, ReviewState, VersionSource
from apps.organizations.models import Invitation, Organization, OrganizationMember, Role, Workspace
from apps.organizations.services import token_hash
from apps.scheduling.models import OutboxKind, OutboxMessage, ScheduledPost
from apps.subscriptions.models import Plan, Subscription
from apps.users.models import User

PASSWORD = "correct-horse-battery-9"


def _unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


# --------------------------------------------------------------------------- users and organizations


class UserFactory(DjangoModelFactory):
    """A bare user row (no personal organization: use ``make_user`` for a registered user)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.LazyFunction(lambda: f"{_unique('user')}@example.com")
    password = PASSWORD

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, **kwargs)


class PlanFactory(DjangoModelFactory):
    """A test plan (plans are data); generous limits unless told otherwise."""

    class Meta:
        model = Plan
        django_get_or_create = ("slug",)

    slug = factory.LazyFunction(lambda: _unique("test"))
    name = "Test plan"
    price_cents = 100
    monthly_token_limit = 20000
    monthly_post_limit = None
    monthly_image_limit = None
    workspace_limit = 10
    member_limit = 10
    requests_per_minute = 10000
    generations_per_minute = 1000


class OrganizationFactory(DjangoModelFactory):
    """An organization as ``organization_create`` leaves it: a Free subscription and a default workspace.

    ``OrganizationFactory(owner=user)`` also makes ``user`` its owner."""

    class Meta:
        model = Organization
        skip_postgeneration_save = True

    class Params:
        owner = None

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.LazyFunction(lambda: _unique("org"))
    created_by = factory.SelfAttribute("owner")

    subscription = factory.RelatedFactory(
        "tests.factories.SubscriptionFactory",
        factory_related_name="organization",
        plan=factory.LazyFunction(lambda: Plan.objects.get(slug="free")),
    )
    default_workspace = factory.RelatedFactory(
        "tests.factories.WorkspaceFactory", factory_related_name="organization", name="Default", is_default=True
    )

    @factory.post_generation
    def owner_membership(organization, create, extracted, **kwargs):
        if create and organization.created_by is not None:
            OrganizationMember.objects.create(organization=organization, user=organization.created_by, role=Role.OWNER)


class SubscriptionFactory(DjangoModelFactory):
    class Meta:
        model = Subscription

    organization = factory.SubFactory(OrganizationFactory, subscription=None)
    plan = factory.SubFactory(PlanFactory)
    status = "active"


class WorkspaceFactory(DjangoModelFactory):
    class Meta:
        model = Workspace

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.LazyFunction(lambda: _unique("Workspace"))
    created_by = None


class MembershipFactory(DjangoModelFactory):
    """One member of an organization (``.user`` is a fresh user unless given)."""

    class Meta:
        model = OrganizationMember

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.EDITOR


class InvitationFactory(DjangoModelFactory):
    """A pending invitation; pass ``token=`` to know the plain token that accepts it."""

    class Meta:
        model = Invitation
        exclude = ("token",)

    organization = factory.SubFactory(OrganizationFactory)
    email = factory.LazyFunction(lambda: f"{_unique('invitee')}@example.com")
    role = Role.VIEWER
    token = factory.LazyFunction(lambda: uuid.uuid4().hex)
    token_hash = factory.LazyAttribute(lambda invitation: token_hash(invitation.token))
    invited_by = None
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


# --------------------------------------------------------------------------- plans and quotas


def put_on_plan(
    organization: Organization,
    slug: str,
    *,
    status: str = "active",
    customer: str | None = None,
    sub: str | None = None,
) -> Subscription:
    """Move the organization's subscription to the seeded plan ``slug`` (and, if given, the Stripe
    customer and subscription ids), as a webhook would have left it."""
    fields = {"plan": Plan.objects.get(slug=slug), "status": status}
    if customer is not None:
        fields["stripe_customer_id"] = customer
    if sub is not None:
        fields["stripe_subscription_id"] = sub
    Subscription.objects.filter(organization=organization).update(**fields)
    return Subscription.objects.get(organization=organization)


def set_quota(
    organization: Organization,
    *,
    tokens: int | None = 20000,
    posts: int | None = None,
    per_minute: int = 1000,
    images: int | None = None,
) -> Plan:
    """Put the organization on a test plan of its own with these monthly limits (None: unlimited)."""
    plan = PlanFactory(slug=f"test-{organization.pk.hex[:12]}")
    Plan.objects.filter(pk=plan.pk).update(
        monthly_token_limit=tokens,
        monthly_post_limit=posts,
        generations_per_minute=per_minute,
        monthly_image_limit=images,
    )
    plan.refresh_from_db()
    Subscription.objects.filter(organization=organization).update(plan=plan)
    return plan


# --------------------------------------------------------------------------- content and scheduling


def _workspace_of(content: Content) -> Workspace:
    organization = content.organization
    return organization.workspaces.order_by("created_at").first() or WorkspaceFactory(
        organization=organization, name="Main", is_default=True, created_by=content.created_by
    )


class ContentFactory(DjangoModelFactory):
    """A content with its versions: ``versions=("v1 text", "v2 text")`` (default: one version of
    ``current_text``). Version 1 is ``generated``, later ones ``regenerated``; ``current_*`` follow the last."""

    class Meta:
        model = Content
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    workspace = factory.LazyAttribute(_workspace_of)
    created_by = None
    platform = "twitter"
    tone = "casual"
    prompt = "Say hello"
    current_version = 1
    current_text = "Hello world, first version."

    @factory.post_generation
    def versions(content, create, extracted, **kwargs):
        if not create:
            return
        texts = tuple(extracted) if extracted is not None else (content.current_text,)
        for number, text in enumerate(texts, start=1):
            ContentVersionFactory(
                content=content,
                version=number,
                text=text,
                source=VersionSource.GENERATED if number == 1 else VersionSource.REGENERATED,
                created_by=content.created_by,
                **kwargs,
            )
        if extracted is not None and texts:
            content.current_version, content.current_text = len(texts), texts[-1]
            Content.objects.filter(pk=content.pk).update(current_version=len(texts), current_text=texts[-1])


class ContentVersionFactory(DjangoModelFactory):
    class Meta:
        model = ContentVersion

    content = factory.SubFactory(ContentFactory, versions=())
    organization = factory.SelfAttribute("content.organization")
    workspace = factory.SelfAttribute("content.workspace")
    version = 1
    text = "Hello world, first version."
    source = VersionSource.GENERATED
    provider = "offline"
    created_by = None


class ScheduledPostFactory(DjangoModelFactory):
    """A post of the content's current version, due tomorrow (status ``pending`` unless told)."""

    class Meta:
        model = ScheduledPost

    content = factory.SubFactory(ContentFactory)
    organization = factory.SelfAttribute("content.organization")
    content_version = factory.LazyAttribute(lambda post: post.content.versions.order_by("-version").first())
    text = factory.LazyAttribute(lambda post: post.content_version.text)
    platform = factory.SelfAttribute("content.platform")
    scheduled_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    backend = "local"
    created_by = factory.SelfAttribute("content.created_by")


class OutboxMessageFactory(DjangoModelFactory):
    class Meta:
        model = OutboxMessage

    scheduled_post = factory.SubFactory(ScheduledPostFactory)
    kind = OutboxKind.SCHEDULE
    idempotency_key = factory.LazyAttribute(lambda message: f"{message.kind}:{message.scheduled_post.id}")


class ContentReviewFactory(DjangoModelFactory):
    class Meta:
        model = ContentReview

    content = factory.SubFactory(ContentFactory)
    action = ReviewAction.SUBMIT
    from_state = ReviewState.DRAFT
    to_state = ReviewState.IN_REVIEW
    version = 1
    comment = ""
    actor = None
