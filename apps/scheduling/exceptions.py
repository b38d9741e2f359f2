"""Domain errors of scheduling (the one handler turns them into the API error shape)."""

from apps.common.exceptions import (
    Conflict,
    NotFound,
    ServiceNotConfigured,
    UpstreamError,
    UpstreamTimeout,
    ValidationFailed,
)

# Client errors of an upstream (the scheduler, a publisher webhook) that are worth retrying, like a 5xx.
RETRYABLE_4XX = frozenset({408, 425, 429})


class ScheduledPostsActive(Conflict):
    """The guard scheduling registers for organization deletion (``apps.scheduling.hooks``)."""

    code = "scheduled_posts_active"
    default_message = "Cancel the organization's pending scheduled posts before deleting it."


class InvalidTransition(Conflict):
    code = "invalid_transition"
    default_message = "The scheduled post cannot move to that status from its current status."


class AlreadyScheduled(Conflict):
    code = "already_scheduled"
    default_message = "This content is already scheduled on that platform at that time."


class DeliveryInProgress(Conflict):
    code = "delivery_in_progress"
    default_message = "The post is being handed to the scheduler right now; try again in a few seconds."


class AlreadyPublished(Conflict):
    code = "already_published"
    default_message = "The scheduler says the post is already being published or was published."


class ScheduledPostNotFound(NotFound):
    code = "not_found"
    default_message = "Scheduled post not found."


class SchedulerNotConfigured(ServiceNotConfigured):
    code = "scheduler_not_configured"
    default_message = "The scheduler service is not configured (SCHEDULER_SERVICE_URL / SCHEDULER_SERVICE_TOKEN)."


class SchedulerError(UpstreamError):
    """The scheduler answered with an error. ``retryable``: 5xx, 408, 429 and transport errors."""

    code = "scheduler_error"
    default_message = "The scheduler service failed."
    retryable = True

    def __init__(self, message: str | None = None, *, retryable: bool = True, status: int | None = None) -> None:
        super().__init__(message, details={"upstream_status": status} if status is not None else None)
        self.retryable = retryable
        self.upstream_status = status


class SchedulerUnavailable(SchedulerError):
    code = "scheduler_unavailable"
    default_message = "The scheduler service is unavailable."


class SchedulerTimeout(UpstreamTimeout):
    code = "scheduler_timeout"
    default_message = "The scheduler service did not answer in time."
    retryable = True


class PublisherError(SchedulerError):
    code = "publisher_error"
    default_message = "The local publisher failed."


class PostWithoutChannel(Conflict):
    code = "post_without_channel"
    default_message = "This post targets no channel (a platform-only post): there is no channel token to give."


class ChannelPublishError(PublisherError):
    """A network refused or failed a post sent through a channel: ``retry_after`` the seconds the
    network asked us to wait (its rate limit), ``auth_refused`` when it refused the channel's token
    (the channel turns reconnect_required); ``hold``: the post waits for the channel to be
    reconnected instead of failing."""

    code = "channel_publish_error"
    default_message = "The network refused or failed the post."

    def __init__(
        self,
        message: str | None = None,
        *,
        retryable: bool = True,
        retry_after: float | None = None,
        auth_refused: bool = False,
        hold: bool = False,
    ) -> None:
        super().__init__(message, retryable=retryable)
        self.retry_after = retry_after
        self.auth_refused = auth_refused
        self.hold = hold or auth_refused


class ContentMismatch(ValidationFailed):
    code = "content_mismatch"
    default_message = "content_id does not match the job's content."


class ContentNotApproved(Conflict):
    code = "content_not_approved"
    default_message = (
        "This workspace requires approval before scheduling, and this content (or this version of it) is not approved."
    )


class DuplicatePost(Conflict):
    code = "duplicate_post"
    default_message = (
        "The same text is already scheduled or published on this platform close to that time; "
        'send "allow_duplicate": true to schedule it anyway.'
    )
