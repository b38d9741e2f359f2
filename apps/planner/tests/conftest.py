"""Fixtures of the planner tests: a workspace of ``user``'s organization with content in it."""

import pytest

from apps.organizations.selectors import workspace_default
from tests.factories import ContentFactory


@pytest.fixture
def workspace(org):
    return workspace_default(organization_id=org.pk)


@pytest.fixture
def make_content(org, user, workspace):
    counter = {"n": 0}

    def _make(**kwargs):
        counter["n"] += 1
        text = kwargs.pop("text", f"Planner post number {counter['n']}: something worth reading.")
        return ContentFactory(organization=org, workspace=workspace, created_by=user, versions=(text,), **kwargs)

    return _make


@pytest.fixture
def base(workspace) -> str:
    return f"/api/v1/planner/workspaces/{workspace.pk}"
