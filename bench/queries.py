"""SQL queries per request of every list and detail endpoint, at 20 and at 100 rows.

In-process (call ``django.setup()`` first): each request goes through the real URLconf and the
whole middleware stack with Django's test ``Client`` (authenticated with a real access JWT), and
``CaptureQueriesContext`` counts what it runs. One organization is filled so that every
collection (organizations of the user, members, workspaces, invitations, contents, versions of
one content, scheduled posts) holds 20 rows, every endpoint is measured with ``page_size=100``,
then each collection is brought to 100 rows and everything is measured again.

Two figures per request: *cold* (shared cache emptied first: the rate limiter's plan look-up and
any cached authentication hit the database) and *warm* (the same request repeated at once: the
steady state of a client making requests).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

LIST_CEILING = 4  # auth + list (the target)


@dataclass
class QueryRow:
    app: str
    name: str
    kind: str  # "list" or "detail"
    counts: dict[int, tuple[int, int]]  # rows -> (cold, warm)
    sql: dict[int, list[str]]  # rows -> warm SQL statements (for the report)
    status: int

    def constant(self) -> bool:
        values = list(self.counts.values())
        return all(v == values[0] for v in values)

    def worst(self) -> int:
        return max(warm for _, warm in self.counts.values())


def _fill(*, tag: str, owner, organization, workspace, content, rows: int) -> None:
    """Bring every collection of ``organization`` (and the owner's organizations) to ``rows`` rows."""
    from apps.content.models import Content, ContentVersion
    from apps.organizations.models import Invitation, OrganizationMember, Role, Workspace
    from apps.organizations.services import organization_create, token_hash
    from apps.scheduling.models import ScheduledPost
    from apps.users.models import User
    from bench.builders import contents_create, versions_create

    now = timezone.now()
    have = OrganizationMember.objects.filter(user=owner).count()
    for i in range(have, rows):
        organization_create(owner=owner, name=f"bench {tag} org {i}")
    have = OrganizationMember.objects.filter(organization=organization).count()
    users = [
        User.objects.create_user(email=f"bench-{tag}-member-{i}@example.com", password=None) for i in range(have, rows)
    ]
    OrganizationMember.objects.bulk_create(
        OrganizationMember(organization=organization, user=user, role=Role.VIEWER) for user in users
    )
    have = Workspace.objects.filter(organization=organization).count()
    Workspace.objects.bulk_create(
        Workspace(organization=organization, name=f"W{i}", created_by=owner) for i in range(have, rows)
    )
    have = Invitation.objects.filter(organization=organization).count()
    Invitation.objects.bulk_create(
        Invitation(
            organization=organization,
            email=f"bench-{tag}-invite-{i}@example.com",
            role=Role.VIEWER,
            token_hash=token_hash(f"bench-{tag}-{i}"),
            invited_by=owner,
            expires_at=now + timedelta(days=7),
        )
        for i in range(have, rows)
    )
    have = Content.objects.filter(organization=organization).count()
    contents_create(organization=organization, workspace=workspace, created_by=owner, numbers=range(have, rows))
    have = ContentVersion.objects.filter(content=content).count()
    versions = versions_create(content=content, created_by=owner, numbers=range(have, rows))
    Content.objects.filter(pk=content.pk).update(current_version=rows)
    latest = versions[-1] if versions else ContentVersion.objects.filter(content=content).order_by("-version").first()
    have = ScheduledPost.objects.filter(organization=organization).count()
    ScheduledPost.objects.bulk_create(
        ScheduledPost(
            organization=organization,
            content=content,
            content_version=latest,
            text=latest.text,
            platform="twitter",
            scheduled_at=now + timedelta(days=1, minutes=i),
            backend="local",
            created_by=owner,
        )
        for i in range(have, rows)
    )


def measure(*, tag: str, row_counts: tuple[int, ...] = (20, 100)) -> list[QueryRow]:
    """Build the data set under ``tag`` (``bench.builders.bench_data_delete`` removes it) and count the queries."""
    from apps.organizations.models import Invitation, OrganizationMember
    from apps.scheduling.models import ScheduledPost
    from bench.builders import account_create, contents_create, versions_create

    account = account_create(email=f"bench-{tag}-owner@example.com")
    owner, organization, workspace, access = account.user, account.organization, account.workspace, account.access
    [content] = contents_create(organization=organization, workspace=workspace, created_by=owner, numbers=range(1))
    versions_create(content=content, created_by=owner, numbers=range(1))
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {access}")
    org = organization.pk
    WS = "/api/v1/organizations/workspaces/"

    endpoints: list[tuple[str, str, str, str]] = [
        ("users", "GET /auth/profile/", "detail", "/api/v1/auth/profile/"),
        ("organizations", "GET /organizations/", "list", "/api/v1/organizations/?page_size=100"),
        ("organizations", "GET /organizations/{id}/", "detail", f"/api/v1/organizations/{org}/"),
        ("organizations", "GET /organizations/{id}/members/", "list", f"/api/v1/organizations/{org}/members/"),
        ("organizations", "GET /organizations/{id}/invitations/", "list", f"/api/v1/organizations/{org}/invitations/"),
        ("organizations", "GET /organizations/workspaces/", "list", f"{WS}?organization_id={org}"),
        ("organizations", "GET /organizations/workspaces/{id}/", "detail", f"{WS}{workspace.pk}/"),
        ("content", "GET /content/", "list", f"/api/v1/content/?organization_id={org}"),
        ("content", "GET /content/{id}/", "detail", f"/api/v1/content/{content.pk}/"),
        ("content", "GET /content/{id}/versions/", "list", f"/api/v1/content/{content.pk}/versions/"),
        ("content", "GET /content/usage/", "detail", f"/api/v1/content/usage/?organization_id={org}"),
        ("subscriptions", "GET /subscriptions/", "detail", f"/api/v1/subscriptions/?organization_id={org}"),
        ("subscriptions", "GET /subscriptions/plans/ (public)", "list", "/api/v1/subscriptions/plans/"),
        ("scheduling", "GET /scheduling/", "list", f"/api/v1/scheduling/?organization_id={org}"),
        ("scheduling", "GET /scheduling/{id}/", "detail", "/api/v1/scheduling/{post}/"),
    ]  # fmt: skip
    results = {name: QueryRow(app, name, kind, {}, {}, 0) for app, name, kind, _ in endpoints}
    for rows in row_counts:
        _fill(tag=tag, owner=owner, organization=organization, workspace=workspace, content=content, rows=rows)
        assert OrganizationMember.objects.filter(organization=organization).count() == rows
        assert Invitation.objects.filter(organization=organization).count() == rows
        post = ScheduledPost.objects.filter(organization=organization).order_by("scheduled_at").first()
        for _, name, _, url in endpoints:
            url = url.replace("{post}", str(post.pk))
            if "page_size" not in url and results[name].kind == "list":
                url += ("&" if "?" in url else "?") + "page_size=100"
            _forget_cached(owner=owner)
            with CaptureQueriesContext(connection) as cold:
                response = client.get(url)
            with CaptureQueriesContext(connection) as warm:
                response = client.get(url)
            results[name].counts[rows] = (len(cold), len(warm))
            results[name].sql[rows] = [q["sql"] for q in warm.captured_queries]
            results[name].status = response.status_code
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}: {response.content[:300]!r}")
    return list(results.values())


def _forget_cached(*, owner) -> None:
    """Drop what the shared cache holds for this caller (not a FLUSHDB: REDIS_URL may be shared)."""
    from apps.organizations.models import OrganizationMember
    from apps.subscriptions.services import plans_cache_invalidate
    from apps.subscriptions.throttles import organization_rate_limits_invalidate

    for organization_id in OrganizationMember.objects.filter(user=owner).values_list("organization_id", flat=True):
        organization_rate_limits_invalidate(organization_id=organization_id)
    plans_cache_invalidate()
    cache.delete(f"auth-user:{owner.pk}")  # apps.users.auth_cache
