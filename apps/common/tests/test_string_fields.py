"""Our input string fields refuse a JSON number, boolean, list or object instead of coercing it to a string
(found by schemathesis, scripts/schemathesis_run.py: each was stored as its Python repr before the fix)."""

import pytest

from apps.organizations.models import Organization
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", [0, 12.5, True, ["x"], {"a": 1}])
def test_string_fields_refuse_json_non_strings(user, value):
    organization = Organization.objects.get(members__user=user)

    response = client_for(user).patch(f"/api/v1/organizations/{organization.pk}/", data={"name": value}, format="json")

    assert response.status_code == 400
    assert "name" in response.json()["error"]["details"]
    organization.refresh_from_db()
    assert organization.name != str(value)
