"""Tenant-isolation factories for the routes of /api/v1/csv/ (see test_isolation.py)."""

from collections.abc import Callable

from apps.organizations.models import Organization
from apps.users.models import User
from tests.factories import ContentFactory, ScheduledPostFactory


def _content(organization: Organization, owner: User) -> dict[str, str]:
    ContentFactory(organization=organization, created_by=owner, versions=("first", "second"))
    return {}


def _post(organization: Organization, owner: User) -> dict[str, str]:
    ScheduledPostFactory(content=ContentFactory(organization=organization, created_by=owner))
    return {}


FACTORIES: dict[str, Callable[[Organization, User], dict[str, str]]] = {
    # List / upload routes: create victim objects, return no kwargs.
    "csvio:content-export": _content,
    "csvio:scheduled-post-export": _post,
    "csvio:scheduled-post-import": _content,
}

EXEMPT: dict[str, str] = {}
