"""What webhooks plug into the lower apps (installed by ``WebhooksConfig.ready()``): the events
subscriber that writes deliveries, the housekeeping job of the delivery log, and the periodic
delivery sweep."""

from apps.common.events import subscribe
from apps.common.housekeeping import register_job
from apps.common.tasks import register_periodic_task
from apps.webhooks.delivery import webhook_deliveries_housekeeping, webhooks_sweep_ensure_scheduled
from apps.webhooks.services import webhook_event_record


def install() -> None:
    subscribe("webhooks", webhook_event_record)
    register_job("webhook_deliveries_pruned", webhook_deliveries_housekeeping)
    register_periodic_task("webhooks_sweep", webhooks_sweep_ensure_scheduled)
