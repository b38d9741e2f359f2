"""Tenant-isolation factories for the routes of /api/v1/analytics/ (see test_isolation.py)."""

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from apps.organizations.models import Organization
from apps.scheduling.models import PostMetrics
from apps.users.models import User
from tests.factories import ContentFactory, ScheduledPostFactory
from tests.support.channels import connected_channel


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


def _victim_metrics(organization: Organization, owner: User) -> dict[str, str]:
    """A post of the victim published through a channel, with a reading."""
    channel = connected_channel(organization, owner)
    content = ContentFactory(organization=organization, created_by=owner, versions=("Victim secret text",))
    post = ScheduledPostFactory(
        content=content,
        scheduled_at=timezone.now() - timedelta(hours=2),
        status="published",
        published_at=timezone.now() - timedelta(hours=2),
        platform_post_id="victim-post-1",
        channel=channel,
    )
    PostMetrics.objects.create(post=post, checkpoint="1h", read_at=timezone.now(), likes=7, reposts=1, replies=0)
    return {}


FACTORIES: dict[str, Callable[[Organization, User], dict[str, str]]] = {
    "analytics:posts": _victim_metrics,
    "analytics:channels": _victim_metrics,
    "analytics:generation": _victim_activity,
    "analytics:publishing": _victim_activity,
    "analytics:quota": _victim_activity,
}

EXEMPT: dict[str, str] = {}
