"""What webhooks plug into the lower apps (installed by ``WebhooksConfig.ready()``): the events
subscriber that writes deliveries, and the housekeeping job of the delivery log."""

from apps.common.events import subscribe
from apps.common.housekeeping import register_job
from apps.webhooks.delivery import webhook_deliveries_housekeeping
from apps.webhooks.services import webhook_event_record


def install() -> None:
    subscribe("webhooks", webhook_event_record)
    register_job("webhook_deliveries_pruned", webhook_deliveries_housekeeping)
