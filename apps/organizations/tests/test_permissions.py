"""The role × endpoint permission table of docs/permissions.md, tested as a table.

Every organizations endpoint is called by an owner, an admin, an editor, a viewer and an outsider
(a user of another organization). Allowed → 2xx; a member whose role is too low → 403 with
nothing changed; an outsider → 404 with nothing changed (no existence leak).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from apps.organizations.models import ApiKey, Invitation, OrganizationMember, Role, Workspace
from apps.organizations.services import api_key_create, token_hash
from tests.factories import MembershipFactory, put_on_plan
from tests.support.clients import client_for
from tests.support.organizations import Team
from tests.support.snapshot import organization_snapshot

pytestmark = pytest.mark.django_db

BASE = "/api/v1/organizations"
OUTSIDER = "outsider"
ROLES = [Role.OWNER, Role.ADMIN, Role.EDITOR, Role.VIEWER, OUTSIDER]


@dataclass
class Objects:
    """Objects every row may target: an extra member, a pending invitation, an extra workspace."""

    team: Team
    target: OrganizationMember
    invitation: Invitation
    workspace: Workspace
    api_key: ApiKey


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    url: Callable[[Objects], str]
    minimum: str | None  # None: any authenticated user (not organization-scoped)
    body: Callable[[Objects], dict[str, Any]] | None = None
    setup: Callable[[Objects, Any], None] | None = None


def _second_owner(objects: Objects, make_user) -> None:
    MembershipFactory(organization=objects.team.organization, role=Role.OWNER, user__email="owner2@example.com")


def _free_plan(objects: Objects, make_user) -> None:
    put_on_plan(objects.team.organization, "free")


def _org(o: Objects) -> str:
    return f"{BASE}/{o.team.organization.pk}/"


TABLE = [
    Endpoint("organizations_list", "get", lambda o: f"{BASE}/", None),
    Endpoint("organizations_create", "post", lambda o: f"{BASE}/", None, lambda o: {"name": "New org"}),
    Endpoint("organizations_retrieve", "get", _org, Role.VIEWER),
    Endpoint("organizations_update", "patch", _org, Role.ADMIN, lambda o: {"name": "Renamed"}),
    Endpoint("organizations_delete", "delete", _org, Role.OWNER, setup=_free_plan),
    Endpoint("organizations_members_list", "get", lambda o: f"{_org(o)}members/", Role.VIEWER),
    Endpoint(
        "organizations_members_update",
        "patch",
        lambda o: f"{_org(o)}members/{o.target.pk}/",
        Role.ADMIN,
        lambda o: {"role": "editor"},
    ),
    Endpoint("organizations_members_remove", "delete", lambda o: f"{_org(o)}members/{o.target.pk}/", Role.ADMIN),
    Endpoint("organizations_leave", "post", lambda o: f"{_org(o)}leave/", Role.VIEWER, setup=_second_owner),
    Endpoint(
        "organizations_transfer_ownership",
        "post",
        lambda o: f"{_org(o)}transfer-ownership/",
        Role.OWNER,
        lambda o: {"member_id": str(o.target.pk)},
    ),
    Endpoint("organizations_invitations_list", "get", lambda o: f"{_org(o)}invitations/", Role.ADMIN),
    Endpoint(
        "organizations_invitations_create",
        "post",
        lambda o: f"{_org(o)}invitations/",
        Role.ADMIN,
        lambda o: {"email": "newbie@example.com", "role": "editor"},
    ),
    Endpoint(
        "organizations_invitations_revoke", "delete", lambda o: f"{_org(o)}invitations/{o.invitation.pk}/", Role.ADMIN
    ),
    Endpoint(
        "organizations_invitations_resend",
        "post",
        lambda o: f"{_org(o)}invitations/{o.invitation.pk}/resend/",
        Role.ADMIN,
    ),
    Endpoint(
        "organizations_workspaces_list",
        "get",
        lambda o: f"{BASE}/workspaces/?organization_id={o.team.organization.pk}",
        Role.VIEWER,
    ),
    Endpoint(
        "organizations_workspaces_create",
        "post",
        lambda o: f"{BASE}/workspaces/",
        Role.ADMIN,
        lambda o: {"organization_id": str(o.team.organization.pk), "name": "Launch"},
    ),
    Endpoint("organizations_workspaces_retrieve", "get", lambda o: f"{BASE}/workspaces/{o.workspace.pk}/", Role.VIEWER),
    Endpoint(
        "organizations_workspaces_update",
        "patch",
        lambda o: f"{BASE}/workspaces/{o.workspace.pk}/",
        Role.ADMIN,
        lambda o: {"name": "Renamed"},
    ),
    Endpoint("organizations_workspaces_delete", "delete", lambda o: f"{BASE}/workspaces/{o.workspace.pk}/", Role.ADMIN),
    Endpoint("organizations_api_keys_list", "get", lambda o: f"{_org(o)}api-keys/", Role.ADMIN),
    Endpoint(
        "organizations_api_keys_create",
        "post",
        lambda o: f"{_org(o)}api-keys/",
        Role.ADMIN,
        lambda o: {"name": "Deploy bot", "role": "viewer"},
    ),
    Endpoint("organizations_api_keys_retrieve", "get", lambda o: f"{_org(o)}api-keys/{o.api_key.pk}/", Role.ADMIN),
    Endpoint("organizations_api_keys_revoke", "delete", lambda o: f"{_org(o)}api-keys/{o.api_key.pk}/", Role.ADMIN),
]

RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.ADMIN: 3, Role.OWNER: 4}


def expected_status(endpoint: Endpoint, role: str) -> str:
    if endpoint.minimum is None:
        return "allowed"
    if role == OUTSIDER:
        return "404"
    return "allowed" if RANK[role] >= RANK[endpoint.minimum] else "403"


CASES = [
    pytest.param(endpoint, role, expected_status(endpoint, role), id=f"{endpoint.name}-{role}")
    for endpoint in TABLE
    for role in ROLES
]


@pytest.fixture
def objects(team, make_user) -> Objects:
    target = MembershipFactory(organization=team.organization, role=Role.VIEWER, user__email="target@example.com")
    invitation = Invitation.objects.create(
        organization=team.organization,
        email="pending@example.com",
        role=Role.VIEWER,
        token_hash=token_hash("permission-table"),
        invited_by=team.owner,
        expires_at=timezone.now() + timedelta(days=7),
    )
    workspace = Workspace.objects.create(organization=team.organization, name="Extra")
    api_key, _ = api_key_create(user=team.owner, organization_id=team.organization.pk, name="CI", role=Role.EDITOR)
    return Objects(team=team, target=target, invitation=invitation, workspace=workspace, api_key=api_key)


# Tested on its own (it needs an invitation addressed to the caller): test_invitations.py.
NOT_IN_TABLE = {("organizations:invitation-accept", "post")}


def test_permission_table_covers_every_organizations_route(objects):
    from django.urls import resolve

    from tests.routes import ROUTES

    in_table = set()
    for endpoint in TABLE:
        match = resolve(endpoint.url(objects).split("?")[0])
        in_table.add((f"{match.namespace}:{match.url_name}", endpoint.method))
    routes = {
        (route.name, method) for route in ROUTES if route.name.startswith("organizations:") for method in route.methods
    }

    assert in_table | NOT_IN_TABLE == routes


def _arrange(endpoint: Endpoint, role: str, objects: Objects, make_user):
    """The endpoint's setup, then a callable sending the request as ``role``."""
    if endpoint.setup:
        endpoint.setup(objects, make_user)
    caller = make_user(email="stranger@example.com") if role == OUTSIDER else objects.team.user(role)
    body = endpoint.body(objects) if endpoint.body else None
    return lambda: getattr(client_for(caller), endpoint.method)(endpoint.url(objects), body, format="json")


ALLOWED_CASES = [case for case in CASES if case.values[2] == "allowed"]
DENIED_CASES = [case for case in CASES if case.values[2] != "allowed"]


@pytest.mark.parametrize(("endpoint", "role", "expected"), ALLOWED_CASES)
def test_permission_table_allowed(endpoint: Endpoint, role: str, expected: str, objects: Objects, make_user):
    send = _arrange(endpoint, role, objects, make_user)

    response = send()

    assert 200 <= response.status_code < 300, (response.status_code, response.content)


@pytest.mark.parametrize(("endpoint", "role", "expected"), DENIED_CASES)
def test_permission_table_denied(endpoint: Endpoint, role: str, expected: str, objects: Objects, make_user):
    send = _arrange(endpoint, role, objects, make_user)
    before = organization_snapshot(objects.team.organization.pk)

    response = send()

    assert response.status_code == int(expected), (response.status_code, response.content)
    assert response.json()["error"]["code"] in {"permission_denied", "not_found"}
    assert organization_snapshot(objects.team.organization.pk) == before
