"""Billing test helpers: URL names. The fake Stripe and the webhook signing live in ``tests.fakes.stripe``
(re-exported here for ``bench/tests``)."""

from django.urls import reverse

from tests.fakes.stripe import (
    PRICE_PRO,
    PRICE_TEAM,
    WEBHOOK_SECRET,
    WEBHOOK_URL,
    FakeStripe,
    invoice_object,
    make_event,
    post_webhook,
    sign,
    subscription_object,
)

__all__ = [
    "PRICE_PRO",
    "PRICE_TEAM",
    "WEBHOOK_SECRET",
    "WEBHOOK_URL",
    "FakeStripe",
    "invoice_object",
    "make_event",
    "post_webhook",
    "sign",
    "subscription_object",
    "url",
]


def url(name: str) -> str:
    return reverse(f"subscriptions:{name}")
