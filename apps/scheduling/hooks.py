"""What scheduling plugs into the other apps (installed by ``SchedulingConfig.ready()``): the
organization deletion guard and purge, the housekeeping job, and the content events (deleting
content cancels its posts; trashed content is purged only once its posts are finished)."""

from apps.common.housekeeping import register_job
from apps.content import events as content_events
from apps.organizations import deletion
from apps.organizations.exceptions import ScheduledPostsActive
from apps.organizations.models import Organization
from apps.scheduling.models import ACTIVE_STATUSES, ScheduledPost
from apps.scheduling.outbox import outbox_messages_housekeeping
from apps.scheduling.services import content_purge_filter, scheduled_posts_cancel_for_content


def deletion_guard(organization: Organization) -> None:
    """Deleting live posts here would not reach the scheduler: the posts would still go out."""
    active_posts = ScheduledPost.objects.filter(organization=organization, status__in=ACTIVE_STATUSES).count()
    if active_posts:
        raise ScheduledPostsActive(details={"active_scheduled_posts": active_posts})


def organization_purge(organization: Organization) -> None:
    """A scheduled post protects its content version (``PROTECT``): it goes before the content."""
    ScheduledPost.objects.filter(organization=organization).delete()


def install() -> None:
    deletion.register(guard=deletion_guard, purge=organization_purge)
    register_job("outbox_messages_pruned", outbox_messages_housekeeping)
    content_events.subscribe(content_events.DELETED, scheduled_posts_cancel_for_content)
    content_events.register_purge_filter(content_purge_filter)
