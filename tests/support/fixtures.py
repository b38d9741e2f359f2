"""Fixtures shared by the suites of several apps, registered for every test by the root conftest
(``pytest_plugins``): a database that cannot be reached, and ``team`` (an organization with one
member per role, used by the organizations, media and channels suites; a module may define its own)."""

import pytest
from django.db import connections
from django.db.utils import load_backend


@pytest.fixture
def unreachable_database():
    """Swaps in, as the default connection, a real connection to a database that cannot be reached
    (PostgreSQL: a closed port; SQLite: a file in a missing directory). Nothing is mocked: the
    driver really fails to connect. The test's own connection is put back afterwards."""
    original = connections["default"]
    settings_dict = dict(original.settings_dict)
    if original.vendor == "postgresql":
        settings_dict.update(PORT="1", HOST="127.0.0.1")
        # Without the pool: Django keeps one pool per alias, whose connections still reach the real database.
        options = {k: v for k, v in settings_dict.get("OPTIONS", {}).items() if k != "pool"}
        settings_dict["OPTIONS"] = {**options, "connect_timeout": 1}
    else:
        settings_dict["NAME"] = "/nonexistent-directory/db.sqlite3"
    broken = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")
    connections["default"] = broken
    try:
        yield
    finally:
        connections["default"] = original


@pytest.fixture
def team(make_user):
    """A Team-plan organization with one member per role (owner, admin, editor, viewer)."""
    # Imported here: this plugin module is loaded before Django is set up, models cannot be yet.
    from apps.organizations.models import OrganizationMember, Role
    from apps.organizations.services import organization_create
    from tests.factories import MembershipFactory, put_on_plan
    from tests.support.organizations import Team

    owner = make_user(email="owner@example.com")
    organization = organization_create(owner=owner, name="Acme")
    put_on_plan(organization, "team")
    members = {Role.OWNER: OrganizationMember.objects.get(organization=organization, user=owner)}
    for role in (Role.ADMIN, Role.EDITOR, Role.VIEWER):
        members[role] = MembershipFactory(
            organization=organization, role=role, user=make_user(email=f"{role}@example.com")
        )
    return Team(organization=organization, owner=owner, members=members)
