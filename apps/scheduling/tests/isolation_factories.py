"""Tenant-isolation factories for the routes of /api/v1/scheduling/ (see organizations' test_isolation.py)."""

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from apps.content.models import Content, ContentVersion
from apps.organizations.models import Organization, Workspace
from apps.scheduling.models import OutboxKind, OutboxMessage, ScheduledPost
from apps.users.models import User


def _post(organization: Organization, owner: User) -> ScheduledPost:
    workspace = Workspace.objects.filter(organization=organization).first() or Workspace.objects.create(
        organization=organization, name="Victim space", created_by=owner
    )
    content = Content.objects.create(
        organization=organization,
        workspace=workspace,
        created_by=owner,
        platform="twitter",
        tone="casual",
        prompt="victim prompt",
        current_version=1,
        current_text="victim text",
    )
    version = ContentVersion.objects.create(content=content, version=1, text="victim text", source="generated")
    post = ScheduledPost.objects.create(
        organization=organization,
        content=content,
        content_version=version,
        text=version.text,
        platform="twitter",
        scheduled_at=timezone.now() + timedelta(days=1),
        backend="local",
        created_by=owner,
    )
    OutboxMessage.objects.create(scheduled_post=post, kind=OutboxKind.SCHEDULE, idempotency_key=f"schedule:{post.id}")
    return post


FACTORIES: dict[str, Callable[[Organization, User], dict[str, str]]] = {
    "scheduling:list": lambda organization, owner: _post(organization, owner) and {},
    "scheduling:schedule": lambda organization, owner: _post(organization, owner) and {},
    "scheduling:detail": lambda organization, owner: {"id": str(_post(organization, owner).pk)},
    "scheduling:cancel": lambda organization, owner: {"id": str(_post(organization, owner).pk)},
}

EXEMPT: dict[str, str] = {
    "scheduling:callback": (
        "called by the Node.js scheduler, authenticated by the shared SCHEDULER_SERVICE_TOKEN (no user, no JWT): "
        "a user token gets 401; the job_id it names is an unguessable scheduler id, not an organization filter"
    ),
}
