"""The wiring of the whole project in one place (a ``show_urls`` for hooks): every registry
(``apps.common.registry``), which app registered what in it (the dotted path names the app), in the
order the entries run. A new registration, a renamed hook or another order fails here: update this
map and the registries table of docs/architecture.md together."""

from apps.common.registry import registry_map

REGISTRY_MAP = {
    # domain events: every emit() calls these, in the caller's transaction
    "apps.common.events.subscribers": [
        "audit: apps.audit.services.audit_record",
        "webhooks: apps.webhooks.services.webhook_event_record",
        "scheduling: apps.scheduling.hooks.channel_events",
        "planner: apps.planner.services.queue_entries_release",
    ],
    # /health/ready's extra reports
    "apps.common.health.reports": [
        "replicas: apps.analytics.replicas.replica_report",
    ],
    # the periodic housekeeping task runs these
    "apps.common.housekeeping.jobs": [
        "idempotency_records_pruned: apps.common.idempotency.idempotency_records_housekeeping",
        "jwt_tokens_flushed: apps.users.tasks.jwt_tokens_flush_expired",
        "audit_entries_purged: apps.audit.services.audit_entries_housekeeping",
        "webhook_deliveries_pruned: apps.webhooks.delivery.webhook_deliveries_housekeeping",
        "stripe_events_pruned: apps.subscriptions.tasks.housekeeping_stripe_events",
        "usage_reservations_released: apps.subscriptions.tasks.housekeeping_usage_reservations",
        "media_pending_uploads_expired: apps.media.deletion.housekeeping_pending_uploads",
        "media_objects_swept: apps.media.deletion.housekeeping_media_objects",
        "channel_connect_attempts_pruned: apps.channels.services.connect_attempts_housekeeping",
        "content_trash_purged: apps.content.services.lifecycle.content_trash_purge",
        "outbox_messages_pruned: apps.scheduling.outbox.outbox_messages_housekeeping",
    ],
    # the self-rescheduling chains migrate starts (one post_migrate receiver)
    "apps.common.tasks.periodic_tasks": [
        "housekeeping: apps.common.housekeeping.housekeeping_ensure_scheduled",
        "webhooks_sweep: apps.webhooks.delivery.webhooks_sweep_ensure_scheduled",
        "channels_refresh: apps.channels.tasks.channels_refresh_ensure_scheduled",
        "scheduling_sweep: apps.scheduling.outbox.sweep_ensure_scheduled",
        "post_metrics: apps.scheduling.metrics.post_metrics_ensure_scheduled",
        "planner_tick: apps.planner.tasks.planner_ensure_scheduled",
    ],
    # which trashed content may be purged for good
    "apps.content.transitions.purge_filters": [
        "scheduling: apps.scheduling.services.content_purge_filter",
    ],
    # content review and lifecycle events: "name: event subscriber"
    "apps.content.transitions.subscribers": [
        "scheduling: content.deleted apps.scheduling.services.scheduled_posts_cancel_for_content",
    ],
    # run in the transaction that creates an organization
    "apps.organizations.creation.steps": [
        "free_subscription: apps.subscriptions.hooks.subscription_start_free",
    ],
    # organization and workspace deletion, in the declared order (not INSTALLED_APPS')
    "apps.organizations.deletion.hooks": [
        "scheduling: guard=apps.scheduling.hooks.deletion_guard purge=apps.scheduling.hooks.organization_purge"
        " purge_before=content",
        "subscriptions: guard=apps.subscriptions.hooks.deletion_guard",
        "content: purge=apps.content.hooks.organization_purge workspace_guard=apps.content.hooks.workspace_guard"
        " workspace_purge=apps.content.hooks.workspace_purge purge_before=media",
        "media: purge=apps.media.deletion.organization_purge workspace_purge=apps.media.deletion.workspace_purge",
    ],
    # "is this media used by a post still to go out?" (the library refuses to delete it)
    "apps.media.usage.in_use": [
        "scheduling: apps.scheduling.hooks.media_in_use",
    ],
    # the storage-used port (one provider): shown against the plan's storage limit
    "apps.subscriptions.storage_usage.provider": [
        "storage_used: apps.media.hooks.storage_used",
    ],
    # the plan-limits port (one provider)
    "apps.organizations.limits.provider": [
        "plan_limits: apps.subscriptions.hooks.plan_limits",
    ],
}


def test_registry_map_is_the_documented_wiring():
    assert registry_map() == REGISTRY_MAP


def test_every_registration_is_made_by_a_hooks_module():
    """One registration style: an app plugs into a lower app's registry from its own hooks.install()
    (the hook functions live where that app keeps them; the install() call is in hooks.py)."""
    import ast
    from pathlib import Path

    registering = {
        "register_job",
        "register_report",
        "subscribe",
        "install_provider",
        "register_created",
        "register",
        "register_purge_filter",
        "register_periodic_task",
    }
    root = Path(__file__).resolve().parent.parent / "apps"
    offenders = []
    for path in root.glob("*/apps.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
                if name in registering:
                    offenders.append(f"{path.parent.name}/apps.py: {name}()")
    # common registers its own housekeeping chain and job with its own registries (no lower app involved)
    assert sorted(offenders) == ["common/apps.py: register_job()", "common/apps.py: register_periodic_task()"]
