from typing import Literal

StripeWebhookOutputStatusEnum = Literal["ignored", "processed", "stale", "unmatched"]

STRIPE_WEBHOOK_OUTPUT_STATUS_ENUM_VALUES: set[StripeWebhookOutputStatusEnum] = {
    "ignored",
    "processed",
    "stale",
    "unmatched",
}


def check_stripe_webhook_output_status_enum(value: str) -> StripeWebhookOutputStatusEnum:
    if value in STRIPE_WEBHOOK_OUTPUT_STATUS_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {STRIPE_WEBHOOK_OUTPUT_STATUS_ENUM_VALUES!r}")
