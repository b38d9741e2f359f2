"""The audit log: each action recorded with actor, organization, target, time, IP and request id; read
and filtered by owners and admins only; nobody changes it through the API or the admin; retention."""

from datetime import timedelta

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.audit.services import audit_entries_purge
from apps.common.events import SYSTEM, Actor, actor_from_request, emit
from apps.common.housekeeping import registered_jobs
from apps.organizations import services as org_services
from apps.organizations.invitation_email import token_hash
from apps.organizations.models import Invitation, OrganizationMember, Role
from apps.organizations.services import organization_create
from apps.subscriptions.models import Plan
from apps.subscriptions.services import subscription_manual_grant
from apps.users.account_tokens import password_reset_tokens
from apps.users.services import password_reset_confirm
from tests.factories import MembershipFactory, WorkspaceFactory, put_on_plan
from tests.support.clients import client_for
from tests.support.users import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/api/v1/audit/entries/"


def entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("occurred_at"))


# --------------------------------------------------------------------------- account events


def test_sign_in_is_recorded_in_each_organization_of_the_user_with_ip_and_request_id(api_client, user, org):
    team = organization_create(owner=user, name="Team")

    response = api_client.post(
        "/api/v1/auth/login/",
        {"email": user.email, "password": PASSWORD},
        format="json",
        HTTP_X_REQUEST_ID="req-login-1",
        REMOTE_ADDR="203.0.113.9",
    )

    assert response.status_code == 200
    recorded = entries("auth.signed_in")
    assert {e.organization_id for e in recorded} == {org.pk, team.pk}
    for entry in recorded:
        assert (entry.actor_type, entry.actor_user_id, entry.actor_label) == ("user", user.pk, user.email)
        assert (entry.target_type, entry.target_id) == ("user", str(user.pk))
        assert (entry.ip, entry.request_id) == ("203.0.113.9", "req-login-1")
    assert len({e.event_id for e in recorded}) == 1


def test_a_failed_sign_in_is_recorded_in_each_organization_of_the_user_with_ip_and_the_email_tried(
    api_client, user, org
):
    team = organization_create(owner=user, name="Team")

    response = api_client.post(
        "/api/v1/auth/login/",
        {"email": user.email.upper(), "password": "wrong-password-0"},
        format="json",
        HTTP_X_REQUEST_ID="req-login-2",
        REMOTE_ADDR="203.0.113.7",
    )

    assert response.status_code == 401
    recorded = entries("auth.sign_in_failed")
    assert {e.organization_id for e in recorded} == {org.pk, team.pk}
    for entry in recorded:
        assert (entry.actor_type, entry.actor_user_id, entry.actor_label) == ("anonymous", None, "anonymous")
        assert (entry.target_type, entry.target_id) == ("user", str(user.pk))
        assert (entry.ip, entry.request_id) == ("203.0.113.7", "req-login-2")
        assert entry.data == {"email": user.email}  # as the throttle counts it; never the password
    assert "wrong-password-0" not in str([vars(e) for e in AuditEntry.objects.all()])
    assert not entries("auth.signed_in")


def test_a_failed_sign_in_for_an_unknown_email_is_recorded_in_no_organization(api_client, user, org):
    """Only the staff (Django admin) see it: no organization's owners, so it names no one to them. The
    client's answer is the one a wrong password gets (no enumeration)."""
    unknown = api_client.post(
        "/api/v1/auth/login/", {"email": "nobody@example.com", "password": "wrong-password-0"}, format="json"
    )
    wrong = api_client.post("/api/v1/auth/login/", {"email": user.email, "password": "wrong-password-0"}, format="json")

    assert (unknown.status_code, unknown.json()) == (wrong.status_code, wrong.json())
    (entry,) = AuditEntry.objects.filter(action="auth.sign_in_failed", data__email="nobody@example.com")
    assert (entry.organization_id, entry.target_type, entry.target_id) == (None, "", "")
    assert entry.actor_type == "anonymous"


def test_a_throttled_sign_in_records_nothing(api_client, user, org, settings):
    """The throttles bound what an anonymous client can write to the log: a 429 writes nothing."""
    settings.LOGIN_RATE_PER_EMAIL = "1/minute"
    body = {"email": user.email, "password": "wrong-password-0"}

    statuses = [api_client.post("/api/v1/auth/login/", body, format="json").status_code for _ in range(3)]

    assert statuses == [401, 429, 429]
    assert len(entries("auth.sign_in_failed")) == 1


def test_sign_out_and_password_change_are_recorded(api_client, user, org):
    tokens = api_client.post("/api/v1/auth/login/", {"email": user.email, "password": PASSWORD}, format="json").json()
    client = client_for(user)

    client.post("/api/v1/auth/logout/", {"refresh": tokens["refresh"]}, format="json")
    client.post(
        "/api/v1/auth/password/change/",
        {"current_password": PASSWORD, "new_password": "another-horse-battery-7"},
        format="json",
    )

    assert [e.actor_user_id for e in entries("auth.signed_out")] == [user.pk]
    assert [e.actor_user_id for e in entries("auth.password_changed")] == [user.pk]


def test_password_reset_by_token_names_the_user_as_actor(user, org):
    password_reset_confirm(token=password_reset_tokens.make(user), new_password="another-horse-battery-7")

    [entry] = entries("auth.password_reset")
    assert (entry.actor_type, entry.actor_user_id, entry.organization_id) == ("user", user.pk, org.pk)


# --------------------------------------------------------------------------- organization events


def test_invitation_join_role_change_removal_and_transfer_are_recorded(user, make_user):
    team = organization_create(owner=user, name="Team")
    put_on_plan(team, "team")
    invitation = org_services.invitation_create(
        user=user, organization_id=team.pk, email="bob@example.com", role="viewer"
    )
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=token_hash("tok"))
    bob = make_user(email="bob@example.com")
    member = org_services.invitation_accept(user=bob, token="tok")
    org_services.member_change_role(user=user, organization_id=team.pk, member_id=member.pk, role=Role.EDITOR)
    org_services.organization_transfer_ownership(user=user, organization_id=team.pk, member_id=member.pk)
    carol = MembershipFactory(organization=team, role=Role.VIEWER)
    org_services.member_remove(user=bob, organization_id=team.pk, member_id=carol.pk)

    [invited] = entries("member.invited")
    assert (invited.actor_user_id, invited.target_type, invited.data) == (
        user.pk,
        "invitation",
        {"email": "bob@example.com", "role": "viewer"},
    )
    [joined] = entries("member.joined")
    assert (joined.actor_user_id, joined.target_id, joined.organization_id) == (bob.pk, str(member.pk), team.pk)
    [changed] = entries("member.role_changed")
    assert (changed.data["from"], changed.data["to"]) == ("viewer", "editor")
    [transferred] = entries("organization.ownership_transferred")
    assert transferred.data["to_user_id"] == str(bob.pk)
    [removed] = entries("member.removed")
    assert (removed.actor_user_id, removed.target_id) == (bob.pk, str(carol.pk))


def test_workspace_and_organization_deletion_are_recorded_and_outlive_the_organization(user):
    team = organization_create(owner=user, name="Team")
    extra = WorkspaceFactory(organization=team, name="Extra")
    extra_id = str(extra.pk)

    org_services.workspace_delete(user=user, workspace=extra)
    org_services.organization_delete(user=user, organization_id=team.pk)

    assert [e.target_id for e in entries("workspace.deleted")] == [extra_id]
    [deleted] = entries("organization.deleted")
    assert deleted.organization_id == team.pk and deleted.data == {"name": "Team"}
    assert AuditEntry.objects.filter(organization_id=team.pk).count() >= 2


def test_plan_change_is_recorded(org):
    subscription = org.subscription
    team_plan = Plan.objects.get(slug="team")

    subscription_manual_grant(subscription_id=subscription.pk, plan=team_plan, status="active")

    [entry] = entries("subscription.changed")
    assert (entry.data["plan"], entry.data["previous_plan"], entry.actor_type) == ("team", "free", "system")


def test_an_event_that_rolls_back_leaves_no_entry(org):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        emit("member.role_changed", organization_id=org.pk, target=("member", "x"))
        raise RuntimeError

    assert not AuditEntry.objects.exists()


# --------------------------------------------------------------------------- actor


class _KeyAuth:
    api_key_id = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
    audit_label = "key cas_ab12"


def test_actor_is_the_api_key_when_the_request_authenticated_with_one(user):
    request = RequestFactory().get("/")
    request.user, request.auth = user, _KeyAuth()

    actor = actor_from_request(request)

    assert (actor.kind, str(actor.api_key_id), actor.label) == ("api_key", _KeyAuth.api_key_id, "key cas_ab12")


def test_actor_is_the_user_or_the_system(user):
    request = RequestFactory().get("/")
    request.user, request.auth = user, None

    assert actor_from_request(request) == Actor.for_user(user)
    assert actor_from_request(None) is SYSTEM


# --------------------------------------------------------------------------- the API


def _seed(org, user):
    other = MembershipFactory(organization=org, role=Role.EDITOR).user
    base = timezone.now() - timedelta(days=3)
    for n, (action, who) in enumerate(
        [("member.invited", user), ("member.role_changed", other), ("post.scheduled", other), ("post.cancelled", user)]
    ):
        emit(action, organization_id=org.pk, target=("thing", f"t{n}"), actor=Actor.for_user(who))
    # Spread them in time (the trigger forbids UPDATE in PostgreSQL: rewrite the rows on SQLite only).
    return other, base


def test_owner_reads_the_log_newest_first_and_filters_it(user, org):
    other, _ = _seed(org, user)
    client = client_for(user)

    everything = client.get(URL, {"organization_id": str(org.pk)}).json()
    members = client.get(URL, {"organization_id": str(org.pk), "action": "member.*"}).json()
    by_other = client.get(URL, {"organization_id": str(org.pk), "actor_user_id": str(other.pk)}).json()
    one_target = client.get(URL, {"organization_id": str(org.pk), "target_type": "thing", "target_id": "t2"}).json()
    future = client.get(
        URL, {"organization_id": str(org.pk), "since": (timezone.now() + timedelta(hours=1)).isoformat()}
    )
    past = client.get(URL, {"organization_id": str(org.pk), "until": (timezone.now() - timedelta(hours=1)).isoformat()})

    assert [r["action"] for r in everything["results"]][:4] == [
        "post.cancelled",
        "post.scheduled",
        "member.role_changed",
        "member.invited",
    ]
    assert {r["action"] for r in members["results"]} == {"member.invited", "member.role_changed"}
    assert {r["action"] for r in by_other["results"]} == {"member.role_changed", "post.scheduled"}
    assert [r["action"] for r in one_target["results"]] == ["post.scheduled"]
    assert future.json()["count"] == 0 and past.json()["count"] == 0


def test_log_is_paginated(user, org):
    for n in range(5):
        emit("member.invited", organization_id=org.pk, target=("invitation", n))

    page = client_for(user).get(URL, {"organization_id": str(org.pk), "page_size": 2}).json()

    assert page["count"] == 5 and len(page["results"]) == 2 and page["next"]


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_members_below_admin_cannot_read_the_log(org, role):
    member = MembershipFactory(organization=org, role=role).user

    response = client_for(member).get(URL, {"organization_id": str(org.pk)})

    assert response.status_code == 403


def test_admin_reads_the_log(org):
    admin = MembershipFactory(organization=org, role=Role.ADMIN).user

    assert client_for(admin).get(URL, {"organization_id": str(org.pk)}).status_code == 200


def test_another_organizations_log_is_not_found(user, make_user):
    stranger_org = OrganizationMember.objects.get(user=make_user(email="s@example.com")).organization
    emit("member.invited", organization_id=stranger_org.pk, target=("invitation", "x"))

    response = client_for(user).get(URL, {"organization_id": str(stranger_org.pk)})

    assert response.status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_offers_no_way_to_change_the_log(user, org, method):
    emit("member.invited", organization_id=org.pk, target=("invitation", "x"))

    response = getattr(client_for(user), method)(URL, {"organization_id": str(org.pk)}, format="json")

    assert response.status_code == 405
    assert AuditEntry.objects.count() == 1


def test_list_runs_a_fixed_number_of_queries(user, org, django_assert_max_num_queries):
    for n in range(10):
        emit("member.invited", organization_id=org.pk, target=("invitation", n))
    client = client_for(user)

    with django_assert_max_num_queries(5):
        assert client.get(URL, {"organization_id": str(org.pk)}).json()["count"] == 10


# --------------------------------------------------------------------------- admin and retention


def test_admin_shows_the_log_read_only(rf, user, org):
    emit("member.invited", organization_id=org.pk, target=("invitation", "x"))
    model_admin = site._registry[AuditEntry]
    request = rf.get("/admin/")
    request.user = type("Superuser", (), {"is_active": True, "is_staff": True, "is_superuser": True})()

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, AuditEntry.objects.first())
    assert not model_admin.has_delete_permission(request, AuditEntry.objects.first())


def test_retention_purge_deletes_only_entries_older_than_the_retention(org, settings):
    settings.AUDIT_RETENTION_DAYS = 30
    old = emit("member.invited", organization_id=org.pk, target=("invitation", "old"))
    emit("member.invited", organization_id=org.pk, target=("invitation", "new"))
    # Backdate by re-inserting (an UPDATE would be refused by the PostgreSQL trigger).
    row = AuditEntry.objects.get(event_id=old.id)
    AuditEntry.objects.bulk_create(
        [AuditEntry(**{**_fields(row), "id": None, "occurred_at": timezone.now() - timedelta(days=31)})]
    )

    deleted = registered_jobs()["audit_entries_purged"](batch_size=10, max_batches=5)

    assert deleted == 1
    assert AuditEntry.objects.filter(occurred_at__lt=timezone.now() - timedelta(days=30)).count() == 0
    assert AuditEntry.objects.count() == 2


def _fields(row: AuditEntry) -> dict:
    return {f.attname: getattr(row, f.attname) for f in AuditEntry._meta.fields}


def test_purge_works_in_batches(org):
    past = timezone.now() - timedelta(days=400)
    for n in range(7):
        AuditEntry.objects.create(
            event_id="7c9e6679-7425-40de-944b-e07fc1f90ae7",
            occurred_at=past,
            organization_id=org.pk,
            action="x",
            actor_type="system",
            target_id=str(n),
        )

    assert audit_entries_purge(older_than=timedelta(days=365), batch_size=3, max_batches=2) == 6
    assert AuditEntry.objects.count() == 1


def test_a_malformed_forwarded_address_is_recorded_as_no_ip(api_client, user, org, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

    response = api_client.post(
        "/api/v1/auth/login/",
        {"email": user.email, "password": PASSWORD},
        format="json",
        HTTP_X_FORWARDED_FOR="not-an-ip",
    )

    assert response.status_code == 200
    assert [e.ip for e in entries("auth.signed_in")] == [None]
