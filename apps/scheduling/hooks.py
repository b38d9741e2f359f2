"""What scheduling plugs into the lower apps (installed by ``SchedulingConfig.ready()``): the
organization deletion guard and purge, the housekeeping job, the periodic outbox sweep, and the
content events (deleting content cancels its posts; trashed content is purged only once its posts
are finished), the media library's "in use" question (media of a post still to go out), and the
channels' reconnection (the posts held for a channel go)."""

from collections.abc import Iterable, Sequence
from uuid import UUID

from apps.common.events import Event, subscribe
from apps.common.housekeeping import register_job
from apps.common.tasks import register_periodic_task
from apps.content import transitions as content_transitions
from apps.content.attachments import media_in_use_by_posts
from apps.media.usage import register_in_use
from apps.organizations import deletion
from apps.organizations.models import Organization
from apps.scheduling.exceptions import ScheduledPostsActive
from apps.scheduling.metrics import post_metrics_ensure_scheduled
from apps.scheduling.models import ACTIVE_STATUSES, ScheduledPost
from apps.scheduling.outbox import channel_posts_resume, outbox_messages_housekeeping, sweep_ensure_scheduled
from apps.scheduling.services import content_purge_filter, scheduled_posts_cancel_for_content


def deletion_guard(organization: Organization) -> None:
    """Deleting live posts here would not reach the scheduler: the posts would still go out."""
    active_posts = ScheduledPost.objects.filter(organization=organization, status__in=ACTIVE_STATUSES).count()
    if active_posts:
        raise ScheduledPostsActive(details={"active_scheduled_posts": active_posts})


def organization_purge(organization: Organization) -> None:
    """The organization's posts (with their outbox messages), before content's purge: a post points at
    its content version (``RESTRICT``), so posts go first (``purge_before``)."""
    ScheduledPost.objects.filter(organization=organization).delete()


def media_in_use(media_ids: Iterable[UUID]) -> set[UUID]:
    """The media attached to the version of a post still to go out (pending or queued): the library
    keeps them (409 on deletion) until the post is published, failed or cancelled."""
    active_versions = ScheduledPost.objects.filter(status__in=ACTIVE_STATUSES).values("content_version_id")
    return media_in_use_by_posts(media_ids, active_version_ids=active_versions)


def channel_events(events: Sequence[Event]) -> None:
    """A channel connected again: the posts held for it go now."""
    for event in events:
        if event.type == "channel.connected" and event.data.get("reconnected"):
            channel_posts_resume(channel_id=event.target_id)


def install() -> None:
    subscribe("scheduling", channel_events)
    deletion.register("scheduling", guard=deletion_guard, purge=organization_purge, purge_before=("content",))
    register_job("outbox_messages_pruned", outbox_messages_housekeeping)
    register_periodic_task("scheduling_sweep", sweep_ensure_scheduled)
    register_periodic_task("post_metrics", post_metrics_ensure_scheduled)
    content_transitions.subscribe(content_transitions.DELETED, "scheduling", scheduled_posts_cancel_for_content)
    content_transitions.register_purge_filter("scheduling", content_purge_filter)
    register_in_use("scheduling", media_in_use)
