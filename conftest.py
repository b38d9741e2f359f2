"""Shared pytest fixtures: API clients, users with tokens, their organizations, PostgreSQL-only
markers. The fixtures of tests/fakes/ai.py (the fake AI server) and tests/support/fixtures.py are
registered for every suite here; helpers live in tests/support/ and are imported, never from a
conftest or a test module."""

import pytest
from django.conf import settings
from django.core.cache import cache
from rest_framework.test import APIClient

from apps.common.ratelimit import local_counters_reset
from tests.support.clients import client_for
from tests.support.organizations import organization_of
from tests.support.users import PASSWORD

pytest_plugins = ["tests.fakes.ai", "tests.support.fixtures", "tests.support.s3"]


def pytest_collection_modifyitems(config, items):
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):  # Django's, or apps.common's
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL (row locks and real concurrency); SQLite serializes writers. "
        "Set DATABASE_URL=postgresql://... to run it."
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _close_connection_pools(django_db_setup, django_db_blocker):
    """PostgreSQL's connection pool (issue 13) keeps connections open: close it before the test
    database is dropped, or the drop fails ("being accessed by other users")."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            # Only a pool that exists (reading ``connection.pool`` would create one).
            if connection.alias in getattr(type(connection), "_connection_pools", {}):
                connection.close_pool()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Cached plans live in the cache, rate-limit counters there (Redis) or in the process (without
    Redis): start every test clean."""
    cache.clear()
    local_counters_reset()
    yield
    cache.clear()
    local_counters_reset()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def make_user(db):
    """Create a registered user (with personal organization) through the real service."""
    from apps.organizations.services import account_register

    counter = {"n": 0}

    def _make(email: str | None = None, password: str = PASSWORD, **extra):
        counter["n"] += 1
        email = email or f"user{counter['n']}@example.com"
        return account_register(email=email, password=password, **extra)

    return _make


@pytest.fixture
def user(make_user):
    return make_user(email="alice@example.com", first_name="Alice")


@pytest.fixture
def org(user):
    """``user``'s personal organization (made at sign-up)."""
    return organization_of(user)


@pytest.fixture
def owner(make_user):
    """Another registered user, owner of their personal organization."""
    return make_user(email="owner@example.com")


@pytest.fixture
def auth_client(user) -> APIClient:
    return client_for(user)
