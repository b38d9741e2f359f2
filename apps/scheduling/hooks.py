"""What scheduling plugs into the other apps (installed by ``SchedulingConfig.ready()``): the
organization deletion guard and purge, and the housekeeping job."""

from apps.common.housekeeping import register_job
from apps.organizations import deletion
from apps.organizations.exceptions import ScheduledPostsActive
from apps.organizations.models import Organization
from apps.scheduling.models import ACTIVE_STATUSES, ScheduledPost
from apps.scheduling.outbox import outbox_messages_housekeeping


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
