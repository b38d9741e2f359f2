"""An API key limited to one workspace stays in it (issue 25 items 1 and 2, docs/api-keys.md): the
trash lists that workspace's content only, a move into or out of another workspace is 404, and a
generation naming another workspace's template learns nothing of it."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from apps.brand.models import PromptTemplate
from apps.content.models import Content, ContentVersion
from apps.organizations.models import Role
from apps.organizations.services import api_key_create
from tests.factories import ContentFactory, WorkspaceFactory, put_on_plan
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def workspaces(owner, org):
    """The organization's workspace ``mine`` (the key's) and ``other`` (not the key's)."""
    put_on_plan(org, "team")
    return org.workspaces.get(), WorkspaceFactory(organization=org, name="Other", created_by=owner)


@pytest.fixture
def key_client(owner, org, workspaces) -> APIClient:
    _, secret = api_key_create(
        user=owner, organization_id=org.pk, name="CI bot", role=Role.EDITOR, workspace_id=workspaces[0].pk
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def _trashed(org, workspace, text: str) -> Content:
    content = ContentFactory(organization=org, workspace=workspace, prompt=f"{text} prompt", versions=(text,))
    Content.objects.filter(pk=content.pk).update(deleted_at=timezone.now())
    return content


def _error(response) -> tuple[int, str, str]:
    error = response.json()["error"]
    return response.status_code, error["code"], error["message"]


# --------------------------------------------------------------------------- the trash (item 1)


def test_trash_list_with_a_workspace_key_shows_its_workspace_only(key_client, org, workspaces):
    mine, other = workspaces
    kept = _trashed(org, mine, "Mine")
    hidden = _trashed(org, other, "Other secret text")

    response = key_client.get(reverse("content:trash"), {"organization_id": str(org.pk)})

    assert response.status_code == 200, response.content
    assert [row["id"] for row in response.json()["results"]] == [str(kept.pk)]
    assert str(hidden.pk) not in response.content.decode() and "Other secret text" not in response.content.decode()


def test_trash_list_with_a_workspace_key_on_another_workspace_is_404_like_a_missing_one(key_client, org, workspaces):
    mine, other = workspaces
    _trashed(org, other, "Other secret text")

    response = key_client.get(reverse("content:trash"), {"organization_id": str(org.pk), "workspace_id": str(other.pk)})
    missing = key_client.get(
        reverse("content:trash"), {"organization_id": str(org.pk), "workspace_id": str(uuid.uuid4())}
    )

    assert _error(response) == _error(missing) == (404, "not_found", "Workspace not found.")
    own = key_client.get(reverse("content:trash"), {"organization_id": str(org.pk), "workspace_id": str(mine.pk)})
    assert own.status_code == 200 and own.json()["count"] == 0


def test_trash_list_of_a_member_still_shows_every_workspace(owner, org, workspaces):
    mine, other = workspaces
    trashed = {str(_trashed(org, mine, "Mine").pk), str(_trashed(org, other, "Other").pk)}

    response = client_for(owner).get(reverse("content:trash"), {"organization_id": str(org.pk)})

    assert {row["id"] for row in response.json()["results"]} == trashed


# --------------------------------------------------------------------------- move (item 2)


def test_move_with_a_workspace_key_into_another_workspace_is_404_and_moves_nothing(key_client, org, workspaces):
    mine, other = workspaces
    content = ContentFactory(organization=org, workspace=mine, versions=("Mine",))
    url = reverse("content:move", kwargs={"content_id": content.pk})

    response = key_client.post(url, {"workspace_id": str(other.pk)}, format="json")
    missing = key_client.post(url, {"workspace_id": str(uuid.uuid4())}, format="json")

    assert _error(response) == _error(missing) == (404, "not_found", "Workspace not found.")
    content.refresh_from_db()
    assert content.workspace_id == mine.pk
    assert set(ContentVersion.objects.filter(content=content).values_list("workspace_id", flat=True)) == {mine.pk}


def test_move_with_a_workspace_key_out_of_another_workspace_is_404(key_client, org, workspaces):
    mine, other = workspaces
    theirs = ContentFactory(organization=org, workspace=other, versions=("Other",))

    response = key_client.post(
        reverse("content:move", kwargs={"content_id": theirs.pk}), {"workspace_id": str(mine.pk)}, format="json"
    )

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.workspace_id == other.pk


def test_move_with_a_workspace_key_into_its_own_workspace_is_a_no_op(key_client, org, workspaces):
    mine, _ = workspaces
    content = ContentFactory(organization=org, workspace=mine, versions=("Mine",))

    response = key_client.post(
        reverse("content:move", kwargs={"content_id": content.pk}), {"workspace_id": str(mine.pk)}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["workspace_id"] == str(mine.pk)


def test_move_by_an_organization_wide_key_still_moves(owner, org, workspaces):
    mine, other = workspaces
    _, secret = api_key_create(user=owner, organization_id=org.pk, name="CI", role=Role.EDITOR)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    content = ContentFactory(organization=org, workspace=mine, versions=("Mine",))

    response = client.post(
        reverse("content:move", kwargs={"content_id": content.pk}), {"workspace_id": str(other.pk)}, format="json"
    )

    assert response.status_code == 200, response.content
    content.refresh_from_db()
    assert content.workspace_id == other.pk


# --------------------------------------------------------------------------- generation from a template


def test_generate_with_a_workspace_key_and_another_workspaces_template_reveals_nothing_of_it(
    key_client, owner, org, workspaces
):
    """The workspace is checked before the template is read: no 400 listing the template's variables."""
    _, other = workspaces
    template = PromptTemplate.objects.create(
        organization=org,
        workspace=other,
        name="Other's template",
        body="Secret launch of {codename}",
        variables=["codename"],
        created_by=owner,
    )
    body = {
        "organization_id": str(org.pk),
        "platform": "twitter",
        "tone": "casual",
        "ai_provider": "offline",
        "template_id": str(template.pk),
        "variables": {},
    }

    response = key_client.post(reverse("content:generate"), {**body, "workspace_id": str(other.pk)}, format="json")
    missing = key_client.post(reverse("content:generate"), {**body, "workspace_id": str(uuid.uuid4())}, format="json")
    without_workspace = key_client.post(reverse("content:generate"), body, format="json")

    assert _error(response) == _error(missing) == (404, "not_found", "Workspace not found.")
    assert "codename" not in response.content.decode()
    assert without_workspace.status_code == 404 and "codename" not in without_workspace.content.decode()
    assert not Content.objects.filter(organization=org).exists()
