"""The event types an endpoint may subscribe to. Adding one is one line here (and the ``emit`` call
where it happens); every other domain event is recorded by the audit log only."""

EVENT_TYPES: dict[str, str] = {
    "content.generated": "A new version of a content was generated (new content or regeneration).",
    "content.approved": "A version of a content was approved (data.version; data.comment).",
    "post.scheduled": "A post was scheduled for publication.",
    "post.published": "A scheduled post was published.",
    "post.failed": "A scheduled post failed to publish (the reason is in data.error).",
    "post.cancelled": "A scheduled post was cancelled.",
    "channel.reconnect_required": "A channel's tokens were refused by its network: an admin must connect it again "
    "(data.channel_id, network, handle, reason); its posts wait meanwhile.",
    "quota.threshold": "The organization used 80 % or 100 % of a quota of its billing period (once each).",
    "subscription.changed": "The organization's plan or subscription status changed.",
}
