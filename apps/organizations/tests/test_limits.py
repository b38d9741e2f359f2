"""Plan limits on workspaces and members (pending invitations count), and the owner invariant,
including under real concurrency on PostgreSQL."""

import pytest
from django.core import mail

from apps.common.exceptions import PlanLimitReached
from apps.organizations.exceptions import LastOwner
from apps.organizations.models import Invitation, InvitationStatus, OrganizationMember, Role, Workspace
from apps.organizations.services import (
    invitation_accept,
    invitation_create,
    member_change_role,
    member_leave,
    organization_create,
    workspace_create,
)
from apps.users.models import User
from tests.factories import put_on_plan
from tests.support.clients import client_for
from tests.support.concurrency import run_concurrently
from tests.support.snapshot import organization_snapshot

BASE = "/api/v1/organizations"


@pytest.mark.django_db
def test_workspace_limit_reached_is_402_with_details(user):
    organization = OrganizationMember.objects.get(user=user).organization  # Free: 1 workspace
    before = organization_snapshot(organization.pk)

    response = client_for(user).post(
        f"{BASE}/workspaces/", {"organization_id": str(organization.pk), "name": "Second"}, format="json"
    )

    assert response.status_code == 402
    assert response.json()["error"]["code"] == "plan_limit_reached"
    assert response.json()["error"]["details"] == {"limit": 1, "current": 1, "resource": "workspaces"}
    assert organization_snapshot(organization.pk) == before


@pytest.mark.django_db
def test_workspace_limit_follows_the_plan(user):
    organization = OrganizationMember.objects.get(user=user).organization
    put_on_plan(organization, "pro")  # 3 workspaces
    client = client_for(user)

    statuses = [
        client.post(
            f"{BASE}/workspaces/", {"organization_id": str(organization.pk), "name": f"W{i}"}, format="json"
        ).status_code
        for i in range(3)
    ]

    assert statuses == [201, 201, 402]
    assert organization.workspaces.count() == 3


@pytest.mark.django_db
def test_workspace_limit_of_lapsed_paid_plan_falls_back_to_free(user):
    organization = OrganizationMember.objects.get(user=user).organization
    put_on_plan(organization, "team", status="canceled")

    response = client_for(user).post(
        f"{BASE}/workspaces/", {"organization_id": str(organization.pk), "name": "More"}, format="json"
    )

    assert response.status_code == 402
    assert response.json()["error"]["details"]["limit"] == 1


@pytest.mark.django_db
def test_member_limit_counts_pending_invitations(team, make_user, django_capture_on_commit_callbacks):
    # Team: 10 members. 4 members + 6 pending invitations = 10 seats: the 7th invitation is refused.
    url = f"{BASE}/{team.organization.pk}/invitations/"
    client = client_for(team.owner)
    with django_capture_on_commit_callbacks(execute=True):
        created = [
            client.post(url, {"email": f"p{i}@example.com", "role": "viewer"}, format="json").status_code
            for i in range(6)
        ]
    before = organization_snapshot(team.organization.pk)

    refused = client.post(url, {"email": "one-too-many@example.com", "role": "viewer"}, format="json")

    assert created == [201] * 6
    assert refused.status_code == 402
    assert refused.json()["error"]["details"] == {"limit": 10, "current": 10, "resource": "members"}
    assert organization_snapshot(team.organization.pk) == before
    assert len(mail.outbox) == 6


@pytest.mark.django_db
def test_member_limit_free_plan_allows_no_invitation(user):
    organization = OrganizationMember.objects.get(user=user).organization

    response = client_for(user).post(
        f"{BASE}/{organization.pk}/invitations/", {"email": "friend@example.com", "role": "viewer"}, format="json"
    )

    assert response.status_code == 402
    assert response.json()["error"]["details"] == {"limit": 1, "current": 1, "resource": "members"}
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_member_limit_revoking_frees_a_seat(team, django_capture_on_commit_callbacks):
    url = f"{BASE}/{team.organization.pk}/invitations/"
    client = client_for(team.owner)
    with django_capture_on_commit_callbacks(execute=True):
        ids = [
            client.post(url, {"email": f"p{i}@example.com", "role": "viewer"}, format="json").json()["id"]
            for i in range(6)
        ]
        client.delete(f"{url}{ids[0]}/")
        response = client.post(url, {"email": "replacement@example.com", "role": "viewer"}, format="json")

    assert response.status_code == 201


# --------------------------------------------------------------------------- concurrency (PostgreSQL)


def _fresh_pro_org_without_workspaces():
    owner = User.objects.create_user(email="race-owner@example.com", password=None)
    organization = organization_create(owner=owner, name="Race")
    put_on_plan(organization, "pro")  # 3 workspaces
    Workspace.objects.filter(organization=organization).delete()  # start from 0 to count exactly
    return owner, organization


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_workspace_limit_holds_under_concurrency():
    owner, organization = _fresh_pro_org_without_workspaces()

    results = run_concurrently(
        lambda i: workspace_create(user=owner, organization_id=organization.pk, name=f"Parallel {i}"), 10
    )

    created = [r for r in results if isinstance(r, Workspace)]
    refused = [r for r in results if isinstance(r, PlanLimitReached)]
    assert len(created) == 3, results
    assert len(refused) == 7, results
    assert Workspace.objects.filter(organization=organization).count() == 3
    assert Workspace.objects.filter(organization=organization, is_default=True).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_member_limit_holds_under_concurrent_invitations():
    owner = User.objects.create_user(email="inviter@example.com", password=None)
    organization = organization_create(owner=owner, name="Invites")
    put_on_plan(organization, "team")  # 10 seats, 1 taken by the owner

    results = run_concurrently(
        lambda i: invitation_create(
            user=owner, organization_id=organization.pk, email=f"c{i}@example.com", role="viewer"
        ),
        15,
    )

    assert sum(isinstance(r, Invitation) for r in results) == 9, results
    assert sum(isinstance(r, PlanLimitReached) for r in results) == 6, results
    assert Invitation.objects.filter(organization=organization, status=InvitationStatus.PENDING).count() == 9


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_invitation_concurrent_accepts_of_one_token_succeed_once():
    from apps.organizations.services import token_hash

    owner = User.objects.create_user(email="o@example.com", password=None)
    organization = organization_create(owner=owner, name="Once")
    put_on_plan(organization, "team")
    invitee = User.objects.create_user(email="invitee@example.com", password=None)
    invitation = invitation_create(user=owner, organization_id=organization.pk, email=invitee.email, role="editor")
    token = "race-token"
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=token_hash(token))

    results = run_concurrently(lambda i: invitation_accept(user=invitee, token=token), 8)

    assert sum(isinstance(r, OrganizationMember) for r in results) == 1, results
    assert OrganizationMember.objects.filter(organization=organization, user=invitee).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_owners_demoting_each_other_at_once_keep_an_owner():
    first = User.objects.create_user(email="first@example.com", password=None)
    organization = organization_create(owner=first, name="Duel")
    second = User.objects.create_user(email="second@example.com", password=None)
    first_member = OrganizationMember.objects.get(organization=organization, user=first)
    second_member = OrganizationMember.objects.create(organization=organization, user=second, role=Role.OWNER)
    moves = [(first, second_member), (second, first_member)]

    for _ in range(5):  # a few rounds: the race must never leave zero owners
        OrganizationMember.objects.filter(organization=organization).update(role=Role.OWNER)
        results = run_concurrently(
            lambda i: member_change_role(
                user=moves[i][0], organization_id=organization.pk, member_id=moves[i][1].pk, role=Role.ADMIN
            ),
            2,
        )
        owners = OrganizationMember.objects.filter(organization=organization, role=Role.OWNER).count()
        assert owners == 1, results
        assert sum(isinstance(r, OrganizationMember) for r in results) == 1, results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_last_owners_leaving_at_once_keep_an_owner():
    first = User.objects.create_user(email="l1@example.com", password=None)
    organization = organization_create(owner=first, name="Exodus")
    second = User.objects.create_user(email="l2@example.com", password=None)
    OrganizationMember.objects.create(organization=organization, user=second, role=Role.OWNER)
    users = [first, second]

    results = run_concurrently(lambda i: member_leave(user=users[i], organization_id=organization.pk), 2)

    assert sum(isinstance(r, LastOwner) for r in results) == 1, results
    assert OrganizationMember.objects.filter(organization=organization, role=Role.OWNER).count() == 1
