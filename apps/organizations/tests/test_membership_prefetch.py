"""A read-only request keeps the rate limiter's membership rows as ``request.memberships``, and its
membership checks answer from them (one query, or none, instead of one per check), with exactly the
answers of the database path, for that request and that user only."""

import pytest
from django.db import connection
from django.http import HttpRequest
from django.test.utils import CaptureQueriesContext
from rest_framework.request import Request

from apps.common.events import reset_current_request, set_current_request
from apps.common.exceptions import NotFound, ValidationFailed
from apps.organizations.selectors import RequestMemberships, membership_get, memberships_prefetch
from apps.organizations.services import organization_create
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db


def _membership_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if '"organizations_organizationmember"' in q["sql"]]


@pytest.fixture
def serving():
    """A request being served (what ``RequestIdMiddleware`` sets), wrapped by DRF as a view sees it."""
    http_request = HttpRequest()
    token = set_current_request(http_request)
    yield http_request, Request(http_request)
    reset_current_request(token)


def test_membership_prefetch_a_read_only_list_checks_membership_with_one_query(user):
    organization = user.memberships.get().organization
    client = client_for(user)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/content/?organization_id={organization.pk}")

    assert response.status_code == 200
    assert len(_membership_queries(queries)) == 1  # the cache miss; the view's check reads none


def test_membership_prefetch_a_foreign_organization_is_still_404(user, make_user):
    foreign = make_user(email="mallory@example.com").memberships.get().organization

    response = client_for(user).get(f"/api/v1/content/?organization_id={foreign.pk}")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_membership_prefetch_kept_on_django_s_request_is_seen_through_drf_s(user, serving):
    http_request, drf_request = serving

    rows = memberships_prefetch(user=user, keep=True)

    assert isinstance(http_request.memberships, RequestMemberships)
    assert drf_request.memberships is http_request.memberships  # DRF's Request reads it from the HttpRequest
    assert http_request.memberships.members == rows and http_request.memberships.user_id == user.pk


def test_membership_prefetch_answers_every_check_of_the_request_for_its_user_only(user, make_user, serving):
    organization = user.memberships.get().organization
    other = make_user(email="other@example.com")
    memberships_prefetch(user=user, keep=True)

    with CaptureQueriesContext(connection) as queries:
        first = membership_get(user=user, organization_id=organization.pk)
        second = membership_get(user=user, organization_id=str(organization.pk))
    assert first.organization_id == second.organization_id == organization.pk
    assert _membership_queries(queries) == []

    with CaptureQueriesContext(connection) as queries, pytest.raises(NotFound):
        membership_get(user=other, organization_id=organization.pk)  # another user: the database
    assert len(_membership_queries(queries)) == 1


def test_membership_prefetch_ends_with_its_request(user):
    organization = user.memberships.get().organization
    token = set_current_request(HttpRequest())
    memberships_prefetch(user=user, keep=True)
    reset_current_request(token)

    with CaptureQueriesContext(connection) as queries:
        membership_get(user=user, organization_id=organization.pk)
    assert len(_membership_queries(queries)) == 1


def test_membership_prefetch_not_kept_for_writes(user, serving):
    organization = user.memberships.get().organization
    memberships_prefetch(user=user)
    created = organization_create(owner=user, name="Created after the prefetch")

    assert not hasattr(serving[0], "memberships")
    assert membership_get(user=user, organization_id=created.pk).organization_id == created.pk
    assert membership_get(user=user, organization_id=organization.pk).organization_id == organization.pk


@pytest.mark.parametrize("organization_id", ["not-a-uuid", 12, "00000000-0000-0000-0000-000000000000"])
def test_membership_prefetch_answers_like_the_database(user, organization_id, serving):
    with pytest.raises(NotFound):
        membership_get(user=user, organization_id=organization_id)
    memberships_prefetch(user=user, keep=True)
    with pytest.raises(NotFound):
        membership_get(user=user, organization_id=organization_id)


def test_membership_prefetch_several_organizations_need_an_id(user, serving):
    organization_create(owner=user, name="Second")
    with pytest.raises(ValidationFailed):
        membership_get(user=user, organization_id=None)
    memberships_prefetch(user=user, keep=True)
    with pytest.raises(ValidationFailed):
        membership_get(user=user, organization_id=None)
