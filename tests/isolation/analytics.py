"""Tenant-isolation factories for the routes of /api/v1/analytics/ (see test_isolation.py)."""

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from apps.organizations.models import Organization
from apps.users.models import User
from tests.factories import ContentFactory, ScheduledPostFactory


def _victim_activity(organization: Organization, owner: User) -> dict[str, str]:
    content = ContentFactory(
        organization=organization,
        created_by=owner,
        prompt="Victim secret prompt",
        versions=("Victim secret text",),
        versions__model="offline-template-v1",
    )
    ScheduledPostFactory(
        content=content,
        scheduled_at=timezone.now() - timedelta(hours=1),
        status="failed",
        last_error="Victim secret failure",
    )
    return {}


FACTORIES: dict[str, Callable[[Organization, User], dict[str, str]]] = {
    "analytics:generation": _victim_activity,
    "analytics:publishing": _victim_activity,
    "analytics:quota": _victim_activity,
}

EXEMPT: dict[str, str] = {}
