"""The rate limiter's membership rows answer a read-only view's membership check (one query, not two),
once, with exactly the answers of the database path (found by bench/run.py's query counts)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.common.exceptions import NotFound, ValidationFailed
from apps.organizations.selectors import membership_get, memberships_prefetch
from apps.organizations.services import organization_create
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db


def _membership_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if '"organizations_organizationmember"' in q["sql"]]


def test_membership_prefetch_a_read_only_list_checks_membership_with_one_query(user):
    organization = user.memberships.get().organization
    client = client_for(user)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/content/?organization_id={organization.pk}")

    assert response.status_code == 200
    assert len(_membership_queries(queries)) == 1


def test_membership_prefetch_a_foreign_organization_is_still_404(user, make_user):
    foreign = make_user(email="mallory@example.com").memberships.get().organization

    response = client_for(user).get(f"/api/v1/content/?organization_id={foreign.pk}")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_membership_prefetch_is_used_once(user):
    organization = user.memberships.get().organization
    memberships_prefetch(user=user, remember=True)

    with CaptureQueriesContext(connection) as queries:
        first = membership_get(user=user, organization_id=organization.pk)
        second = membership_get(user=user, organization_id=organization.pk)

    assert first.organization_id == second.organization_id == organization.pk
    assert len(_membership_queries(queries)) == 1  # only the second one read the database


def test_membership_prefetch_not_remembered_for_writes(user):
    organization = user.memberships.get().organization
    memberships_prefetch(user=user)
    created = organization_create(owner=user, name="Created after the prefetch")

    assert membership_get(user=user, organization_id=created.pk).organization_id == created.pk
    assert membership_get(user=user, organization_id=organization.pk).organization_id == organization.pk


@pytest.mark.parametrize("organization_id", ["not-a-uuid", 12, "00000000-0000-0000-0000-000000000000"])
def test_membership_prefetch_answers_like_the_database(user, organization_id):
    memberships_prefetch(user=user, remember=True)
    with pytest.raises(NotFound):
        membership_get(user=user, organization_id=organization_id)
    with pytest.raises(NotFound):
        membership_get(user=user, organization_id=organization_id)


def test_membership_prefetch_several_organizations_need_an_id(user):
    organization_create(owner=user, name="Second")
    memberships_prefetch(user=user, remember=True)

    with pytest.raises(ValidationFailed):
        membership_get(user=user, organization_id=None)
    with pytest.raises(ValidationFailed):
        membership_get(user=user, organization_id=None)
