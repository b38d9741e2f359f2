"""Tenant-isolation factories for the routes of /api/v1/scheduling/ (see test_isolation.py)."""

from collections.abc import Callable

from apps.organizations.models import Organization
from apps.scheduling.models import ScheduledPost
from apps.users.models import User
from tests.factories import ContentFactory, OutboxMessageFactory, ScheduledPostFactory


def _post(organization: Organization, owner: User) -> ScheduledPost:
    content = ContentFactory(
        organization=organization, created_by=owner, prompt="victim prompt", versions=("victim text",)
    )
    post = ScheduledPostFactory(content=content)
    OutboxMessageFactory(scheduled_post=post)
    return post


FACTORIES: dict[str, Callable[[Organization, User], dict[str, str]]] = {
    "scheduling:list": lambda organization, owner: _post(organization, owner) and {},
    "scheduling:schedule": lambda organization, owner: _post(organization, owner) and {},
    "scheduling:detail": lambda organization, owner: {"id": str(_post(organization, owner).pk)},
    "scheduling:cancel": lambda organization, owner: {"id": str(_post(organization, owner).pk)},
}

EXEMPT: dict[str, str] = {
    "scheduling:service-media": (
        "called by the Node.js scheduler, authenticated by the shared SCHEDULER_SERVICE_TOKEN (no user, no JWT): "
        "a user token gets 401; it answers only for posts still to go out, by their unguessable id"
    ),
    "scheduling:service-channel-token": (
        "called by the Node.js scheduler, authenticated by the shared SCHEDULER_SERVICE_TOKEN (no user, no JWT): "
        "a user token gets 401; it answers only for posts still to go out that have a channel, by their unguessable id"
    ),
    "scheduling:callback": (
        "called by the Node.js scheduler, authenticated by the shared SCHEDULER_SERVICE_TOKEN (no user, no JWT): "
        "a user token gets 401; the job_id it names is an unguessable scheduler id, not an organization filter"
    ),
}
