"""Domain errors of outgoing webhooks (the one handler turns them into the API error shape)."""

from apps.common.exceptions import Conflict, NotFound, ValidationFailed


class WebhookEndpointNotFound(NotFound):
    code = "not_found"
    default_message = "Webhook endpoint not found."


class WebhookDeliveryNotFound(NotFound):
    code = "not_found"
    default_message = "Webhook delivery not found."


class WebhookUrlRefused(ValidationFailed):
    code = "webhook_url_refused"
    default_message = "The webhook URL is refused: it must be https and its host must resolve only to public addresses."


class WebhookEndpointDisabled(Conflict):
    code = "webhook_endpoint_disabled"
    default_message = "The webhook endpoint is disabled; enable it (PATCH is_active=true) first."
