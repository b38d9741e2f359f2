"""Fixtures of the users tests: snapshots proving that bad input changed nothing."""

import pytest
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from apps.organizations.models import Organization
from apps.users.models import User


def _snapshot() -> dict:
    return {
        "users": sorted(User.objects.values_list("id", "email", "first_name", "last_name", "is_active", "is_staff")),
        "organizations": Organization.objects.count(),
        "outstanding": OutstandingToken.objects.count(),
        "blacklisted": sorted(BlacklistedToken.objects.values_list("token__jti", flat=True)),
    }


@pytest.fixture
def snapshot(db):
    """``before = snapshot()`` … ``assert snapshot() == before``: users, organizations and tokens unchanged."""
    return _snapshot
