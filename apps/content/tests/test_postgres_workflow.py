"""Real concurrency on PostgreSQL for the editorial workflow: two reviewers acting at once (one
wins, the other gets 409), a new version racing an approval, two identical posts scheduled at
once (one is a duplicate), and a deletion racing a schedule request (no live post survives)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.content.models import Content, ContentReview
from apps.content.services import content_approve, content_edit, content_submit
from apps.organizations.models import OrganizationMember, Role
from apps.scheduling.models import ACTIVE_STATUSES, ScheduledPost
from tests.factories import ContentFactory
from tests.support.clients import client_for
from tests.support.concurrency import run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCHEDULE = "/api/v1/scheduling/schedule/"


@pytest.fixture
def team(make_user):
    owner = make_user(email="owner@example.com")
    organization = OrganizationMember.objects.get(user=owner).organization
    admin = make_user(email="admin@example.com")
    editor = make_user(email="editor@example.com")
    OrganizationMember.objects.create(organization=organization, user=admin, role=Role.ADMIN)
    OrganizationMember.objects.create(organization=organization, user=editor, role=Role.EDITOR)
    content = ContentFactory(organization=organization, created_by=editor, versions=("Launch day is here.",))
    return organization, {"owner": owner, "admin": admin, "editor": editor}, content


@pytest.mark.parametrize("repeat", range(3))
def test_two_reviewers_at_once_approve_and_request_changes_one_wins_the_other_is_409(team, repeat):
    _, members, content = team
    content_submit(user=members["editor"], content_id=content.pk)
    clients = [client_for(members["owner"]), client_for(members["admin"])]
    calls = [
        lambda: clients[0].post(f"/api/v1/content/{content.pk}/approve/", {}, format="json"),
        lambda: clients[1].post(
            f"/api/v1/content/{content.pk}/request-changes/", {"comment": "Not yet"}, format="json"
        ),
    ]

    responses = run_concurrently(lambda i: calls[i](), 2)

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201, 409], [r.json() for r in responses]
    loser = next(r for r in responses if r.status_code == 409)
    assert loser.json()["error"]["code"] == "review_transition_conflict"
    winner = next(r for r in responses if r.status_code == 201).json()
    content.refresh_from_db()
    assert content.review_state == winner["to_state"]
    assert ContentReview.objects.filter(content=content).exclude(action="submit").count() == 1


def test_ten_approvers_at_once_exactly_one_approval_is_recorded(team, make_user):
    organization, members, content = team
    admins = []
    for i in range(10):
        admin = make_user(email=f"admin{i}@example.com")
        OrganizationMember.objects.create(organization=organization, user=admin, role=Role.ADMIN)
        admins.append(admin)
    content_submit(user=members["editor"], content_id=content.pk)

    results = run_concurrently(lambda i: content_approve(user=admins[i], content_id=content.pk), 10)

    approvals = [r for r in results if isinstance(r, ContentReview)]
    conflicts = [r for r in results if getattr(r, "code", None) == "review_transition_conflict"]
    assert (len(approvals), len(conflicts)) == (1, 9), results
    content.refresh_from_db()
    assert content.review_updated_by == approvals[0].actor
    assert ContentReview.objects.filter(content=content, action="approve").count() == 1


def test_a_new_version_racing_an_approval_never_leaves_an_unreviewed_version_approved(team):
    _, members, content = team
    for _ in range(5):
        content_submit(user=members["editor"], content_id=content.pk)
        calls = [
            lambda: content_approve(user=members["admin"], content_id=content.pk),
            lambda: content_edit(user=members["editor"], content_id=content.pk, text="A new text, unreviewed"),
        ]
        run_concurrently(lambda i: calls[i](), 2)
        content.refresh_from_db()
        # Either the approval came first and the edit reset it, or the edit came first and the
        # approval found a draft: never "approved" with the current version unreviewed.
        assert content.review_state == "draft", (content.review_state, content.review_version)
        assert content.review_version is None


def test_two_identical_posts_scheduled_at_once_one_is_a_duplicate(team):
    organization, members, content = team
    twin = ContentFactory(organization=organization, created_by=members["editor"], versions=("launch DAY is here.",))
    clients = [client_for(members["editor"]) for _ in range(2)]
    bodies = [
        {"content_id": str(c.pk), "scheduled_at": (timezone.now() + timedelta(hours=h)).isoformat()}
        for c, h in ((content, 2), (twin, 3))
    ]

    responses = run_concurrently(lambda i: clients[i].post(SCHEDULE, bodies[i], format="json"), 2)

    assert sorted(r.status_code for r in responses) == [201, 409], [r.json() for r in responses]
    loser = next(r for r in responses if r.status_code == 409).json()["error"]
    winner = next(r for r in responses if r.status_code == 201).json()
    assert (loser["code"], loser["details"]["duplicate_of"]) == ("duplicate_post", winner["id"])
    assert ScheduledPost.objects.count() == 1


def test_deleting_content_while_it_is_being_scheduled_leaves_no_live_post(team):
    organization, members, _ = team
    for i in range(5):
        content = ContentFactory(organization=organization, created_by=members["editor"], versions=(f"Post {i}",))
        clients = [client_for(members["editor"]) for _ in range(2)]
        body = {"content_id": str(content.pk), "scheduled_at": (timezone.now() + timedelta(hours=2)).isoformat()}
        calls = [
            lambda c=content: clients[0].delete(f"/api/v1/content/{c.pk}/"),
            lambda: clients[1].post(SCHEDULE, body, format="json"),
        ]

        responses = run_concurrently(lambda i: calls[i](), 2)
        deleted = responses[0]
        if deleted.status_code == 409:  # the new post was being handed over at that very moment
            assert deleted.json()["error"]["code"] == "delivery_in_progress"
            assert Content.objects.get(pk=content.pk).deleted_at is None  # nothing was deleted
            deleted = clients[0].delete(f"/api/v1/content/{content.pk}/")

        assert deleted.status_code == 204, deleted.json()
        assert responses[1].status_code in (201, 404), responses[1].json()
        assert Content.objects.get(pk=content.pk).deleted_at is not None
        assert not ScheduledPost.objects.filter(content=content, status__in=ACTIVE_STATUSES).exists()
