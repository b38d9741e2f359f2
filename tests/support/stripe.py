"""Test support for Stripe webhooks, importable by tests and by the tools in bench/ and scripts/.

Not used by the application: it signs a payload the way Stripe does, so that the webhook's real
signature check (``stripe.Webhook.construct_event``) accepts it. Standard library only, no Django.
"""

import hashlib
import hmac
import time


def stripe_signature(payload: bytes | str, *, secret: str, timestamp: int | None = None) -> str:
    """``Stripe-Signature`` header: ``t=<unix>,v1=HMAC-SHA256(secret, "<t>.<payload>")``."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    body = payload.encode() if isinstance(payload, str) else payload
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"
