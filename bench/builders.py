"""The rows the benchmarks create, and their deletion: one place for ``bench/``.

Everything is created under a random ``tag`` so that a run finds (and deletes) only its own rows:
users ``bench-<tag>-...@example.com`` with their organizations, the plan ``bench-<tag>``, Stripe
events ``evt_bench_<tag>_...``. Import after ``django.setup()``.
"""

from dataclasses import dataclass

from apps.content.models import Content, ContentVersion, VersionSource
from apps.media.models import Media
from apps.organizations.models import Organization, Workspace
from apps.organizations.services import organization_create_personal
from apps.scheduling.models import ScheduledPost
from apps.subscriptions.models import Plan, StripeEvent, Subscription
from apps.users.models import User
from apps.users.tokens import token_pair_for_user


@dataclass(frozen=True)
class Account:
    user: User
    organization: Organization  # the personal one
    workspace: Workspace  # its default workspace
    access: str  # a valid access JWT


def bench_plan_create(tag: str) -> Plan:
    """A hidden paid plan with no quota and no practical rate limit, for the benchmark's accounts."""
    return Plan.objects.create(
        slug=f"bench-{tag}",
        name="Bench (unlimited)",
        price_cents=100,
        monthly_token_limit=None,
        monthly_post_limit=None,
        requests_per_minute=2_000_000_000,
        generations_per_minute=2_000_000_000,
        is_active=False,
    )


def account_create(*, email: str, plan: Plan | None = None) -> Account:
    """A user (no password: nothing to hash) with a personal organization, moved to ``plan`` if given."""
    user = User.objects.create_user(email=email, password=None)
    organization = organization_create_personal(user=user)
    if plan is not None:
        Subscription.objects.filter(organization=organization).update(plan=plan)
    workspace = Workspace.objects.get(organization=organization, is_default=True)
    return Account(user, organization, workspace, token_pair_for_user(user=user)["access"])


def contents_create(*, organization: Organization, workspace: Workspace, created_by: User, numbers: range) -> list:
    """One content per number in ``numbers`` (one INSERT), each at version 1, a LinkedIn-sized text."""
    return Content.objects.bulk_create(
        Content(
            organization=organization,
            workspace=workspace,
            created_by=created_by,
            platform="linkedin",
            tone="professional",
            audience="engineering managers",
            prompt=f"Write about benchmark number {i} and what it taught us about latency.",
            current_version=1,
            current_text=f"Benchmark {i}: measure against a baseline in the same run, or the noise wins. #perf",
        )
        for i in numbers
    )


def versions_create(*, content: Content, created_by: User, numbers: range) -> list:
    """Versions ``n + 1`` for each ``n`` in ``numbers`` of ``content`` (one INSERT), as a generation writes them."""
    return ContentVersion.objects.bulk_create(
        ContentVersion(
            content=content,
            organization_id=content.organization_id,
            workspace_id=content.workspace_id,
            version=i + 1,
            text=f"Bench version {i + 1}",
            source=VersionSource.GENERATED,
            provider="offline",
            model="offline",
            parameters={"tone": "professional"},
            prompt_tokens=10,
            completion_tokens=20,
            total_tokens=30,
            created_by=created_by,
        )
        for i in numbers
    )


def bench_data_delete(tag: str) -> None:
    """Every row created under ``tag``, in an order the PROTECTed foreign keys accept."""
    StripeEvent.objects.filter(stripe_event_id__startswith=f"evt_bench_{tag}_").delete()
    users = User.objects.filter(email__startswith=f"bench-{tag}-")
    organizations = list(Organization.objects.filter(members__user__in=users).distinct().values_list("pk", flat=True))
    ScheduledPost.objects.filter(organization__in=organizations).delete()  # versions are PROTECTed by posts
    Content.objects.filter(organization__in=organizations).delete()  # workspaces are PROTECTed by content
    Media.objects.filter(organization__in=organizations).delete()  # ... and by media
    Organization.objects.filter(pk__in=organizations).delete()
    users.delete()
    Subscription.objects.filter(plan__slug=f"bench-{tag}").delete()
    Plan.objects.filter(slug=f"bench-{tag}").delete()
