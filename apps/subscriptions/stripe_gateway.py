"""The only module that talks to Stripe, through the official SDK.

``STRIPE_SECRET_KEY`` configures the client; ``STRIPE_API_BASE`` points the SDK at another
Stripe-compatible server (stripe-mock, or the local fake of the tests). Every mutating call carries
an idempotency key chosen by the caller, so a retried request (by the SDK or by us) never creates a
second customer or session. Stripe errors leave as ``StripeUnavailable`` (502); nothing logged here
contains the secret key, a signature or a payload.
"""

import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import stripe
from django.conf import settings

from apps.common.parsers import MalformedJson, json_loads_strict
from apps.subscriptions.exceptions import (
    BillingNotConfigured,
    StripeUnavailable,
    WebhookPayloadInvalid,
    WebhookSignatureInvalid,
)

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 20
MAX_NETWORK_RETRIES = 2


def stripe_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def webhook_configured() -> bool:
    return bool(settings.STRIPE_WEBHOOK_SECRET)


@lru_cache(maxsize=4)
def _client(api_key: str, api_base: str) -> stripe.StripeClient:
    base_addresses = {"api": api_base.rstrip("/")} if api_base else None
    return stripe.StripeClient(
        api_key,
        base_addresses=base_addresses,
        max_network_retries=MAX_NETWORK_RETRIES,
        http_client=stripe.HTTPXClient(timeout=TIMEOUT_SECONDS, allow_sync_methods=True),
    )


def stripe_client() -> stripe.StripeClient:
    """The SDK client for the current settings; BillingNotConfigured (503) without a secret key."""
    if not stripe_configured():
        raise BillingNotConfigured()
    return _client(settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE)


def _upstream_error(exc: stripe.StripeError, *, operation: str) -> StripeUnavailable:
    # The SDK's messages never contain the key; we still log only the error's class and codes.
    logger.warning(
        "stripe call failed",
        extra={
            "operation": operation,
            "error_type": type(exc).__name__,
            "http_status": exc.http_status,
            "stripe_code": exc.code,
            "stripe_request_id": getattr(exc, "request_id", None),
        },
    )
    return StripeUnavailable()


def _required_str(obj: Any, name: str, *, operation: str) -> str:
    """A string field Stripe must have answered; a 2xx without it is an upstream failure (502), not a 500."""
    value = getattr(obj, name, None)
    if not isinstance(value, str) or not value:
        logger.warning("stripe answer without a required field", extra={"operation": operation, "field": name})
        raise StripeUnavailable()
    return value


def customer_create(*, organization_id: str, name: str, idempotency_key: str) -> str:
    """A Stripe Customer for the organization; returns its id."""
    client = stripe_client()
    try:
        customer = client.v1.customers.create(
            params={"name": name[:256], "metadata": {"organization_id": organization_id}},
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as exc:
        raise _upstream_error(exc, operation="customer_create") from exc
    return _required_str(customer, "id", operation="customer_create")


@dataclass(frozen=True)
class CheckoutSession:
    id: str
    url: str


def checkout_session_create(
    *,
    customer_id: str,
    price_id: str,
    organization_id: str,
    plan_slug: str,
    success_url: str,
    cancel_url: str,
    idempotency_key: str,
) -> CheckoutSession:
    """A hosted Checkout Session (mode=subscription) for one price. The organization travels as
    ``client_reference_id`` and in the metadata of the session and of the subscription it creates."""
    client = stripe_client()
    metadata = {"organization_id": organization_id, "plan": plan_slug}
    try:
        session = client.v1.checkout.sessions.create(
            params={
                "mode": "subscription",
                "customer": customer_id,
                "client_reference_id": organization_id,
                "line_items": [{"price": price_id, "quantity": 1}],
                "metadata": metadata,
                "subscription_data": {"metadata": metadata},
                "success_url": success_url,
                "cancel_url": cancel_url,
            },
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as exc:
        raise _upstream_error(exc, operation="checkout_session_create") from exc
    operation = "checkout_session_create"
    return CheckoutSession(
        id=_required_str(session, "id", operation=operation), url=_required_str(session, "url", operation=operation)
    )


def portal_session_create(*, customer_id: str, return_url: str, idempotency_key: str) -> str:
    """A customer-portal session (plan changes, payment methods, cancellation); returns its URL."""
    client = stripe_client()
    try:
        session = client.v1.billing_portal.sessions.create(
            params={"customer": customer_id, "return_url": return_url},
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as exc:
        raise _upstream_error(exc, operation="portal_session_create") from exc
    return _required_str(session, "url", operation="portal_session_create")


def webhook_event_verify(*, payload: bytes, signature_header: str | None) -> dict[str, Any]:
    """Verify the ``Stripe-Signature`` header with ``STRIPE_WEBHOOK_SECRET`` through the SDK
    (HMAC-SHA256 over ``t.payload``, timestamp within ``STRIPE_WEBHOOK_TOLERANCE`` seconds) and
    return the event as a plain dict. Raises WebhookSignatureInvalid / WebhookPayloadInvalid (400)."""
    if not webhook_configured():
        raise BillingNotConfigured("Stripe webhooks are not configured on this server.")
    if not signature_header:
        raise WebhookSignatureInvalid()
    try:
        # The signature only: the SDK's ``construct_event`` would also build its Event object out of
        # the body (about as costly as the verification), which we never use; the body is parsed below.
        stripe.WebhookSignature.verify_header(
            payload, signature_header, settings.STRIPE_WEBHOOK_SECRET, tolerance=settings.STRIPE_WEBHOOK_TOLERANCE
        )
    except stripe.SignatureVerificationError as exc:
        raise WebhookSignatureInvalid() from exc
    except ValueError as exc:  # not UTF-8
        raise WebhookPayloadInvalid() from exc
    # PostgreSQL's jsonb cannot hold U+0000: a (signed) body carrying one is malformed, not a 500.
    if b"\\u0000" in (payload if isinstance(payload, bytes) else payload.encode()):
        raise WebhookPayloadInvalid()
    # The SDK parsed it already; a plain dict is what we store and read, parsed as strictly as
    # every other body (depth, number length: a parser bomb is a 400, not a 500).
    try:
        event = json_loads_strict(payload)
    except MalformedJson as exc:
        raise WebhookPayloadInvalid() from exc
    if not isinstance(event, dict) or event.get("object") == "v2.core.event":  # a thin event: the SDK refuses it
        raise WebhookPayloadInvalid()
    return event
