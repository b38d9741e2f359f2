"""The user's memberships on the shared cache (apps.organizations.membership_cache): a repeated
read-only request runs no membership query, and every change — a member removed, a role changed,
an organization renamed or deleted, by the services, the ORM or another process — is seen by the
very next request."""

import os
import threading

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from apps.organizations.models import Organization, OrganizationMember, Role
from apps.organizations.selectors import memberships_cached
from apps.organizations.services import (
    member_change_role,
    member_remove,
    organization_create,
    organization_delete,
    organization_update,
)
from tests.factories import MembershipFactory
from tests.support.clients import client_for
from tests.support.concurrency import run_in_other_process

pytestmark = pytest.mark.django_db


def _membership_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if '"organizations_organizationmember"' in q["sql"]]


def _list(client, organization_id):
    return client.get(f"/api/v1/content/?organization_id={organization_id}")


def test_a_write_reads_its_memberships_from_the_database(team):
    """Only a read-only request's rows come from the cache (they answer its membership check)."""
    client = client_for(team.user(Role.EDITOR))
    assert _list(client, team.organization.pk).status_code == 200  # cached
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/api/v1/organizations/", {"name": "Another"}, format="json")
    assert response.status_code == 201, response.content
    assert _membership_queries(queries)


def test_a_repeated_read_only_request_runs_no_membership_query(team):
    client = client_for(team.user(Role.VIEWER))
    assert _list(client, team.organization.pk).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert _list(client, team.organization.pk).status_code == 200
    assert _membership_queries(queries) == []


def test_a_removed_member_is_refused_on_the_next_request(team):
    viewer = team.user(Role.VIEWER)
    client = client_for(viewer)
    assert _list(client, team.organization.pk).status_code == 200  # cached
    member_remove(user=team.owner, organization_id=team.organization.pk, member_id=team.members[Role.VIEWER].pk)
    assert _list(client, team.organization.pk).status_code == 404


def test_a_membership_deleted_with_the_orm_is_seen_at_once(team):
    viewer = team.user(Role.VIEWER)
    client = client_for(viewer)
    assert _list(client, team.organization.pk).status_code == 200
    OrganizationMember.objects.filter(user=viewer, organization=team.organization).delete()
    assert _list(client, team.organization.pk).status_code == 404


def test_a_role_change_is_seen_at_once(team):
    editor = team.user(Role.EDITOR)
    memberships_cached(user_id=editor.pk)  # cached
    member_change_role(
        user=team.owner, organization_id=team.organization.pk, member_id=team.members[Role.EDITOR].pk, role=Role.VIEWER
    )
    assert [m.role for m in memberships_cached(user_id=editor.pk) if m.organization_id == team.organization.pk] == [
        Role.VIEWER
    ]
    OrganizationMember.objects.filter(pk=team.members[Role.EDITOR].pk).update(role=Role.ADMIN)
    assert [m.role for m in memberships_cached(user_id=editor.pk) if m.organization_id == team.organization.pk] == [
        Role.ADMIN
    ]


def test_an_organization_renamed_or_deleted_is_seen_at_once(team):
    viewer = team.user(Role.VIEWER)
    memberships_cached(user_id=viewer.pk)
    organization_update(user=team.owner, organization_id=team.organization.pk, name="Renamed")
    names = [m.organization.name for m in memberships_cached(user_id=viewer.pk)]
    assert "Renamed" in names
    Organization.objects.filter(pk=team.organization.pk).update(name="Renamed again")
    assert "Renamed again" in [m.organization.name for m in memberships_cached(user_id=viewer.pk)]
    other = organization_create(owner=team.owner, name="Free one")
    MembershipFactory(organization=other, role=Role.VIEWER, user=viewer)
    assert other.pk in [m.organization_id for m in memberships_cached(user_id=viewer.pk)]
    organization_delete(user=team.owner, organization_id=other.pk)
    assert other.pk not in [m.organization_id for m in memberships_cached(user_id=viewer.pk)]


@pytest.mark.postgres  # SQLite's shared in-memory test database locks the table instead of hiding the row
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_rows_read_before_the_change_committed_are_not_used_after(team):
    """Another process (here a thread, with its own connection) reads while a removal is not
    committed yet: it still sees the membership and caches that. The commit must void it."""
    viewer = team.user(Role.VIEWER)
    memberships_cached(user_id=viewer.pk)
    seen = []

    def read_elsewhere() -> None:
        try:
            seen.append([m.organization_id for m in memberships_cached(user_id=viewer.pk)])
        finally:
            connection.close()

    with transaction.atomic():
        OrganizationMember.objects.filter(pk=team.members[Role.VIEWER].pk).delete()
        reader = threading.Thread(target=read_elsewhere)
        reader.start()
        reader.join()
    assert team.organization.pk in seen[0]  # the uncommitted removal was invisible to it
    assert team.organization.pk not in [m.organization_id for m in memberships_cached(user_id=viewer.pk)]


REDIS_URL = os.environ.get("REDIS_URL", "")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(not REDIS_URL, reason="needs PostgreSQL and Redis (REDIS_URL): the cache is shared")
def test_a_member_removed_by_another_process_is_refused_on_the_next_request(team):
    assert "redis" in django_settings.CACHES["default"]["BACKEND"].lower()
    client = client_for(team.user(Role.VIEWER))
    assert _list(client, team.organization.pk).status_code == 200  # cached in Redis
    code = (
        "from apps.organizations.models import OrganizationMember\n"
        f"OrganizationMember.objects.get(pk='{team.members[Role.VIEWER].pk}').delete()\n"
    )
    run_in_other_process(code)
    assert _list(client, team.organization.pk).status_code == 404
