"""A fake Stripe for the real SDK (pytest-httpserver) and Stripe-signed webhook deliveries, shared by the
billing tests and any suite that needs Stripe events."""

import json
import time
import uuid
from typing import Any
from urllib.parse import parse_qsl

from tests.support.stripe import stripe_signature

WEBHOOK_SECRET = "whsec_test_secret_0123456789"
PRICE_PRO = "price_pro_test"
PRICE_TEAM = "price_team_test"
WEBHOOK_URL = "/api/v1/subscriptions/webhook/"


class FakeStripe:
    """Canned Stripe answers; ``requests()`` gives what the SDK really sent."""

    def __init__(self, httpserver):
        self.server = httpserver
        self.customer_id = "cus_test_1"
        self.session_id = "cs_test_1"
        httpserver.expect_request("/v1/customers", method="POST").respond_with_json(
            {"id": self.customer_id, "object": "customer"}
        )
        httpserver.expect_request("/v1/checkout/sessions", method="POST").respond_with_json(
            {"id": self.session_id, "object": "checkout.session", "url": "https://checkout.stripe.test/c/cs_test_1"}
        )
        httpserver.expect_request("/v1/billing_portal/sessions", method="POST").respond_with_json(
            {"id": "bps_test_1", "object": "billing_portal.session", "url": "https://billing.stripe.test/p/bps_test_1"}
        )

    def requests(self, path: str | None = None) -> list[dict[str, Any]]:
        out = []
        for request, _response in self.server.log:
            if path is None or request.path == path:
                out.append(
                    {
                        "path": request.path,
                        "form": dict(parse_qsl(request.get_data(as_text=True))),
                        "headers": dict(request.headers),
                    }
                )
        return out


# ---------------------------------------------------------------------------
# Webhooks, signed with Stripe's real scheme
# ---------------------------------------------------------------------------


def sign(payload: bytes, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    return stripe_signature(payload, secret=secret, timestamp=timestamp)


def make_event(event_type: str, obj: dict[str, Any], *, created: int | None = None, event_id: str | None = None):
    return {
        "id": event_id or f"evt_{uuid.uuid4().hex[:24]}",
        "object": "event",
        "api_version": "2026-10-28.endive",
        "created": int(time.time()) if created is None else created,
        "livemode": False,
        "pending_webhooks": 1,
        "type": event_type,
        "data": {"object": obj},
    }


def subscription_object(
    *,
    sub_id: str = "sub_test_1",
    customer: str = "cus_test_1",
    status: str = "active",
    price: str = PRICE_PRO,
    period: tuple[int, int] | None = None,
    cancel_at_period_end: bool = False,
    metadata: dict | None = None,
) -> dict[str, Any]:
    start, end = period or (int(time.time()) - 3600, int(time.time()) + 30 * 86400)
    return {
        "id": sub_id,
        "object": "subscription",
        "customer": customer,
        "status": status,
        "cancel_at_period_end": cancel_at_period_end,
        "cancel_at": None,
        "metadata": metadata or {},
        "items": {
            "object": "list",
            "data": [
                {
                    "id": "si_1",
                    "object": "subscription_item",
                    "price": {"id": price, "object": "price"},
                    "current_period_start": start,
                    "current_period_end": end,
                }
            ],
        },
    }


def invoice_object(*, customer: str = "cus_test_1", sub_id: str = "sub_test_1") -> dict[str, Any]:
    return {
        "id": "in_test_1",
        "object": "invoice",
        "customer": customer,
        "parent": {"type": "subscription_details", "subscription_details": {"subscription": sub_id}},
    }


def post_webhook(client, body: bytes | dict, *, signature: str | None = "sign", **sign_kwargs):
    payload = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {}
    if signature == "sign":
        headers["HTTP_STRIPE_SIGNATURE"] = sign(payload, **sign_kwargs)
    elif signature is not None:
        headers["HTTP_STRIPE_SIGNATURE"] = signature
    return client.post(WEBHOOK_URL, data=payload, content_type="application/json", **headers)
