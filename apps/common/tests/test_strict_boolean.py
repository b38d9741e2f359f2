"""A JSON boolean is ``true`` or ``false``: "yes", 1 or "0" are refused (found by schemathesis) and change nothing."""

import pytest

from tests.support.clients import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["yes", 1, "0", "true"])
def test_a_json_boolean_sent_as_another_type_is_400_and_changes_nothing(user, org, value):
    url = f"/api/v1/organizations/workspaces/{org.workspaces.get().pk}/"

    response = client_for(user).patch(url, {"requires_approval": value}, format="json")

    assert response.status_code == 400 and "requires_approval" in response.json()["error"]["details"]
    assert client_for(user).get(url).json()["requires_approval"] is False


def test_a_json_boolean_true_is_taken(user, org):
    url = f"/api/v1/organizations/workspaces/{org.workspaces.get().pk}/"

    response = client_for(user).patch(url, {"requires_approval": True}, format="json")

    assert response.status_code == 200 and response.json()["requires_approval"] is True
