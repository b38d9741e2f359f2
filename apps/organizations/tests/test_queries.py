"""List endpoints run a constant number of SQL queries whatever the number of rows.

Each test lists 2 rows, records the number of queries, adds 18 rows and asserts (with
``django_assert_num_queries``) that listing 20 rows takes exactly the same number.
The figures (printed with ``-s``) include the authenticated user, the per-tier rate limiter's
look-up of the caller's plan (cached afterwards; the cache is cleared before each call), the
membership check (not for the organizations list), COUNT, and the page itself.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.organizations.models import Invitation, OrganizationMember, Role, Workspace
from apps.organizations.services import organization_create, token_hash
from apps.users.models import User
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db

BASE = "/api/v1/organizations"
CEILING = 8  # well above the measured figures: a regression to N+1 would pass it at 20 rows anyway


def _add(kind: str, start: int, count: int, team) -> None:
    organization = team.organization
    if kind == "organizations":
        for i in range(start, start + count):
            organization_create(owner=team.owner, name=f"Org {i}")
    elif kind == "members":
        users = [
            User.objects.create_user(email=f"bulk{i}@example.com", password=None) for i in range(start, start + count)
        ]
        OrganizationMember.objects.bulk_create(
            OrganizationMember(organization=organization, user=user, role=Role.VIEWER) for user in users
        )
    elif kind == "workspaces":
        Workspace.objects.bulk_create(
            Workspace(organization=organization, name=f"W{i}", created_by=team.owner)
            for i in range(start, start + count)
        )
    else:
        inviters = [team.owner, team.user(Role.ADMIN)]
        Invitation.objects.bulk_create(
            Invitation(
                organization=organization,
                email=f"i{i}@example.com",
                role=Role.VIEWER,
                token_hash=token_hash(f"t{i}"),
                invited_by=inviters[i % 2],
                expires_at=timezone.now() + timedelta(days=7),
            )
            for i in range(start, start + count)
        )


def _url(kind: str, team) -> str:
    organization = team.organization
    return {
        "organizations": f"{BASE}/?page_size=100",
        "members": f"{BASE}/{organization.pk}/members/?page_size=100",
        "workspaces": f"{BASE}/workspaces/?organization_id={organization.pk}&page_size=100",
        "invitations": f"{BASE}/{organization.pk}/invitations/?page_size=100",
    }[kind]


def _prepare_two_rows(kind: str, team) -> None:
    """Bring the list to exactly 2 rows (the team fixture already holds some)."""
    if kind == "members":
        OrganizationMember.objects.filter(organization=team.organization, role=Role.VIEWER).delete()
        OrganizationMember.objects.filter(organization=team.organization, role=Role.EDITOR).delete()
        OrganizationMember.objects.filter(organization=team.organization, role=Role.ADMIN).update(role=Role.VIEWER)
    elif kind == "workspaces":
        _add(kind, 0, 1, team)
    elif kind == "invitations":
        _add(kind, 0, 2, team)
    # organizations: the owner already has a personal organization and Acme.


@pytest.mark.parametrize("kind", ["organizations", "members", "workspaces", "invitations"])
def test_list_query_count_is_constant(kind, team, django_assert_num_queries):
    _prepare_two_rows(kind, team)
    client = client_for(team.owner)
    cache.clear()  # both calls start with a cold cache (the rate limiter caches the caller's plan)
    with CaptureQueriesContext(connection) as two_rows:
        small = client.get(_url(kind, team))
    assert small.json()["count"] == 2
    _add(kind, 100, 18, team)
    cache.clear()

    with django_assert_num_queries(len(two_rows.captured_queries)):
        large = client.get(_url(kind, team))

    assert large.status_code == 200
    assert large.json()["count"] == 20
    assert len(large.json()["results"]) == 20
    assert len(two_rows.captured_queries) <= CEILING
    print(f"{kind}: {len(two_rows.captured_queries)} queries at 2 and at 20 rows")
