"""Tenant-isolation factories for the routes of /api/v1/planner/ (see test_isolation.py): each makes a
schedule with slots, a queued post, a recurring series and an evergreen content in the victim's
default workspace, and returns the URL kwargs of the route. The ``?channel_id=`` variants of these
routes (a channel's schedule and queue) are walked by test_planner_channels.py beside this module."""

from collections.abc import Callable
from datetime import time

from apps.organizations.models import Organization
from apps.organizations.selectors import workspace_default
from apps.planner.evergreen import evergreen_mark
from apps.planner.recurrence import series_create
from apps.planner.services import queue_add, schedule_replace
from apps.users.models import User
from tests.factories import ContentFactory


def _planned(organization: Organization, owner: User) -> dict[str, str]:
    workspace = workspace_default(organization_id=organization.pk)
    content = ContentFactory(
        organization=organization, workspace=workspace, created_by=owner, versions=("victim planned text",)
    )
    schedule_replace(
        user=owner,
        workspace_id=workspace.pk,
        timezone_name="Europe/Berlin",
        slots=[{"weekday": day, "local_time": time(9)} for day in range(7)],
    )
    entry = queue_add(user=owner, workspace_id=workspace.pk, content_id=content.pk)
    series = series_create(
        user=owner,
        workspace_id=workspace.pk,
        content_id=content.pk,
        frequency="weekly",
        weekdays=[1],
        local_time=time(8),
    )
    evergreen_mark(user=owner, workspace_id=workspace.pk, content_id=content.pk)
    return {
        "workspace_id": str(workspace.pk),
        "entry_id": str(entry.pk),
        "series_id": str(series.pk),
        "content_id": str(content.pk),
    }


def _only(*names: str) -> Callable[[Organization, User], dict[str, str]]:
    def factory(organization: Organization, owner: User) -> dict[str, str]:
        kwargs = _planned(organization, owner)
        return {name: kwargs[name] for name in names}

    return factory


_WORKSPACE = _only("workspace_id")

FACTORIES: dict[str, Callable[[Organization, User], dict[str, str]]] = {
    "planner:schedule": _WORKSPACE,
    "planner:queue": _WORKSPACE,
    "planner:queue-reorder": _WORKSPACE,
    "planner:queue-pause": _WORKSPACE,
    "planner:queue-resume": _WORKSPACE,
    "planner:queue-entry": _only("workspace_id", "entry_id"),
    "planner:recurrences": _WORKSPACE,
    "planner:recurrence": _only("series_id"),
    "planner:evergreen": _WORKSPACE,
    "planner:evergreen-content": _only("workspace_id", "content_id"),
    "planner:calendar": _WORKSPACE,
}

EXEMPT: dict[str, str] = {}
