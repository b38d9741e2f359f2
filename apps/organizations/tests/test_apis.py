"""Organizations, members, ownership and workspaces through the API, including bad input."""

import pytest
from django.db import IntegrityError, transaction

from apps.content.models import Content
from apps.organizations.models import Organization, OrganizationMember, Role, Workspace
from tests.factories import ContentFactory, MembershipFactory, ScheduledPostFactory, put_on_plan
from tests.support.clients import client_for
from tests.support.errors import error_of
from tests.support.snapshot import organization_snapshot

pytestmark = pytest.mark.django_db

BASE = "/api/v1/organizations"


# --------------------------------------------------------------------------- organizations


def test_organization_list_shows_only_my_organizations_with_my_role(team, make_user):
    response = client_for(team.user(Role.EDITOR)).get(f"{BASE}/")

    assert response.status_code == 200
    body = response.json()
    ids = {row["id"] for row in body["results"]}
    personal = OrganizationMember.objects.get(user=team.user(Role.EDITOR), organization__is_personal=True)
    assert ids == {str(team.organization.pk), str(personal.organization_id)}
    acme = next(row for row in body["results"] if row["id"] == str(team.organization.pk))
    assert acme["role"] == "editor"
    assert acme["plan"] == {"slug": "team", "name": "Team"}


def test_organization_create_makes_caller_owner_on_free_plan_with_default_workspace(user):
    response = client_for(user).post(f"{BASE}/", {"name": "  Side project  "}, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Side project"
    assert body["role"] == "owner"
    assert body["plan"]["slug"] == "free"
    organization = Organization.objects.get(pk=body["id"])
    assert organization.workspaces.get().is_default
    assert organization.members.get().user == user


@pytest.mark.parametrize("name", ["", "   ", "x" * 10_240, None])
def test_organization_create_rejects_empty_or_huge_names(user, name):
    before = Organization.objects.count()

    response = client_for(user).post(f"{BASE}/", {"name": name}, format="json")

    assert response.status_code == 400
    assert error_of(response)["code"] == "validation_error"
    assert "name" in error_of(response)["details"]
    assert Organization.objects.count() == before


def test_organization_update_renames(team):
    response = client_for(team.user(Role.ADMIN)).patch(
        f"{BASE}/{team.organization.pk}/", {"name": "Acme Corp"}, format="json"
    )

    assert response.status_code == 200
    team.organization.refresh_from_db()
    assert team.organization.name == "Acme Corp"


@pytest.mark.parametrize("name", ["", "y" * 10_240])
def test_organization_update_rejects_bad_names_and_changes_nothing(team, name):
    before = organization_snapshot(team.organization.pk)

    response = client_for(team.owner).patch(f"{BASE}/{team.organization.pk}/", {"name": name}, format="json")

    assert response.status_code == 400
    assert organization_snapshot(team.organization.pk) == before


def test_organization_delete_removes_everything_of_a_free_organization(team):
    put_on_plan(team.organization, "free")
    Content.objects.create(
        organization=team.organization,
        workspace=team.organization.workspaces.get(),
        platform="twitter",
        tone="casual",
        prompt="hello",
    )

    response = client_for(team.owner).delete(f"{BASE}/{team.organization.pk}/")

    assert response.status_code == 204
    assert not Organization.objects.filter(pk=team.organization.pk).exists()
    assert not Content.objects.filter(organization_id=team.organization.pk).exists()


def _scheduled_post(team, status: str):
    from django.utils import timezone

    content = ContentFactory(organization=team.organization, prompt="hello", versions=("hello",))
    return ScheduledPostFactory(content=content, status=status, scheduled_at=timezone.now())


def test_organization_delete_with_past_scheduled_posts_deletes_them(team):
    put_on_plan(team.organization, "free")
    post = _scheduled_post(team, "published")

    response = client_for(team.owner).delete(f"{BASE}/{team.organization.pk}/")

    assert response.status_code == 204
    assert not type(post).objects.filter(pk=post.pk).exists()


def test_organization_delete_refused_while_posts_are_scheduled(team):
    put_on_plan(team.organization, "free")
    _scheduled_post(team, "queued")
    before = organization_snapshot(team.organization.pk)

    response = client_for(team.owner).delete(f"{BASE}/{team.organization.pk}/")

    assert response.status_code == 409
    assert error_of(response)["code"] == "scheduled_posts_active"
    assert error_of(response)["details"] == {"active_scheduled_posts": 1}
    assert organization_snapshot(team.organization.pk) == before


def test_organization_delete_refused_while_paid_subscription_active(team):
    before = organization_snapshot(team.organization.pk)

    response = client_for(team.owner).delete(f"{BASE}/{team.organization.pk}/")

    assert response.status_code == 409
    assert error_of(response)["code"] == "subscription_active"
    assert organization_snapshot(team.organization.pk) == before


def test_organization_delete_refused_for_personal_organization(user):
    personal = OrganizationMember.objects.get(user=user).organization

    response = client_for(user).delete(f"{BASE}/{personal.pk}/")

    assert response.status_code == 409
    assert error_of(response)["code"] == "personal_organization"
    assert Organization.objects.filter(pk=personal.pk).exists()


def test_organization_foreign_or_malformed_id_is_404(team, make_user):
    stranger = make_user(email="stranger@example.com")

    foreign = client_for(stranger).get(f"{BASE}/{team.organization.pk}/")
    malformed = client_for(stranger).get(f"{BASE}/not-a-uuid/")

    assert foreign.status_code == 404
    assert error_of(foreign)["code"] == "not_found"
    assert malformed.status_code == 404


# --------------------------------------------------------------------------- members and roles


def test_member_list_returns_members_with_users(team):
    response = client_for(team.user(Role.VIEWER)).get(f"{BASE}/{team.organization.pk}/members/")

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["role"] for row in rows] == ["owner", "admin", "editor", "viewer"]
    assert rows[0]["user"]["email"] == "owner@example.com"


def test_member_role_change_by_admin(team):
    editor = team.members[Role.EDITOR]

    response = client_for(team.user(Role.ADMIN)).patch(
        f"{BASE}/{team.organization.pk}/members/{editor.pk}/", {"role": "viewer"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["role"] == "viewer"
    editor.refresh_from_db()
    assert editor.role == "viewer"


def test_member_role_change_rejects_unknown_role(team):
    editor = team.members[Role.EDITOR]
    before = organization_snapshot(team.organization.pk)

    response = client_for(team.owner).patch(
        f"{BASE}/{team.organization.pk}/members/{editor.pk}/", {"role": "superuser"}, format="json"
    )

    assert response.status_code == 400
    assert "role" in error_of(response)["details"]
    assert organization_snapshot(team.organization.pk) == before


def test_member_admin_cannot_promote_to_owner_or_touch_owners(team):
    admin = client_for(team.user(Role.ADMIN))
    owner_member = team.members[Role.OWNER]
    editor = team.members[Role.EDITOR]
    before = organization_snapshot(team.organization.pk)

    promote = admin.patch(f"{BASE}/{team.organization.pk}/members/{editor.pk}/", {"role": "owner"}, format="json")
    demote = admin.patch(f"{BASE}/{team.organization.pk}/members/{owner_member.pk}/", {"role": "viewer"}, format="json")
    remove = admin.delete(f"{BASE}/{team.organization.pk}/members/{owner_member.pk}/")

    assert [promote.status_code, demote.status_code, remove.status_code] == [403, 403, 403]
    assert organization_snapshot(team.organization.pk) == before


def test_member_owner_can_promote_to_owner(team):
    admin_member = team.members[Role.ADMIN]

    response = client_for(team.owner).patch(
        f"{BASE}/{team.organization.pk}/members/{admin_member.pk}/", {"role": "owner"}, format="json"
    )

    assert response.status_code == 200
    assert team.organization.members.filter(role=Role.OWNER).count() == 2


def test_member_last_owner_cannot_be_demoted_removed_or_leave(team):
    owner = client_for(team.owner)
    owner_member = team.members[Role.OWNER]
    before = organization_snapshot(team.organization.pk)

    demote = owner.patch(f"{BASE}/{team.organization.pk}/members/{owner_member.pk}/", {"role": "admin"}, format="json")
    remove = owner.delete(f"{BASE}/{team.organization.pk}/members/{owner_member.pk}/")
    leave = owner.post(f"{BASE}/{team.organization.pk}/leave/")

    for response in (demote, remove, leave):
        assert response.status_code == 409
        assert error_of(response)["code"] == "last_owner"
    assert organization_snapshot(team.organization.pk) == before


def test_member_owner_can_step_down_when_another_owner_exists(team, make_user):
    MembershipFactory(organization=team.organization, role=Role.OWNER, user__email="co-owner@example.com")
    owner_member = team.members[Role.OWNER]

    response = client_for(team.owner).patch(
        f"{BASE}/{team.organization.pk}/members/{owner_member.pk}/", {"role": "admin"}, format="json"
    )

    assert response.status_code == 200
    assert team.organization.members.filter(role=Role.OWNER).count() == 1


def test_member_remove_by_admin_and_member_of_other_org_is_404(team, make_user):
    viewer = team.members[Role.VIEWER]
    other = make_user(email="other@example.com")
    other_member = OrganizationMember.objects.get(user=other)

    removed = client_for(team.user(Role.ADMIN)).delete(f"{BASE}/{team.organization.pk}/members/{viewer.pk}/")
    foreign = client_for(team.user(Role.ADMIN)).delete(f"{BASE}/{team.organization.pk}/members/{other_member.pk}/")

    assert removed.status_code == 204
    assert not OrganizationMember.objects.filter(pk=viewer.pk).exists()
    assert foreign.status_code == 404
    assert OrganizationMember.objects.filter(pk=other_member.pk).exists()


def test_member_leave(team):
    response = client_for(team.user(Role.EDITOR)).post(f"{BASE}/{team.organization.pk}/leave/")

    assert response.status_code == 204
    assert not team.organization.members.filter(user=team.user(Role.EDITOR)).exists()


def test_transfer_ownership_swaps_roles(team):
    editor = team.members[Role.EDITOR]

    response = client_for(team.owner).post(
        f"{BASE}/{team.organization.pk}/transfer-ownership/", {"member_id": str(editor.pk)}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["new_owner"]["id"] == str(editor.pk)
    roles = dict(team.organization.members.values_list("user__email", "role"))
    assert roles["editor@example.com"] == "owner"
    assert roles["owner@example.com"] == "admin"


def test_transfer_ownership_rejects_self_foreign_and_non_owner(team, make_user):
    owner_member = team.members[Role.OWNER]
    foreign = OrganizationMember.objects.get(user=make_user(email="x@example.com"))
    before = organization_snapshot(team.organization.pk)
    url = f"{BASE}/{team.organization.pk}/transfer-ownership/"

    to_self = client_for(team.owner).post(url, {"member_id": str(owner_member.pk)}, format="json")
    to_foreign = client_for(team.owner).post(url, {"member_id": str(foreign.pk)}, format="json")
    bad_id = client_for(team.owner).post(url, {"member_id": "nope"}, format="json")
    by_admin = client_for(team.user(Role.ADMIN)).post(
        url, {"member_id": str(team.members[Role.EDITOR].pk)}, format="json"
    )

    assert (to_self.status_code, to_foreign.status_code, bad_id.status_code, by_admin.status_code) == (
        400,
        400,  # a member of another organization is invalid input here, like an unknown id (no existence leak)
        400,
        403,
    )
    assert to_foreign.json()["error"]["details"]["member_id"] == ["Not a member of this organization."]
    assert organization_snapshot(team.organization.pk) == before


# --------------------------------------------------------------------------- workspaces


def test_workspace_create_list_update(team):
    admin = client_for(team.user(Role.ADMIN))

    created = admin.post(
        f"{BASE}/workspaces/", {"organization_id": str(team.organization.pk), "name": "Launch"}, format="json"
    )
    listed = admin.get(f"{BASE}/workspaces/", {"organization_id": str(team.organization.pk)})
    updated = admin.patch(f"{BASE}/workspaces/{created.json()['id']}/", {"description": "Q3 launch"}, format="json")

    assert created.status_code == 201, created.content
    assert created.json()["is_default"] is False
    assert [w["name"] for w in listed.json()["results"]] == ["General", "Launch"]
    assert updated.status_code == 200
    assert updated.json()["description"] == "Q3 launch"


def test_workspace_create_without_organization_id_uses_the_only_membership(user):
    put_on_plan(OrganizationMember.objects.get(user=user).organization, "pro")

    response = client_for(user).post(f"{BASE}/workspaces/", {"name": "Second"}, format="json")

    assert response.status_code == 201


def test_workspace_create_without_organization_id_is_400_for_several_memberships(team):
    response = client_for(team.owner).post(f"{BASE}/workspaces/", {"name": "Second"}, format="json")

    assert response.status_code == 400
    assert "organization_id" in error_of(response)["details"]


@pytest.mark.parametrize("name", ["", "z" * 10_240])
def test_workspace_create_rejects_bad_names(team, name):
    before = organization_snapshot(team.organization.pk)

    response = client_for(team.owner).post(
        f"{BASE}/workspaces/", {"organization_id": str(team.organization.pk), "name": name}, format="json"
    )

    assert response.status_code == 400
    assert organization_snapshot(team.organization.pk) == before


def test_workspace_duplicate_name_is_409_case_insensitive(team):
    response = client_for(team.owner).post(
        f"{BASE}/workspaces/", {"organization_id": str(team.organization.pk), "name": "GENERAL"}, format="json"
    )

    assert response.status_code == 409
    assert error_of(response)["code"] == "workspace_name_taken"
    assert team.organization.workspaces.count() == 1


def test_workspace_create_in_foreign_organization_is_404(team, make_user):
    stranger = make_user(email="stranger@example.com")

    response = client_for(stranger).post(
        f"{BASE}/workspaces/", {"organization_id": str(team.organization.pk), "name": "Intrusion"}, format="json"
    )

    assert response.status_code == 404
    assert team.organization.workspaces.count() == 1


def test_workspace_delete_refuses_last_and_non_empty_workspace(team):
    default = team.organization.workspaces.get()
    owner = client_for(team.owner)

    last = owner.delete(f"{BASE}/workspaces/{default.pk}/")
    extra = Workspace.objects.create(organization=team.organization, name="Extra")
    Content.objects.create(
        organization=team.organization, workspace=extra, platform="twitter", tone="casual", prompt="p"
    )
    non_empty = owner.delete(f"{BASE}/workspaces/{extra.pk}/")

    assert last.status_code == 409
    assert error_of(last)["code"] == "last_workspace"
    assert non_empty.status_code == 409
    assert error_of(non_empty)["code"] == "workspace_not_empty"
    assert team.organization.workspaces.count() == 2


def test_workspace_delete_default_moves_default_to_oldest_remaining(team):
    default = team.organization.workspaces.get()
    extra = Workspace.objects.create(organization=team.organization, name="Extra")

    response = client_for(team.owner).delete(f"{BASE}/workspaces/{default.pk}/")

    assert response.status_code == 204
    extra.refresh_from_db()
    assert extra.is_default
    assert Workspace.objects.filter(organization=team.organization, is_default=True).count() == 1


def test_workspace_a_second_default_is_refused_by_the_database(team):
    second = Workspace.objects.create(organization=team.organization, name="Second")

    with pytest.raises(IntegrityError), transaction.atomic():
        Workspace.objects.filter(pk=second.pk).update(is_default=True)

    assert Workspace.objects.filter(organization=team.organization, is_default=True).count() == 1
    Workspace.objects.create(organization=team.organization, name="Not default")  # many non-defaults are fine


def test_error_bodies_use_the_spec_shape(team):
    response = client_for(team.user(Role.VIEWER)).patch(
        f"{BASE}/{team.organization.pk}/", {"name": "Nope"}, format="json"
    )

    assert response.status_code == 403
    assert set(response.json()["error"]) == {"code", "message", "details"}


def test_membership_get_treats_malformed_organization_id_as_not_found(user):
    from apps.common.exceptions import NotFound
    from apps.organizations.selectors import membership_get

    with pytest.raises(NotFound):
        membership_get(user=user, organization_id="not-a-uuid")
